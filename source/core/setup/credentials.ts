import type {Environment, SettingsScope, SettingsSnapshot} from '../ports.js';

/**
Which credential Claude Code will actually use, by its documented precedence: a cloud provider,
then ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY, apiKeyHelper, CLAUDE_CODE_OAUTH_TOKEN, then the login.
A settings file's `env` beats the same variable exported in the shell, and a later scope beats an
earlier one (user < project < local).
*/

export const scopePrecedence: readonly SettingsScope[] = ['user', 'project', 'local'];

export type Source = {kind: 'environment'} | {kind: 'settings'; scope: SettingsScope; path: string};

export type Credential =
	| {kind: 'cloud-provider'; variable: string; source: Source}
	| {kind: 'auth-token'; variable: 'ANTHROPIC_AUTH_TOKEN'; source: Source}
	| {kind: 'api-key'; variable: 'ANTHROPIC_API_KEY'; source: Source}
	| {kind: 'api-key-helper'; command: string; source: Source}
	| {kind: 'oauth-token'; variable: 'CLAUDE_CODE_OAUTH_TOKEN'; source: Source}
	| {kind: 'login-or-none'};

const cloudProviderVariables = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'] as const;

type Resolved = {value: string; source: Source};

/** The value a variable has inside Claude Code: the last settings scope that sets it, else the shell. */
export function resolveVariable(name: string, snapshots: readonly SettingsSnapshot[], env: Environment): Resolved | undefined {
	let resolved: Resolved | undefined = env[name] === undefined ? undefined : {value: env[name] ?? '', source: {kind: 'environment'}};
	for (const snapshot of orderByPrecedence(snapshots)) {
		const envBlock = snapshot.data?.['env'];
		if (typeof envBlock === 'object' && envBlock !== null && name in envBlock) {
			const value = (envBlock as Record<string, unknown>)[name];
			resolved = {value: typeof value === 'string' ? value : String(value), source: settingsSource(snapshot)};
		}
	}

	return resolved;
}

export function resolveApiKeyHelper(snapshots: readonly SettingsSnapshot[]): {command: string; source: Source} | undefined {
	let found: {command: string; source: Source} | undefined;
	for (const snapshot of orderByPrecedence(snapshots)) {
		const command = snapshot.data?.['apiKeyHelper'];
		if (typeof command === 'string' && command.trim() !== '') {
			found = {command, source: settingsSource(snapshot)};
		}
	}

	return found;
}

function isTruthy(value: string): boolean {
	return value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function effectiveCredential(snapshots: readonly SettingsSnapshot[], env: Environment): Credential {
	for (const variable of cloudProviderVariables) {
		const resolved = resolveVariable(variable, snapshots, env);
		if (resolved && isTruthy(resolved.value)) {
			return {kind: 'cloud-provider', variable, source: resolved.source};
		}
	}

	const authToken = resolveVariable('ANTHROPIC_AUTH_TOKEN', snapshots, env);
	if (authToken && authToken.value !== '') {
		return {kind: 'auth-token', variable: 'ANTHROPIC_AUTH_TOKEN', source: authToken.source};
	}

	const apiKey = resolveVariable('ANTHROPIC_API_KEY', snapshots, env);
	if (apiKey && apiKey.value !== '') {
		return {kind: 'api-key', variable: 'ANTHROPIC_API_KEY', source: apiKey.source};
	}

	const helper = resolveApiKeyHelper(snapshots);
	if (helper) {
		return {kind: 'api-key-helper', ...helper};
	}

	const oauthToken = resolveVariable('CLAUDE_CODE_OAUTH_TOKEN', snapshots, env);
	if (oauthToken && oauthToken.value !== '') {
		return {kind: 'oauth-token', variable: 'CLAUDE_CODE_OAUTH_TOKEN', source: oauthToken.source};
	}

	return {kind: 'login-or-none'};
}

/**
What would stop Claude Code from using an `apiKeyHelper` written to `targetScope`: credentials that
outrank a helper, and a different helper in a scope that outranks the target.
*/
export function overridesOfApiKeyHelper(
	targetScope: SettingsScope,
	snapshots: readonly SettingsSnapshot[],
	env: Environment,
): Credential[] {
	const found: Credential[] = [];
	for (const variable of cloudProviderVariables) {
		const resolved = resolveVariable(variable, snapshots, env);
		if (resolved && isTruthy(resolved.value)) {
			found.push({kind: 'cloud-provider', variable, source: resolved.source});
		}
	}

	const authToken = resolveVariable('ANTHROPIC_AUTH_TOKEN', snapshots, env);
	if (authToken && authToken.value !== '') {
		found.push({kind: 'auth-token', variable: 'ANTHROPIC_AUTH_TOKEN', source: authToken.source});
	}

	const apiKey = resolveVariable('ANTHROPIC_API_KEY', snapshots, env);
	if (apiKey && apiKey.value !== '') {
		found.push({kind: 'api-key', variable: 'ANTHROPIC_API_KEY', source: apiKey.source});
	}

	const targetRank = scopePrecedence.indexOf(targetScope);
	const higherHelper = resolveApiKeyHelper(snapshots.filter(snapshot => scopePrecedence.indexOf(snapshot.scope) > targetRank));
	if (higherHelper) {
		found.push({kind: 'api-key-helper', ...higherHelper});
	}

	return found;
}

function orderByPrecedence(snapshots: readonly SettingsSnapshot[]): SettingsSnapshot[] {
	return [...snapshots].sort((a, b) => scopePrecedence.indexOf(a.scope) - scopePrecedence.indexOf(b.scope));
}

function settingsSource(snapshot: SettingsSnapshot): Source {
	return {kind: 'settings', scope: snapshot.scope, path: snapshot.path};
}
