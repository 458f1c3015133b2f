import path from 'node:path';
import type {
	InstallFailure,
	InstallMethod,
	InstallMethodId,
	PathFixPlan,
} from './types.js';
import {npmPackageName, npmPackageSpec} from './package.js';

// Split out so the wizard's install screen does not load the install rules; here for everyone else.
export {npmPackageName, npmPackageSpec} from './package.js';
export {classifyInstalls, uninstallCommand} from './several-installs.js';

/**
Installing Claude Code, as pure data and rules: which methods fit this machine and their exact
commands, what a failed install's output means, what to do about several installs, and how to put
the install folder on PATH. The adapter in `source/adapters/installer.ts` runs and inspects; this
file only decides, so every rule is testable without a network.
*/

/** Stands for the downloaded installer script's path in a method's arguments; the adapter replaces it. */
export const installerPlaceholder = '{installer}';

export const troubleshootingUrl = 'https://code.claude.com/docs/en/troubleshooting';

const posixInstallerUrl = 'https://claude.ai/install.sh';
const windowsInstallerUrl = 'https://claude.ai/install.ps1';
const signingKeyUrl = 'https://downloads.claude.ai/keys/claude-code.asc';
const repositoryBase = 'https://downloads.claude.ai/claude-code';

/** Anthropic's installer script for this platform (PowerShell on Windows, bash elsewhere). */
export function defaultInstallerUrl(platform: NodeJS.Platform): string {
	return platform === 'win32' ? windowsInstallerUrl : posixInstallerUrl;
}

/** What `installMethods` needs to know about the machine; the adapter gathers it. */
export type InstallMethodsContext = {
	platform: NodeJS.Platform;
	hasCurl: boolean;
	hasNpm: boolean;
	hasBrew: boolean;
	hasWinget: boolean;
	nodeMajor: number;
	/** The native installer script for this platform; see `defaultInstallerUrl`. */
	installerUrl: string;
};

/**
The ways to install Claude Code on this platform, recommended first, each with the exact command.
Methods that need root (apt, dnf, apk) are listed as commands to copy: the wizard never runs sudo.
*/
export function installMethods(context: InstallMethodsContext): InstallMethod[] {
	const {platform} = context;
	const methods: InstallMethod[] = [nativeMethod(context), ...(platform === 'win32' ? [wingetMethod(context)] : [homebrewMethod(context)]), npmMethod(context)];
	if (platform === 'linux') {
		methods.push(...linuxRepositoryMethods());
	}

	return methods;
}

