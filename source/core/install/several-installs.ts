import {npmPackageName} from './package.js';
import type {ExistingInstall, ExistingInstallKind} from './types.js';

/*
Several installs of Claude Code on one machine: which one runs, which are extra, and how to remove
one. Pure rules, with the install methods' (methods.ts) but in a module of their own: the wizard's
install screen needs these and not the rest.
*/

/** What to run to remove one install, or undefined when claude-setup cannot tell how it got there. */
export function uninstallCommand(install: ExistingInstall): string | undefined {
	const windows = /\.exe$/i.test(install.path) || install.path.includes('\\');
	switch (install.kind) {
		case 'native': {
			return windows
				? 'Remove-Item "$env:USERPROFILE\\.local\\bin\\claude.exe"; Remove-Item -Recurse "$env:USERPROFILE\\.local\\share\\claude"'
				: 'rm -f ~/.local/bin/claude && rm -rf ~/.local/share/claude';
		}

		case 'npm': {
			return `npm uninstall -g ${npmPackageName}`;
		}

		case 'homebrew': {
			return 'brew uninstall --cask claude-code';
		}

		case 'winget': {
			return 'winget uninstall Anthropic.ClaudeCode';
		}

		case 'legacy-local': {
			return windows ? 'Remove-Item -Recurse "$env:USERPROFILE\\.claude\\local"' : 'rm -rf ~/.claude/local';
		}

		case 'unknown': {
			return undefined;
		}
	}
}

const kindNames: Record<ExistingInstallKind, string> = {
	native: 'native installer',
	npm: 'npm',
	homebrew: 'Homebrew',
	winget: 'WinGet',
	'legacy-local': 'old local install',
	unknown: 'unknown origin',
};

function describeInstall(install: ExistingInstall): string {
	const details = [kindNames[install.kind], install.version, install.isOnPath ? 'the one `claude` runs' : undefined].filter(Boolean).join(', ');
	return `${install.path} (${details})`;
}

/**
Which install is in use and which are extra. More than one install is a warning: which runs depends
on PATH order, and an update may go to the one that does not run.
*/
export function classifyInstalls(installs: ExistingInstall[]): {primary?: ExistingInstall; duplicates: ExistingInstall[]; warning?: string; fix?: string} {
	const primary = installs.find(install => install.isOnPath) ?? installs[0];
	if (!primary) {
		return {duplicates: []};
	}

	const duplicates = installs.filter(install => install !== primary);
	if (duplicates.length === 0) {
		return {primary, duplicates};
	}

	// Keep the native install when there is one (it updates itself); otherwise the one in use.
	const keep = installs.find(install => install.kind === 'native') ?? primary;
	const remove = installs.filter(install => install !== keep);
	const commands = remove.map(install => {
		const command = uninstallCommand(install);
		return command ? `  ${command}` : `  Remove ${install.path} by hand (claude-setup cannot tell how it was installed).`;
	});
	const unique = [...new Set(commands)];
	const switching = keep === primary ? '' : ` After that, \`claude\` runs ${keep.path}; make sure its folder is on PATH.`;
	return {
		primary,
		duplicates,
		warning: `Claude Code is installed ${installs.length} times: ${installs.map(install => describeInstall(install)).join('; ')}. Which one runs depends on PATH order, and updates may go to the other one.`,
		fix: `Keep one (${describeInstall(keep)}) and remove the others:\n${unique.join('\n')}${switching ? `\n${switching.trim()}` : ''}`,
	};
}
