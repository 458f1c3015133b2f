import {describe, expect, it} from 'vitest';
import {
	checkDeploymentName,
	foundryDefaultDeployments,
	interpretAzFailure,
	parseFoundryEndpoint,
} from '../../source/core/auth/foundry.js';

describe('parseFoundryEndpoint', () => {
	it.each([
		['my-foundry', 'my-foundry'],
		['  contoso-ai-01 \n', 'contoso-ai-01'],
		['ab', 'ab'],
		['A1', 'A1'],
		['x'.repeat(64), 'x'.repeat(64)],
	])('takes %j as a resource name', (input, resource) => {
		expect(parseFoundryEndpoint(input)).toEqual({kind: 'resource', resource, baseUrl: `https://${resource}.services.ai.azure.com/anthropic`});
	});

	it.each([
		['https://contoso.services.ai.azure.com/anthropic', 'https://contoso.services.ai.azure.com/anthropic'],
		['https://contoso.services.ai.azure.com/anthropic/', 'https://contoso.services.ai.azure.com/anthropic'],
		['https://contoso.services.ai.azure.com/anthropic//', 'https://contoso.services.ai.azure.com/anthropic'],
		['HTTPS://Contoso.Services.AI.Azure.com/anthropic', 'https://contoso.services.ai.azure.com/anthropic'],
		['https://gateway.example.com/foundry/anthropic', 'https://gateway.example.com/foundry/anthropic'],
		['https://gateway.example.com:8443/anthropic', 'https://gateway.example.com:8443/anthropic'],
		['http://127.0.0.1:4010/anthropic', 'http://127.0.0.1:4010/anthropic'],
		['http://localhost:4010/anthropic/', 'http://localhost:4010/anthropic'],
		['http://[::1]:4010/anthropic', 'http://[::1]:4010/anthropic'],
	])('takes %j as the base URL', (input, baseUrl) => {
		expect(parseFoundryEndpoint(input)).toEqual({kind: 'base-url', baseUrl});
	});

	it.each([
		['a bare Azure endpoint', 'https://contoso.services.ai.azure.com', /must end in \/anthropic/, 'https://contoso.services.ai.azure.com/anthropic'],
		['an Azure endpoint with a slash', 'https://contoso.services.ai.azure.com/', /must end in \/anthropic/, 'https://contoso.services.ai.azure.com/anthropic'],
		['an Azure endpoint with another path', 'https://contoso.services.ai.azure.com/models', /must end in \/anthropic/, 'https://contoso.services.ai.azure.com/anthropic'],
		['a gateway without the suffix', 'https://gateway.example.com/foundry', /must end in \/anthropic/, 'https://gateway.example.com/foundry/anthropic'],
		['the full request path', 'https://contoso.services.ai.azure.com/anthropic/v1/messages', /ends at \/anthropic/, 'https://contoso.services.ai.azure.com/anthropic'],
		['a query string', 'https://contoso.services.ai.azure.com/anthropic?api-version=2024-01-01', /no \?query/, 'https://contoso.services.ai.azure.com/anthropic'],
		['plain http off loopback', 'http://contoso.services.ai.azure.com/anthropic', /must use https/, 'https://contoso.services.ai.azure.com/anthropic'],
		['plain http off loopback, no suffix', 'http://contoso.services.ai.azure.com', /must use https/, 'https://contoso.services.ai.azure.com/anthropic'],
		['a host without scheme', 'contoso.services.ai.azure.com', /without https/, 'https://contoso.services.ai.azure.com/anthropic'],
		['a host and path without scheme', 'contoso.services.ai.azure.com/anthropic', /without https/, 'https://contoso.services.ai.azure.com/anthropic'],
	])('rejects %s, suggesting the fix', (_name, input, message, suggestion) => {
		const result = parseFoundryEndpoint(input);
		expect(result).toMatchObject({kind: 'problem', suggestion});
		expect(result.kind === 'problem' ? result.message : '').toMatch(message);
	});

	it.each([
		['empty', '  ', /Enter your Foundry resource/],
		['<resource>', '<resource>', /placeholder/],
		['your-resource', 'your-resource', /placeholder/],
		['YOUR_RESOURCE_NAME', 'YOUR_RESOURCE_NAME', /placeholder/],
		['your-resource-name', 'your-resource-name', /placeholder/],
		['a placeholder URL', 'https://<resource>.services.ai.azure.com/anthropic', /placeholder/],
		['a placeholder host', 'https://your-resource.services.ai.azure.com/anthropic', /placeholder/],
		['a shell variable', '$ANTHROPIC_FOUNDRY_RESOURCE', /placeholder/],
		['an underscore', 'contoso_ai', /letters, digits and hyphens/],
		['a space', 'contoso ai', /letters, digits and hyphens/],
		['a leading hyphen', '-contoso', /start or end with a hyphen/],
		['a trailing hyphen', 'contoso-', /start or end with a hyphen/],
		['one character', 'a', /2 to 64/],
		['65 characters', 'x'.repeat(65), /2 to 64/],
		['credentials in the URL', 'https://user:pw@contoso.services.ai.azure.com/anthropic', /credentials/],
		['ftp', 'ftp://contoso.services.ai.azure.com/anthropic', /must use https/],
		['a broken URL', 'https://', /not a valid URL/],
	])('rejects %s without a wrong suggestion', (_name, input, message) => {
		const result = parseFoundryEndpoint(input);
		expect(result.kind).toBe('problem');
		expect(result.kind === 'problem' ? result.message : '').toMatch(message);
		expect(result.kind === 'problem' ? result.suggestion : undefined).toBeUndefined();
	});
});