function nativeMethod(context: InstallMethodsContext): InstallMethod {
	const url = context.installerUrl;
	const label = 'Native installer';
	const description =
		"Anthropic's own installer: needs no Node.js, puts `claude` in ~/.local/bin and keeps it up to date in the background.";
	if (context.platform === 'win32') {
		// Downloaded to a file and run with -File, rather than `irm … | iex`, so no command string is
		// ever assembled; the display keeps the documented one-liner people recognise.
		return {
			id: 'native',
			label,
			description,
			isAvailable: context.hasCurl,
			...(context.hasCurl
				? {}
				: {unavailableReason: `curl.exe was not found (it ships with Windows 10 1803 and later): run \`irm ${url} | iex\` in PowerShell yourself, or use WinGet`}),
			isRecommended: true,
			command: {
				steps: [
					{file: 'curl.exe', args: ['-fsSL', url, '-o', installerPlaceholder]},
					{file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', installerPlaceholder]},
				],
				display: `irm ${url} | iex`,
				installer: {url, fileName: 'install.ps1'},
			},
		};
	}

	// Two steps instead of `curl | bash`: the script is complete on disk before anything runs (a cut
	// download never runs half a script), and it can be checked for an HTML page first.
	return {
		id: 'native',
		label,
		description,
		isAvailable: context.hasCurl,
		...(context.hasCurl ? {} : {unavailableReason: 'curl is not installed: install it (for example `sudo apt-get install curl`), or pick another method'}),
		isRecommended: true,
		command: {
			steps: [
				{file: 'curl', args: ['-fsSL', url, '-o', installerPlaceholder]},
				{file: 'bash', args: [installerPlaceholder]},
			],
			display: `curl -fsSL ${url} | bash`,
			installer: {url, fileName: 'install.sh'},
		},
	};
}

function npmMethod(context: InstallMethodsContext): InstallMethod {
	const engineNote =
		context.nodeMajor < 22
			? ` Your Node.js ${context.nodeMajor} makes npm print an EBADENGINE warning: it is only a warning, because the package runs its own binary rather than Node.`
			: '';
	return {
		id: 'npm',
		label: 'npm',
		description:
			`Installs the npm package into npm's global folder, without sudo. It asks for @latest on purpose: without it, npm on Node.js older than 22 quietly installs 2.1.197, a months-old release.${engineNote}`,
		isAvailable: context.hasNpm,
		...(context.hasNpm ? {} : {unavailableReason: 'npm is not installed'}),
		command: {
			steps: [{file: 'npm', args: ['install', '-g', npmPackageSpec]}],
			display: `npm install -g ${npmPackageSpec}`,
		},
	};
}

function homebrewMethod(context: InstallMethodsContext): InstallMethod {
	return {
		id: 'homebrew',
		label: 'Homebrew',
		description: 'Tracks the stable channel (about a week behind the latest release) and updates with `brew upgrade`, not by itself.',
		isAvailable: context.hasBrew,
		...(context.hasBrew ? {} : {unavailableReason: 'Homebrew is not installed'}),
		command: {
			steps: [{file: 'brew', args: ['install', '--cask', 'claude-code']}],
			display: 'brew install --cask claude-code',
		},
	};
}

function wingetMethod(context: InstallMethodsContext): InstallMethod {
	return {
		id: 'winget',
		label: 'WinGet',
		description: 'Installs through the Windows package manager; update it with `winget upgrade Anthropic.ClaudeCode`.',
		isAvailable: context.hasWinget,
		...(context.hasWinget ? {} : {unavailableReason: 'WinGet is not installed'}),
		command: {
			// The agreements flags stop WinGet from waiting for a "Y" nobody can type (stdin is closed).
			steps: [{file: 'winget', args: ['install', '--exact', '--id', 'Anthropic.ClaudeCode', '--accept-source-agreements', '--accept-package-agreements']}],
			display: 'winget install Anthropic.ClaudeCode',
		},
	};
}

const rootOnly = 'needs administrator rights: run these commands yourself';

function linuxRepositoryMethods(): InstallMethod[] {
	const copyOnly = (id: InstallMethodId, label: string, description: string, display: string): InstallMethod => ({
		id,
		label,
		description,
		isAvailable: false,
		unavailableReason: rootOnly,
		command: {steps: [], display},
	});
	return [
		copyOnly(
			'apt',
			'apt (Debian, Ubuntu)',
			"Anthropic's signed apt repository, stable channel; updates come with `sudo apt upgrade`. Check the key first: `gpg --show-keys /etc/apt/keyrings/claude-code.asc` must show 31DD DE24 DDFA B679 F42D 7BD2 BAA9 29FF 1A7E CACE.",
			[
				'sudo install -d -m 0755 /etc/apt/keyrings',
				`sudo curl -fsSL ${signingKeyUrl} -o /etc/apt/keyrings/claude-code.asc`,
				`echo "deb [signed-by=/etc/apt/keyrings/claude-code.asc] ${repositoryBase}/apt/stable stable main" | sudo tee /etc/apt/sources.list.d/claude-code.list`,
				'sudo apt update',
				'sudo apt install claude-code',
			].join('\n'),
		),
		copyOnly(
			'dnf',
			'dnf (Fedora, RHEL)',
			"Anthropic's signed rpm repository, stable channel; dnf asks you to confirm the key's fingerprint (31DD DE24 DDFA B679 F42D 7BD2 BAA9 29FF 1A7E CACE) on first install.",
			[
				"sudo tee /etc/yum.repos.d/claude-code.repo <<'EOF'",
				'[claude-code]',
				'name=Claude Code',
				`baseurl=${repositoryBase}/rpm/stable`,
				'enabled=1',
				'gpgcheck=1',
				`gpgkey=${signingKeyUrl}`,
				'EOF',
				'sudo dnf install claude-code',
			].join('\n'),
		),
		copyOnly(
			'apk',
			'apk (Alpine)',
			"Anthropic's signed apk repository, stable channel. Run as root. Alpine also needs `apk add libgcc libstdc++ ripgrep` and USE_BUILTIN_RIPGREP=0.",
			[
				'wget -O /etc/apk/keys/claude-code.rsa.pub https://downloads.claude.ai/keys/claude-code.rsa.pub',
				`echo "${repositoryBase}/apk/stable" >> /etc/apk/repositories`,
				'apk add claude-code',
			].join('\n'),
		),
	];
}

// ---------------------------------------------------------------------------------------------
// Failures

type Rule = {
	reason: NonNullable<InstallFailure['reason']>;
	test: (text: string, exitCode: number | undefined) => boolean | RegExpMatchArray | null;
	/** May name a narrower `reason` than the rule's own. */
	diagnose: (method: InstallMethodId, match: RegExpMatchArray | undefined) => InstallFailure;
};

const npmUserPrefixFix =
	'Use the native installer instead (recommended), or give npm a folder you own: `npm config set prefix ~/.npm-global`, add ~/.npm-global/bin to PATH (`export PATH="$HOME/.npm-global/bin:$PATH"` in your shell start-up file), then install again. Never use sudo for npm installs.';

function networkFix(method: InstallMethodId): string {
	const hosts = method === 'npm' ? 'registry.npmjs.org' : method === 'native' ? 'claude.ai and downloads.claude.ai' : 'the package server';
	const npmProxy = method === 'npm' ? ' For npm you can also set `npm config set proxy http://proxy.example.com:8080` and `npm config set https-proxy http://proxy.example.com:8080`.' : '';
	return `Check your internet connection and that ${hosts} can be reached. Behind a company proxy, set it before running claude-setup, e.g. \`export HTTPS_PROXY=http://proxy.example.com:8080\`.${npmProxy} Then try again.`;
}

function tlsFix(method: InstallMethodId): string {
	if (method === 'npm') {
		return 'Get your company\'s root certificate (a .pem file) from IT, then `export NODE_EXTRA_CA_CERTS=/path/to/company-ca.pem` and `npm config set cafile /path/to/company-ca.pem`, and install again. Keep NODE_EXTRA_CA_CERTS set for Claude Code too. Do not turn certificate checks off.';
	}

	return `Get your company's root certificate (a .pem file) from IT and either add it to the system's trusted certificates, or download the installer with it: \`curl --cacert /path/to/company-ca.pem -fsSL ${posixInstallerUrl} | bash\`. Claude Code itself then needs \`export NODE_EXTRA_CA_CERTS=/path/to/company-ca.pem\`. Do not turn certificate checks off.`;
}

function alternativeTo(method: InstallMethodId): string {
	return method === 'native' ? 'Homebrew, WinGet or npm' : 'the native installer';
}

// Ordered from the most specific cause to the most generic, since one failure often prints several
// symptoms (a TLS error is also a failed connection; a killed npm also prints ERR lines).
const rules: Rule[] = [
	{
		reason: 'native-binary-missing',
		test: text => /claude native binary not installed/i.test(text),
		diagnose: () => ({
			cause: "npm installed only Claude Code's launcher, not its program: the platform package or its install script was skipped (--omit=optional, --ignore-scripts, the same settings in .npmrc, or an npm that blocks install scripts)",
			// npm 11.19 already warns that @anthropic-ai/claude-code's postinstall is "not yet covered by
			// allowScripts"; an npm that enforces it leaves exactly this stub.
			fix: `Check \`npm config get omit\` and \`npm config get ignore-scripts\`, remove those settings, then reinstall: \`npm uninstall -g ${npmPackageName} && npm install -g ${npmPackageSpec}\`. If npm said the package's install scripts are not covered by allowScripts, add \`--allow-scripts=${npmPackageName}\` to the install. Or use the native installer.`,
		}),
	},
	{
		reason: 'out-of-memory',
		test: (text, exitCode) => exitCode === 137 || /(?:^|\s)Killed(?:\s|$)/m.test(text),
		diagnose: () => ({
			cause: 'The install was stopped by the system because the machine ran out of memory (exit 137, "Killed")',
			fix: 'Close other programs or give the machine more memory; on a small server, add swap (for example `sudo fallocate -l 2G /swapfile && sudo chmod 600 /swapfile && sudo mkswap /swapfile && sudo swapon /swapfile`), then try again. Claude Code needs at least 4 GB of RAM.',
		}),
	},
	{
		reason: 'tls-proxy',
		test: text =>
			/SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to get local issuer certificate|self[- ]signed certificate|SSL certificate problem|curl: \(60\)/i.test(text),
		diagnose: method => ({
			cause: 'The secure connection was not trusted: something on your network (usually a TLS-inspecting company proxy such as Zscaler or Netskope) replaces the server certificate with its own',
			fix: tlsFix(method),
		}),
	},
	{
		reason: 'html-instead-of-script',
		test: text => /syntax error near unexpected token [`'‘]?<|downloaded installer is a web page|^\s*<(?:!doctype|html)\b/im.test(text),
		diagnose: method => ({
			cause: 'A web page came back instead of the installer script: a proxy, captive portal or firewall answered in its place, or Claude Code is not offered in your region',
			fix: `Open ${method === 'native' ? posixInstallerUrl : 'the address'} in a browser to see the page you get. Sign in to the network's portal or ask IT to allow claude.ai and downloads.claude.ai; or use ${alternativeTo(method)}. Claude Code is only available in supported countries.`,
		}),
	},
	{
		reason: 'region',
		test: text => /App unavailable in region|not available in your (?:country|region)/i.test(text),
		diagnose: () => ({
			cause: 'Claude Code is not available in the country this connection appears to come from',
			fix: 'Claude Code works only in Anthropic-supported countries; see https://www.anthropic.com/supported-countries. If you are in one, a VPN or proxy may be routing you elsewhere.',
		}),
	},
	{
		reason: 'network',
		test: text =>
			/Could not resolve (?:host|proxy)|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|socket hang up|Failed to connect to|Connection timed out|Operation timed out|Connection reset|Network is unreachable|curl: \((?:5|6|7|28|35|52|56)\)/i.test(text),
		diagnose: method => ({
			cause: 'The download could not reach the server: no connection, a DNS problem, or a proxy that is needed but not set',
			fix: networkFix(method),
		}),
	},
	{
		reason: 'http-error',
		test: text => text.match(/The requested URL returned error:\s*(\d{3})|npm (?:ERR!|error) code E(\d{3})\b/i),
		diagnose: (method, match) => {
			const status = Number(match?.[1] ?? match?.[2]);
			const what = method === 'native' ? 'The installer' : 'The package';
			if (status === 403) {
				return {
					cause: `${what} could not be downloaded: the server refused it (HTTP 403). A proxy or firewall is blocking it, or Claude Code is not offered in your region`,
					fix: `Ask IT to allow claude.ai, downloads.claude.ai and registry.npmjs.org, or try ${alternativeTo(method)}. Claude Code is only available in supported countries.`,
				};
			}

			if (status === 404) {
				return {
					cause: `${what} could not be downloaded: the address was not found (HTTP 404)`,
					fix: `Check that nothing (a proxy, a mirror, or a CLAUDE_SETUP_INSTALLER_URL/npm registry setting) redirects the download, then try again or use ${alternativeTo(method)}.`,
				};
			}

			if (status >= 500) {
				return {
					cause: `${what} could not be downloaded: the server had a problem (HTTP ${status})`,
					fix: `This is usually temporary: wait a few minutes and try again, or use ${alternativeTo(method)}.`,
				};
			}

			return {
				cause: `${what} could not be downloaded (HTTP ${Number.isNaN(status) ? 'error' : status})`,
				fix: `Try again; if it keeps failing, a proxy may be in the way: set HTTPS_PROXY, or use ${alternativeTo(method)}.`,
			};
		},
	},
	{
		reason: 'disk-full',
		test: text => /ENOSPC|No space left on device/i.test(text),
		diagnose: () => ({
			cause: 'The disk is full',
			fix: 'Free some space (Claude Code needs a few hundred MB in your home folder and the temp folder), then try again.',
		}),
	},
	{
		reason: 'npm-permissions',
		test: text => /\bEACCES\b|\bEPERM\b|permission denied/i.test(text),
		diagnose: method =>
			method === 'npm'
				? {
						cause: "npm may not write to its global folder (EACCES): it belongs to root, usually because Node.js was installed system-wide",
						fix: npmUserPrefixFix,
					}
				: {
						reason: 'permissions',
						cause: 'The installer was not allowed to write a file (permission denied): often ~/.local or ~/.claude belongs to root after an earlier install with sudo',
						fix: 'Make those folders yours again, e.g. `sudo chown -R "$USER" ~/.local ~/.claude`, then run the install again without sudo.',
					},
	},
	{
		reason: 'file-exists',
		test: text => /\bEEXIST\b/.test(text),
		diagnose: () => ({
			cause: 'npm found a `claude` file it did not create in its folder: another Claude Code install is in the way',
			fix: 'Remove the other install first (claude-setup lists what it found), or run `which -a claude` to see them, then install again.',
		}),
	},
	{
		reason: 'missing-tool',
		test: text => text.match(/(?:^|[\s:])([\w.+-]+): (?:command )?not found|could not start ([\w.+-]+)/im),
		diagnose: (method, match) => {
			const tool = match?.[1] ?? match?.[2] ?? 'a program';
			const name = tool.replace(/\.exe$/i, '');
			const install =
				name === 'curl' || name === 'bash'
					? `Install ${name} (\`sudo apt-get install ${name}\`, \`sudo dnf install ${name}\`, \`apk add ${name}\` or \`brew install ${name}\`)`
					: `Install ${name}`;
			return {
				cause: `The install needs ${name}, which is not installed or not on PATH`,
				fix: `${install}, then try again, or use ${alternativeTo(method)}.`,
			};
		},
	},
];

