import type {MethodConfiguration} from '../configuration.js';
import {checkSingleLineSecret, normalizePasted, type MethodSpec} from '../form.js';

/**
An LLM gateway (LiteLLM, Portkey, a company proxy) in front of the Anthropic API: ANTHROPIC_BASE_URL
plus a credential. The token goes through `apiKeyHelper` from the keychain by default (Claude Code
sends it both as `x-api-key` and as `Authorization: Bearer`); ANTHROPIC_AUTH_TOKEN in the settings
file is offered only as an explicit, plaintext choice.
*/
export const gatewaySpec: MethodSpec = {
	id: 'gateway',
	fields: [
		{
			id: 'url',
			kind: 'text',
			title: () => "Your gateway's URL (ANTHROPIC_BASE_URL)",
			help: () => [
				'The address Claude Code sends API requests to instead of https://api.anthropic.com, e.g. https://llm.example.com.',
				'Claude Code adds /v1/messages itself.',
			],
			normalize: value => normalizePasted(value).replace(/\/+$/, ''),
			check: value => checkGatewayUrl(value),
		},
		{
			id: 'credential',
			kind: 'select',
			title: () => 'How does the gateway know it is you?',
			options: () => [
				{value: 'helper', label: 'A token or key, kept in the keychain (recommended)', description: 'Claude Code gets it from claude-setup\'s helper and sends it as x-api-key and Authorization: Bearer.'},
				{value: 'auth-token', label: 'A token written into the settings file (ANTHROPIC_AUTH_TOKEN)', description: 'Plaintext in the settings file: only if your team asks for exactly this.'},
				{value: 'none', label: 'Nothing: the gateway signs requests itself', description: 'For gateways that authenticate by network or mTLS.'},
			],
			initial: () => 'helper',
		},
		{
			id: 'token',
			isPersonal: true,
			kind: 'secret',
			title: answers => (answers['credential'] === 'auth-token' ? 'Paste the gateway token (it will be stored in plaintext in settings)' : 'Paste the gateway token'),
			help: () => ['Your gateway administrator or its portal gives you this. It is never shown on screen.'],
			isAsked: answers => answers['credential'] !== 'none',
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?ANTHROPIC_(?:AUTH_TOKEN|API_KEY)\s*=\s*/, '').replace(/^Bearer\s+/i, ''),
			check: value => checkSingleLineSecret(value),
		},
	],
	configure: answers => gatewayConfiguration(answers['url'] ?? '', answers['credential'] ?? 'helper', answers['token'] ?? ''),
};

export function gatewayConfiguration(url: string, credential: string, token: string): MethodConfiguration {
	const base = {method: 'gateway' as const, settings: {}, shellSecrets: [], expectedProvider: 'firstParty' as const};
	if (credential === 'auth-token') {
		return {...base, env: {ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: token}, helperSettings: [], secrets: []};
	}

	if (credential === 'none') {
		return {...base, env: {ANTHROPIC_BASE_URL: url}, helperSettings: [], secrets: []};
	}

	return {
		...base,
		env: {ANTHROPIC_BASE_URL: url},
		helperSettings: [{key: 'apiKeyHelper', secret: 'api-key'}],
		secrets: [{purpose: 'api-key', value: token, label: 'gateway token'}],
	};
}

/** https, or plain http only on this machine (a local proxy); no path ending in /v1 (Claude Code adds it). */
export function checkGatewayUrl(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'That is not a URL. It should look like https://llm.example.com.';
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return 'The URL must start with https://.';
	}

	const isLocal = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
	if (url.protocol === 'http:' && !isLocal) {
		return 'Use https:// for a gateway on another machine: plain http would send your token unencrypted.';
	}

	if (/\/v1\/?$/.test(url.pathname)) {
		return `Leave out the trailing /v1: Claude Code adds /v1/messages itself. Use ${value.replace(/\/v1\/?$/, '')}.`;
	}

	if (url.username || url.password) {
		return 'Put the credential in the next question, not in the URL.';
	}

	return undefined;
}
