import type {Paths} from '../adapters/paths.js';
import type {Ports, SecretBackend, SettingsScope, SettingsSnapshot} from '../core/ports.js';
import {maskSecret, maskSecretsInText} from '../core/secrets/mask.js';
import {effectiveCredential} from '../core/setup/credentials.js';

/**
What `claude-setup status` reports, gathered read-only: settings files, the helper's config and one
keychain read (never a probe, which writes), and what the installed Claude Code says. This is also
the `--json` output; docs/status-json.md is its contract, so change it only with `schemaVersion`.
*/

export const statusSchemaVersion = 1;
export const claudeStatusTimeoutMs = 10_000;

const scopes: readonly SettingsScope[] = ['user', 'project', 'local'];

/** Variables that choose or carry a credential for Claude Code; reported by name, never by value. */
export const credentialVariables = [
	'CLAUDE_CODE_USE_BEDROCK',
	'CLAUDE_CODE_USE_VERTEX',
	'CLAUDE_CODE_USE_FOUNDRY',
	'ANTHROPIC_AUTH_TOKEN',
	'ANTHROPIC_API_KEY',
	'CLAUDE_CODE_OAUTH_TOKEN',
] as const;

export type MethodId = 'console-api-key' | 'api-key-helper' | 'api-key' | 'auth-token' | 'oauth-token' | 'cloud-provider' | 'login-or-none';

export type SourceJson = {kind: 'environment'} | {kind: 'settings'; scope: SettingsScope; path: string};

export type StatusReport = {
	schemaVersion: 1;
	configDir: string;
	method: {id: MethodId; variable: string | null; source: SourceJson | null; configuredByClaudeSetup: boolean};
	settings: Array<{
		scope: SettingsScope;
		path: string;
		exists: boolean;
		problem: string | null;
		apiKeyHelper: string | null;
		isClaudeSetupHelper: boolean;
		envCredentials: string[];
	}>;
	environment: {credentialVariables: string[]};
	helper: {
		command: string;
		directory: string;
		installed: boolean;
		secret: null | {
			backend: SecretBackend;
			location: string;
			service: string;
			account: string;
			state: 'present' | 'missing' | 'unreadable';
			hint: string | null;
			error: string | null;
		};
	};
	claudeCode:
		| {state: 'not-asked'}
		| {state: 'not-installed'}
		| {state: 'failed'; path: string; message: string}
		| {state: 'checked'; path: string; loggedIn: boolean | null; authMethod: string | null; apiProvider: string | null; apiKeySource: string | null};
};

/** Builds the report. Never throws for what it finds: a broken file or keychain is part of the answer. */
export async function gatherStatus(ports: Ports, paths: Paths, keychainLabel: string, options: {askClaude: boolean} = {askClaude: false}): Promise<StatusReport> {
	const [snapshots, helper, claudeCode] = await Promise.all([
		Promise.all(scopes.map(async scope => ports.settings.read(scope))),
		ports.helper.inspect(),
		// Starting Claude Code costs more than everything else here together, so it is asked only on request.
		options.askClaude ? askClaudeCode(ports) : Promise.resolve({state: 'not-asked' as const}),
	]);
	const credential = effectiveCredential(snapshots, ports.env);
	const isOurs = credential.kind === 'api-key-helper' && credential.command === helper.command;
	let secret: StatusReport['helper']['secret'] = null;
	if (helper.configured) {
		const {ref, backend} = helper.configured;
		const location = backend === 'file' ? ports.secrets.fileLocation() : keychainLabel;
		const found = await ports.secrets.get(ref, backend).then(
			value => ({value, error: undefined}),
			(error: unknown) => ({value: undefined, error: error instanceof Error ? error.message : String(error)}),
		);
		secret = {
			backend,
			location,
			service: ref.service,
			account: ref.account,
			state: found.error ? 'unreadable' : found.value ? 'present' : 'missing',
			hint: found.value ? maskSecret(found.value) : null,
			error: found.error ?? null,
		};
	}

	return {
		schemaVersion: statusSchemaVersion,
		configDir: paths.claudeConfigDir,
		method: {
			id: isOurs ? 'console-api-key' : credential.kind,
			variable: 'variable' in credential ? credential.variable : null,
			source: 'source' in credential ? credential.source : null,
			configuredByClaudeSetup: isOurs,
		},
		settings: snapshots.map(snapshot => settingsEntry(snapshot, helper.command)),
		environment: {credentialVariables: credentialVariables.filter(name => (ports.env[name] ?? '') !== '')},
		helper: {command: helper.command, directory: helper.directory, installed: helper.installed, secret},
		claudeCode,
	};
}

function settingsEntry(snapshot: SettingsSnapshot, ourCommand: string): StatusReport['settings'][number] {
	const helper = snapshot.data?.['apiKeyHelper'];
	const command = typeof helper === 'string' && helper.trim() !== '' ? helper : null;
	const envBlock = snapshot.data?.['env'];
	const envCredentials = typeof envBlock === 'object' && envBlock !== null ? credentialVariables.filter(name => Object.hasOwn(envBlock, name)) : [];
	return {
		scope: snapshot.scope,
		path: snapshot.path,
		exists: snapshot.exists,
		problem: snapshot.problem ? describeProblem(snapshot.problem) : null,
		// Someone else's helper may be a shell line with a key in it: masked like any settings text.
		apiKeyHelper: command === null ? null : maskSecretsInText(command),
		isClaudeSetupHelper: command !== null && command === ourCommand,
		envCredentials,
	};
}

function describeProblem(problem: NonNullable<SettingsSnapshot['problem']>): string {
	return 'line' in problem ? `not valid JSON (line ${problem.line}, column ${problem.column}: ${problem.message})` : problem.message;
}

/** The installed Claude Code's own answer; its exit code is 1 when nothing is configured, so only its JSON counts. */
async function askClaudeCode(ports: Ports): Promise<StatusReport['claudeCode']> {
	const claudePath = await ports.processes.which('claude');
	if (!claudePath) {
		return {state: 'not-installed'};
	}

	const result = await ports.processes.run(claudePath, ['auth', 'status'], {timeoutMs: claudeStatusTimeoutMs});
	if (result.timedOut) {
		return {state: 'failed', path: claudePath, message: `\`claude auth status\` did not answer within ${claudeStatusTimeoutMs / 1000} s.`};
	}

	try {
		const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
		const text = (name: string) => (typeof parsed[name] === 'string' ? (parsed[name] as string) : null);
		return {
			state: 'checked',
			path: claudePath,
			loggedIn: typeof parsed['loggedIn'] === 'boolean' ? parsed['loggedIn'] : null,
			authMethod: text('authMethod'),
			apiProvider: text('apiProvider'),
			apiKeySource: text('apiKeySource'),
		};
	} catch {
		const said = maskSecretsInText((result.failedToStart ?? (result.stderr.trim() || result.stdout.trim())).slice(0, 200));
		return {state: 'failed', path: claudePath, message: `\`claude auth status\` printed something unexpected: ${said || `exit code ${result.exitCode ?? 'none'}`}`};
	}
}