/**
Why an install failed, in plain words, with what to do next: read from the last lines of its output
and its exit code. An EBADENGINE warning is never the cause (npm installs anyway).
*/
export function diagnoseInstallFailure(method: InstallMethodId, tail: string[], exitCode: number | undefined): InstallFailure {
	const lines = tail.filter(line => !/EBADENGINE|Unsupported engine|required: \{|current: \{|package: '/i.test(line));
	const text = lines.join('\n');
	for (const rule of rules) {
		const result = rule.test(text, exitCode);
		if (result) {
			return {reason: rule.reason, ...rule.diagnose(method, typeof result === 'object' ? result : undefined)};
		}
	}

	const lastLine = [...lines].reverse().find(line => line.trim() !== '')?.trim();
	const status = exitCode === undefined ? 'The install failed' : `The install failed with exit code ${exitCode}`;
	const warned = tail.some(line => /EBADENGINE/.test(line)) ? ' (The EBADENGINE warning is only a warning and is not why it failed.)' : '';
	return {
		reason: 'unknown',
		cause: lastLine ? `${status}; its last message was: ${lastLine}` : `${status} without an error message`,
		fix: `Read the output shown above for the error.${warned} The troubleshooting guide lists common causes: ${troubleshootingUrl}. You can also try ${alternativeTo(method)}.`,
	};
}

// ---------------------------------------------------------------------------------------------
// PATH

/** What `planPathFix` needs; `existingRcText` is the current content of the file `pathFixTarget` names. */
export type PathFixContext = {
	/** The login shell, as in SHELL (`/bin/zsh`) or just its name. */
	shell?: string;
	home: string;
	/** The folder to put on PATH, e.g. ~/.local/bin. */
	binDirectory: string;
	platform: NodeJS.Platform;
	existingRcText?: string;
	rcFileExists: boolean;
};

type ShellName = 'zsh' | 'bash' | 'fish';

function shellName(shell: string | undefined): ShellName | undefined {
	const name = path.posix.basename((shell ?? '').trim().replaceAll('\\', '/'));
	return name === 'zsh' || name === 'bash' || name === 'fish' ? name : undefined;
}

/**
The start-up file `planPathFix` would edit for this shell, so a caller can read it first; undefined
when the change must be made by hand (Windows, other shells).
*/
export function pathFixTarget(context: {shell?: string; home: string; platform: NodeJS.Platform}): string | undefined {
	if (context.platform === 'win32') {
		return undefined;
	}

	switch (shellName(context.shell)) {
		case 'zsh': {
			return path.join(context.home, '.zshrc');
		}

		case 'bash': {
			// Terminal.app on macOS starts login shells, which read ~/.bash_profile and not ~/.bashrc.
			return path.join(context.home, context.platform === 'darwin' ? '.bash_profile' : '.bashrc');
		}

		case 'fish': {
			return path.join(context.home, '.config', 'fish', 'config.fish');
		}

		case undefined: {
			return undefined;
		}
	}
}

function underHome(directory: string, home: string): string | undefined {
	const relative = path.relative(home, directory);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined;
}

/** Quotes a folder for the inside of a POSIX double-quoted string, where $, `, " and \ are special. */
function escapeDoubleQuoted(value: string): string {
	return value.replaceAll(/[$`"\\]/g, character => `\\${character}`);
}

function pathLine(shell: ShellName, directory: string, home: string): string {
	const relative = underHome(directory, home);
	const spelled = relative === undefined ? escapeDoubleQuoted(directory) : `$HOME/${escapeDoubleQuoted(relative)}`;
	if (shell === 'fish') {
		// fish does not split variables on spaces, so only a literal path with odd characters needs quotes.
		return /^[\w$./+-]+$/.test(spelled) ? `fish_add_path ${spelled}` : `fish_add_path "${spelled}"`;
	}

	return `export PATH="${spelled}:$PATH"`;
}

function escapeRegExp(value: string): string {
	return value.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether an rc file's text already puts `directory` on PATH (in any of the usual spellings). */
export function rcAddsDirectory(text: string, directory: string, home: string): boolean {
	const relative = underHome(directory, home);
	const spellings = [directory, ...(relative === undefined ? [] : [`$HOME/${relative}`, `\${HOME}/${relative}`, `~/${relative}`])];
	const mentions = new RegExp(`(?:${spellings.map(spelling => escapeRegExp(spelling)).join('|')})/?(?![\\w.-])`);
	return text.split(/\r?\n/).some(raw => {
		const line = raw.trim();
		return !line.startsWith('#') && mentions.test(line) && /\bPATH\b|fish_add_path|fish_user_paths|\bpath\s*(?:\+=|=\()/.test(line);
	});
}

function displayHome(file: string, home: string): string {
	const relative = underHome(file, home);
	return relative === undefined ? file : `~/${relative}`;
}

/**
The one line to add to the shell's start-up file so `claude` is found, or instructions to do it by
hand where no file can be edited safely (Windows, shells other than zsh, bash and fish).
*/
export function planPathFix(context: PathFixContext): PathFixPlan | {manual: string} {
	const {home, binDirectory, platform} = context;
	if (platform === 'win32') {
		return {
			manual: `Add ${binDirectory} to your user PATH: open Settings, search for "environment variables", choose "Edit environment variables for your account", select Path, click Edit, then New, paste ${binDirectory}, and click OK. Or run this in PowerShell: [Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';${binDirectory}', 'User'). Then open a new terminal.`,
		};
	}

	const shell = shellName(context.shell);
	const file = pathFixTarget(context);
	if (shell === undefined || file === undefined) {
		const line = pathLine('bash', binDirectory, home);
		const named = context.shell ? `your shell (${path.posix.basename(context.shell)})` : 'your shell';
		return {
			manual: `Add this line to the start-up file of ${named}, for example ~/.profile:\n  ${line}\nThen open a new terminal.`,
		};
	}

	const shown = displayHome(file, home);
	return {
		file,
		line: pathLine(shell, binDirectory, home),
		reload: `source ${shown} (or open a new terminal)`,
		alreadyPresent: context.rcFileExists && rcAddsDirectory(context.existingRcText ?? '', binDirectory, home),
	};
}
