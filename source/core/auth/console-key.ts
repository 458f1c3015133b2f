import type {MethodConfiguration} from './configuration.js';
import type {HttpResponse, SecretRef} from '../ports.js';

/**
Rules for the Claude Console API-key method: how a pasted key is cleaned and checked, how the
validation answer is read, and where the key is kept.
*/

export const defaultAnthropicBaseUrl = 'https://api.anthropic.com';
export const anthropicVersion = '2023-06-01';
export const keyCheckTimeoutMs = 10_000;

/** The keychain service claude-setup stores its secrets under. */
export const secretService = 'claude-setup';

/**
One entry per Claude config directory, so two setups (`CLAUDE_CONFIG_DIR=~/.claude-work`) never share
or overwrite each other's key. The suffix is a short stable hash computed by the caller.
*/
export function consoleKeyRef(configDirectoryHash: string): SecretRef {
	return {service: secretService, account: `anthropic-api-key-${configDirectoryHash}`};
}

/**
Pastes arrive with trailing newlines, spaces, quotes, or as a whole `export ANTHROPIC_API_KEY=…`
line copied from a README. Keep only the key.
*/
export function normalizePastedKey(raw: string): string {
	let text = raw.replaceAll(/[\r\n]/g, '').trim();
	const assignment = /^(?:export\s+)?ANTHROPIC_API_KEY\s*=\s*(.*)$/.exec(text);
	if (assignment) {
		text = (assignment[1] ?? '').trim();
	}

	const quoted = /^(["'])(.*)\1$/.exec(text);
	if (quoted) {
		text = (quoted[2] ?? '').trim();
	}

	return text;
}

export type KeyFormatProblem = 'empty' | 'admin-key' | 'oauth-token' | 'not-an-api-key' | 'bad-characters';

export function checkKeyFormat(key: string): KeyFormatProblem | undefined {
	if (key.length === 0) {
		return 'empty';
	}

	if (key.startsWith('sk-ant-admin')) {
		return 'admin-key';
	}

	if (key.startsWith('sk-ant-oat')) {
		return 'oauth-token';
	}

	if (!/^[\u0021-\u007E]+$/.test(key)) {
		return 'bad-characters';
	}

	if (!/^sk-ant-api\d{2}-[\w-]{20,}$/.test(key)) {
		return 'not-an-api-key';
	}

	return undefined;
}

export type KeyCheckOutcome =
	| {kind: 'valid'}
	| {kind: 'rejected'; status: number}
	| {kind: 'forbidden'; status: number}
	| {kind: 'service-error'; status: number}
	| {kind: 'network-error'; message: string};

export function modelsUrl(baseUrl: string | undefined): string {
	const base = (baseUrl?.trim() || defaultAnthropicBaseUrl).replace(/\/+$/, '');
	return `${base}/v1/models`;
}

export function keyCheckHeaders(key: string): Record<string, string> {
	return {'x-api-key': key, 'anthropic-version': anthropicVersion};
}

export function interpretKeyCheck(response: HttpResponse): KeyCheckOutcome {
	if (response.status >= 200 && response.status < 300) {
		return {kind: 'valid'};
	}

	if (response.status === 401) {
		return {kind: 'rejected', status: response.status};
	}

	if (response.status === 403) {
		return {kind: 'forbidden', status: response.status};
	}

	return {kind: 'service-error', status: response.status};
}

/** Only a definite "no" from Anthropic stops the user; anything else they may keep the key through. */
export function canKeepKeyAnyway(outcome: KeyCheckOutcome): boolean {
	return outcome.kind !== 'valid' && outcome.kind !== 'rejected';
}

/** The Console API key as a method configuration: the key in the keychain, served by the helper. */
export function consoleKeyConfiguration(key: string): MethodConfiguration {
	return {
		method: 'console-api-key',
		env: {},
		settings: {},
		helperSettings: [{key: 'apiKeyHelper', secret: 'api-key'}],
		secrets: [{purpose: 'api-key', value: key, label: 'API key'}],
		shellSecrets: [],
		expectedProvider: 'firstParty',
	};
}
