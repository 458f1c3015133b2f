/**
Rules for the Microsoft Foundry method: turning what the user pasted (a resource name, a portal URL)
into `ANTHROPIC_FOUNDRY_RESOURCE` or `ANTHROPIC_FOUNDRY_BASE_URL`, checking deployment names, and
reading a failing `az`. Pure: the az adapter does the running.
*/

export type FoundryEndpoint =
	| {kind: 'resource'; resource: string; baseUrl: string}
	| {kind: 'base-url'; baseUrl: string}
	| {kind: 'problem'; message: string; suggestion?: string};

export const azLoginCommand = 'az login';

const azureHostSuffix = '.services.ai.azure.com';
// Azure resource names (the custom subdomain of the endpoint): letters, digits and hyphens.
const resourceNamePattern = /^[a-z\d][a-z\d-]{0,62}[a-z\d]$/i;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
Docs and READMEs show `<resource>` or `your-resource`; left in, Claude Code retries connection errors
for a long time instead of failing (known from GH#11937), so they are caught here.
*/
function isPlaceholder(text: string): boolean {
	return /[<>{}]|\$\{?[a-z_]/i.test(text)
		|| /(?:^|[^a-z])(?:your|my)[-_ ]?(?:azure[-_ ]?|foundry[-_ ]?|ai[-_ ]?)*resource(?:[-_ ]?name)?(?:$|[^a-z])/i.test(text)
		|| /^(?:resource[-_ ]?name|resource|example|x{3,4})$/i.test(text);
}

function resourceBaseUrl(resource: string): string {
	return `https://${resource}${azureHostSuffix}/anthropic`;
}

/**
Reads a Foundry resource name or endpoint URL. A URL must end in `/anthropic` (without it every
request is a 404, GH anthropics/claude-agent-sdk-python#382); a trailing slash is dropped. Plain http
is accepted only on loopback, for local gateways and tests.
*/
export function parseFoundryEndpoint(input: string): FoundryEndpoint {
	const text = input.trim();
	if (text.length === 0) {
		return {kind: 'problem', message: 'Enter your Foundry resource name or its endpoint URL.'};
	}

	if (isPlaceholder(text)) {
		return {kind: 'problem', message: 'That is still a placeholder from the docs. Use the name of your own Foundry resource, as shown in the Azure portal.'};
	}

	if (/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
		return parseEndpointUrl(text);
	}

	if (text.includes('.') || text.includes('/')) {
		// A host or URL pasted without its scheme.
		const asUrl = parseEndpointUrl(`https://${text}`);
		const suggestion = asUrl.kind === 'base-url' ? asUrl.baseUrl : asUrl.kind === 'problem' ? asUrl.suggestion : undefined;
		return {kind: 'problem', message: 'That looks like an address without https://. Enter either the resource name alone or the full endpoint URL.', ...(suggestion ? {suggestion} : {})};
	}

	if (!resourceNamePattern.test(text)) {
		return {kind: 'problem', message: resourceNameProblem(text)};
	}

	return {kind: 'resource', resource: text, baseUrl: resourceBaseUrl(text)};
}

function resourceNameProblem(name: string): string {
	if (name.length < 2 || name.length > 64) {
		return 'A Foundry resource name is 2 to 64 characters long.';
	}

	if (name.startsWith('-') || name.endsWith('-')) {
		return 'A Foundry resource name cannot start or end with a hyphen.';
	}

	return 'A Foundry resource name uses only letters, digits and hyphens.';
}

function parseEndpointUrl(text: string): FoundryEndpoint {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {kind: 'problem', message: 'That is not a valid URL.'};
	}

	const isLoopback = loopbackHosts.has(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
		const asHttps = url.protocol === 'http:' ? parseEndpointUrl(`https://${url.host}${url.pathname}${url.search}${url.hash}`) : undefined;
		const fixed = asHttps?.kind === 'base-url' ? asHttps.baseUrl : asHttps?.kind === 'problem' ? asHttps.suggestion : undefined;
		return {kind: 'problem', message: 'The endpoint must use https:// (plain http is only accepted for a local gateway on 127.0.0.1).', ...(fixed ? {suggestion: fixed} : {})};
	}

	if (url.username || url.password) {
		return {kind: 'problem', message: 'Leave credentials out of the URL; the key is asked for separately.'};
	}

	if (isPlaceholder(url.hostname.split('.')[0] ?? '')) {
		return {kind: 'problem', message: 'That URL still has a placeholder where your resource name goes. Use the name of your own Foundry resource.'};
	}

	const path = url.pathname.replace(/\/+$/, '');
	const origin = `${url.protocol}//${url.host}`;
	const isAzure = url.hostname.endsWith(azureHostSuffix);
	// The portal's "Target URI" and copied curl lines carry the request path; the base URL stops before it.
	const anthropicAt = path.search(/\/anthropic(?:\/|$)/);
	const fixedPath = anthropicAt === -1 ? undefined : path.slice(0, anthropicAt) + '/anthropic';

	if (url.search || url.hash) {
		return {kind: 'problem', message: 'The endpoint URL takes no ?query or #fragment.', suggestion: `${origin}${fixedPath ?? path}`};
	}

	if (path.endsWith('/anthropic')) {
		return {kind: 'base-url', baseUrl: `${origin}${path}`};
	}

	if (fixedPath) {
		return {kind: 'problem', message: 'The base URL ends at /anthropic; Claude Code adds the rest (/v1/messages) itself.', suggestion: `${origin}${fixedPath}`};
	}

	return {
		kind: 'problem',
		message: 'The endpoint URL must end in /anthropic; without it every request fails with 404.',
		suggestion: isAzure ? `${origin}/anthropic` : `${origin}${path}/anthropic`,
	};
}

/** Checks an Azure deployment name: 2 to 64 letters, digits, `-`, `_` or `.`. */
export function checkDeploymentName(name: string): string | undefined {
	const value = name.trim();
	if (value.length === 0) {
		return 'Enter the deployment name from the Foundry portal (Deployments).';
	}

	if (isPlaceholder(value)) {
		return 'That is still a placeholder. Use the name of a deployment you created in the Foundry portal.';
	}

	if (value.length < 2 || value.length > 64) {
		return 'A deployment name is 2 to 64 characters long.';
	}

	return /^[\w.-]+$/.test(value) ? undefined : 'A deployment name uses only letters, digits, hyphens, underscores and dots.';
}

export type FoundryDeploymentSuggestion = {
	tier: 'opus' | 'sonnet' | 'haiku';
	/** The variable Claude Code reads the pinned deployment from. */
	variable: 'ANTHROPIC_DEFAULT_OPUS_MODEL' | 'ANTHROPIC_DEFAULT_SONNET_MODEL' | 'ANTHROPIC_DEFAULT_HAIKU_MODEL';
	deployment: string;
};

/**
What to pre-fill for each tier. Foundry has no model discovery and Claude Code does no model check
at startup, so each tier must be pinned to a deployment that exists; unpinned, Claude Code asks for
names of its own choosing (Opus → claude-opus-4-6, Sonnet → claude-sonnet-4-5 in 2.1.331), which fail
unless a deployment happens to be called that. Foundry's portal names a deployment after its model
by default, hence these suggestions; the user must confirm them against their own deployments.
*/
export const foundryDefaultDeployments: readonly FoundryDeploymentSuggestion[] = [
	{tier: 'sonnet', variable: 'ANTHROPIC_DEFAULT_SONNET_MODEL', deployment: 'claude-sonnet-4-6'},
	{tier: 'opus', variable: 'ANTHROPIC_DEFAULT_OPUS_MODEL', deployment: 'claude-opus-4-6'},
	{tier: 'haiku', variable: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', deployment: 'claude-haiku-4-5'},
];

/** What a failing `az` means, and the command that fixes it. */
export function interpretAzFailure(stderr: string): string {
	const text = stderr.trim();
	if (text.length === 0) {
		return 'az failed without saying why. Run it yourself to see the error.';
	}

	if (/AADSTS700082|AADSTS700084|AADSTS70043|AADSTS50173|refresh token (?:has )?expired|token (?:has )?expired|InteractionRequired/i.test(text)) {
		return `Your Azure login has expired. Run \`${azLoginCommand}\` to log in again.`;
	}

	if (/AADSTS50076|AADSTS50079|multi-factor|\bMFA\b/i.test(text)) {
		return `Your organisation asks for multi-factor authentication again. Run \`${azLoginCommand}\`.`;
	}

	if (/no subscriptions? (?:was |were )?found|az account set|--allow-no-subscriptions/i.test(text)) {
		return 'Your Azure login has no subscription here. Ask for access to the subscription that holds your Foundry resource, or log in to its tenant with `az login --tenant TENANT_ID`.';
	}

	if (/please run ['"`]?az login|az login|not logged in/i.test(text)) {
		return `You are not logged in to Azure. Run \`${azLoginCommand}\`.`;
	}

	return `az failed: ${firstMeaningfulLine(text)}`;
}

function firstMeaningfulLine(text: string): string {
	const line = text.split(/\r?\n/).map(part => part.trim()).find(part => part.length > 0 && !/^WARNING:/i.test(part)) ?? '';
	const cleaned = line
		.replace(/^ERROR:\s*/i, '')
		.replaceAll(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted]')
		.replaceAll(/[\w-]{40,}/g, '[redacted]');
	return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}