describe('checkDeploymentName', () => {
	it.each([['claude-sonnet-4-6'], ['claude_opus.4-6'], ['ab'], ['x'.repeat(64)], [' claude-haiku-4-5 ']])('accepts %j', name => {
		expect(checkDeploymentName(name)).toBeUndefined();
	});

	it.each([
		['', /Enter the deployment name/],
		['a', /2 to 64/],
		['x'.repeat(65), /2 to 64/],
		['claude sonnet', /letters, digits, hyphens, underscores and dots/],
		['claude/sonnet', /letters, digits, hyphens, underscores and dots/],
		['<deployment-name>', /placeholder/],
	])('rejects %j', (name, message) => {
		expect(checkDeploymentName(name)).toMatch(message);
	});
});

describe('foundryDefaultDeployments', () => {
	it('suggests one valid deployment per tier, pinned through its own variable', () => {
		expect(foundryDefaultDeployments.map(entry => [entry.tier, entry.variable, entry.deployment])).toEqual([
			['sonnet', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'claude-sonnet-4-6'],
			['opus', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'claude-opus-4-6'],
			['haiku', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', 'claude-haiku-4-5'],
		]);
		for (const entry of foundryDefaultDeployments) {
			expect(checkDeploymentName(entry.deployment)).toBeUndefined();
		}
	});
});

describe('interpretAzFailure', () => {
	it.each([
		['not logged in', "ERROR: Please run 'az login' to setup account.\n", /not logged in.*`az login`/],
		['expired refresh token', "ERROR: AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2025-01-01 and was inactive for 90.00:00:00.\nTrace ID: abc\nInteractive authentication is needed. Please run:\naz login", /expired.*`az login`/],
		['interaction required', 'ERROR: InteractionRequired: AADSTS50173: The provided grant has expired due to it being revoked', /expired.*`az login`/],
		['MFA', 'ERROR: AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication', /multi-factor.*`az login`/],
		['no subscription', "ERROR: No subscription found. Run 'az account set' to select a subscription.", /no subscription.*az login --tenant/],
		['no subscriptions after login', 'No subscriptions found for user@contoso.com.', /no subscription/],
		['empty', '', /without saying why/],
	])('%s', (_name, stderr, message) => {
		expect(interpretAzFailure(stderr)).toMatch(message);
	});

	it('quotes the first real line of anything else, blanking token-shaped text', () => {
		expect(interpretAzFailure('WARNING: something\nERROR: The command failed with an unexpected error.\ntrace')).toBe('az failed: The command failed with an unexpected error.');
		const jwt = ['eyJ0eXAiOiJKV1QifQ', 'eyJhdWQiOiJ4In0', 'sig'].join('.');
		expect(interpretAzFailure(`ERROR: bad ${jwt}`)).not.toContain(jwt);
	});
});
