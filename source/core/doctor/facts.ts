import {defaultAnthropicBaseUrl} from '../auth/console-key.js';
import type {Environment, SettingsSnapshot} from '../ports.js';
import {resolveApiKeyHelper, resolveVariable, type Credential, type Source} from '../setup/credentials.js';
import {scanShellExports, type ShellExport} from './shell-exports.js';
import type {DoctorFacts} from './types.js';

/**
Readings of the facts the checks share: the settings with the managed file in its place, which
helper Claude Code would run, the environment a new terminal would have, and where a value came from.
*/

/**
All settings, lowest precedence first, managed last. `effectiveCredential` knows only the three
file scopes, so the managed file rides as one more 'local' snapshot after the real one: the sort
there is stable, which makes it the highest. `isManaged` tells it apart again.
*/
export function allSnapshots(facts: DoctorFacts): SettingsSnapshot[] {
	const {managed} = facts;
	if (!managed.exists || !managed.data) {
		return facts.snapshots;
	}

	return [...facts.snapshots, {scope: 'local', path: managed.path, exists: true, text: managed.text, data: managed.data}];
}

export function isManaged(source: Source, facts: DoctorFacts): boolean {
	return source.kind === 'settings' && facts.managed.exists && source.path === facts.managed.path;
}

/**
The environment Claude Code gets when started from a new terminal: this process's, plus what the
start-up files export. A computed value (`$(…)`) counts as set, since it usually is.
*/
export function terminalEnvironment(facts: DoctorFacts): {env: Environment; fromFiles: Map<string, ShellExport>; computed: Set<string>} {
	const env: Record<string, string | undefined> = {...facts.env};
	const fromFiles = new Map<string, ShellExport>();
	const computed = new Set<string>();
	for (const found of scanShellExports(facts.shellFiles)) {
		if (facts.env[found.variable] === undefined) {
			env[found.variable] = found.value ?? '1';
			fromFiles.set(found.variable, found);
			if (found.value === undefined) {
				computed.add(found.variable);
			} else {
				computed.delete(found.variable);
			}
		}
	}

	return {env, fromFiles, computed};
}

export type ConfiguredHelper = {
	command: string;
	source: Source;
	/** The same command claude-setup installs. */
	isOurs: boolean;
	/** Whether the doctor may run it: never a command that came from this folder's project files. */
	isRunnable: boolean;
};

/**
The apiKeyHelper Claude Code would run. One from project or local settings is not run by the doctor
(Claude Code itself runs those only after the folder is trusted), unless it is claude-setup's own.
*/
export function configuredHelper(facts: DoctorFacts): ConfiguredHelper | undefined {
	const found = resolveApiKeyHelper(allSnapshots(facts));
	if (!found) {
		return undefined;
	}

	const isOurs = found.command.trim() === facts.helper.command;
	const fromProject = found.source.kind === 'settings' && !isManaged(found.source, facts) && found.source.scope !== 'user';
	return {...found, isOurs, isRunnable: isOurs || !fromProject};
}

/** ANTHROPIC_BASE_URL as Claude Code sees it (a settings `env` wins over the shell). */
export function anthropicBaseUrl(facts: DoctorFacts): string {
	const resolved = resolveVariable('ANTHROPIC_BASE_URL', allSnapshots(facts), facts.env)?.value.trim();
	return (resolved || defaultAnthropicBaseUrl).replace(/\/+$/, '');
}

/** "the environment", "line 3 of ~/.bashrc", "user settings (~/.claude/settings.json)", "managed settings (/etc/…)". */
export function describeSource(
	source: Source,
	facts: DoctorFacts,
	show: (target: string) => string,
	fromFile?: ShellExport,
): string {
	if (source.kind === 'environment') {
		return fromFile ? `line ${fromFile.line} of ${show(fromFile.file)}` : 'the environment of this shell';
	}

	if (isManaged(source, facts)) {
		return `managed settings (${show(source.path)})`;
	}

	return `${source.scope} settings (${show(source.path)})`;
}

/** A credential in the words `claude auth status` would use. */
export function describeCredential(credential: Credential): string {
	switch (credential.kind) {
		case 'cloud-provider': {
			return `a cloud provider (${credential.variable})`;
		}

		case 'auth-token': {
			return 'ANTHROPIC_AUTH_TOKEN';
		}

		case 'api-key': {
			return 'ANTHROPIC_API_KEY';
		}

		case 'api-key-helper': {
			return 'the apiKeyHelper';
		}

		case 'oauth-token': {
			return 'CLAUDE_CODE_OAUTH_TOKEN';
		}

		case 'login-or-none': {
			return 'the /login sign-in';
		}
	}
}
