import type {MethodConfiguration} from '../configuration.js';
import {checkSingleLineSecret, normalizePasted, type Answers, type MethodSpec} from '../form.js';
import {checkDeploymentName, foundryDefaultDeployments, parseFoundryEndpoint} from '../foundry.js';

/**
Microsoft Foundry: the resource (or its /anthropic base URL), Microsoft Entra ID through `az login`
(nothing stored) or an API key (kept in the keychain; the `claude` shell function hands it over as
ANTHROPIC_FOUNDRY_API_KEY, since Claude Code reads it from nowhere else). Foundry has no model
discovery, so each tier is pinned to a deployment name.
*/
export function foundryEndpointVariables(value: string): Record<string, string> {
	const endpoint = parseFoundryEndpoint(value);
	if (endpoint.kind === 'resource') {
		return {ANTHROPIC_FOUNDRY_RESOURCE: endpoint.resource};
	}

	return endpoint.kind === 'base-url' ? {ANTHROPIC_FOUNDRY_BASE_URL: endpoint.baseUrl} : {};
}

export function foundryBaseUrl(value: string): string | undefined {
	const endpoint = parseFoundryEndpoint(value);
	return endpoint.kind === 'problem' ? undefined : endpoint.baseUrl;
}

export const foundrySpec: MethodSpec = {
	id: 'foundry',
	fields: [
		{
			id: 'endpoint',
			kind: 'text',
			title: () => 'Foundry resource name, or its base URL',
			help: () => ['From the Azure portal: the resource name (my-resource), or the endpoint https://my-resource.services.ai.azure.com/anthropic.'],
			normalize: value => normalizePasted(value),
			check: value => {
				const endpoint = parseFoundryEndpoint(value);
				return endpoint.kind === 'problem' ? [endpoint.message, endpoint.suggestion ? `Try: ${endpoint.suggestion}` : ''].filter(Boolean).join(' ') : undefined;
			},
		},
		{
			id: 'auth',
			kind: 'select',
			title: () => 'How should Claude Code sign in to Foundry?',
			options: () => [
				{value: 'entra', label: 'Microsoft Entra ID with az login (recommended)', description: 'Nothing secret is stored; Claude Code uses your Azure CLI login.'},
				{value: 'api-key', label: 'An API key from "Keys and Endpoint"', description: 'Kept in your keychain; a `claude` shell function hands it over as ANTHROPIC_FOUNDRY_API_KEY.'},
			],
			initial: () => 'entra',
		},
		{
			id: 'apiKey',
			isPersonal: true,
			kind: 'secret',
			title: () => 'Foundry API key',
			isAsked: answers => answers['auth'] === 'api-key',
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?ANTHROPIC_FOUNDRY_API_KEY\s*=\s*/, ''),
			check: value => checkSingleLineSecret(value),
		},
		...foundryDefaultDeployments.map(suggestion => ({
			id: suggestion.tier,
			kind: 'text' as const,
			title: () => `Deployment name for ${suggestion.tier[0]!.toUpperCase()}${suggestion.tier.slice(1)} (${suggestion.variable})`,
			help: () => ['Foundry cannot list models for Claude Code, so each one is pinned to the name of a deployment in your resource.'],
			initial: () => suggestion.deployment,
			normalize: (value: string) => normalizePasted(value),
			check: (value: string) => checkDeploymentName(value),
		})),
	],
	configure: answers => foundryConfiguration(answers),
	terminalActions(_answers, discovery, checks) {
		const failed = checks.some(check => check.id === 'entra' && check.outcome === 'fail');
		return failed && discovery['azInstalled'] === true ? [{id: 'az-login', label: 'Run az login', file: 'az', args: ['login']}] : [];
	},
};

export function foundryConfiguration(answers: Answers): MethodConfiguration {
	const env: Record<string, string> = {CLAUDE_CODE_USE_FOUNDRY: '1', ...foundryEndpointVariables(answers['endpoint'] ?? '')};
	for (const suggestion of foundryDefaultDeployments) {
		const value = answers[suggestion.tier];
		if (value) {
			env[suggestion.variable] = value;
		}
	}

	const base = {method: 'foundry' as const, env, settings: {}, helperSettings: [], expectedProvider: 'foundry' as const};
	return answers['auth'] === 'api-key'
		? {
			...base,
			secrets: [{purpose: 'foundry-api-key', value: answers['apiKey'] ?? '', label: 'Foundry API key'}],
			shellSecrets: [{variable: 'ANTHROPIC_FOUNDRY_API_KEY', secret: 'foundry-api-key'}],
		}
		: {...base, secrets: [], shellSecrets: []};
}
