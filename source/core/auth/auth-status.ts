/**
Reads what `claude auth status` prints (JSON by default; `--text` is for people) and says it in one
line. Based on what claude 2.1.331 really prints, run with a throwaway HOME and no network:

- nothing set: `{"loggedIn": false, "authMethod": "none", "apiProvider": "firstParty", …}`, exit code 1
- a claude.ai login: `"authMethod": "claude.ai"` with `email`, `orgId`, `orgName`, `subscriptionType`
  ("pro", "max", "team", "enterprise"), `planTier`, `storedClaudeAiLogin`; `email`/`orgName` are null
  when Claude Code has no account profile cached
- a Console login: `"authMethod": "api_key"`, `"apiKeySource": "/login managed key"`, `email`, `orgName`
- `ANTHROPIC_API_KEY`: `"authMethod": "api_key"`, `"apiKeySource": "ANTHROPIC_API_KEY"`
- `apiKeyHelper`: `"authMethod": "api_key_helper"`, `"apiKeySource": "apiKeyHelper"`
- `CLAUDE_CODE_OAUTH_TOKEN` or `ANTHROPIC_AUTH_TOKEN`: `"authMethod": "oauth_token"` (the JSON does not
  say which; `--text` does)
- a cloud provider: `"authMethod": "third_party"` and `apiProvider` one of bedrock, vertex, foundry,
  anthropicAws, anthropicGoogleCloud, mantle (and "gateway" for a Cloud gateway sign-in)

Other keys (`analyticsDisabled`, `projectsDirectory`, `consoleProfileSignInOffered`, …) change from
release to release and are left out; a field of an unexpected type is treated as absent.
*/

export type AuthStatus = {
	loggedIn: boolean;
	/** none, api_key, api_key_helper, oauth_token, claude.ai, third_party; older or newer releases may say more. */
	authMethod?: string;
	/** firstParty, bedrock, vertex, foundry, anthropicAws, anthropicGoogleCloud, mantle, gateway, … */
	apiProvider?: string;
	/** ANTHROPIC_API_KEY, apiKeyHelper, or "/login managed key" for a key a Console login made. */
	apiKeySource?: string;
	email?: string;
	orgName?: string;
	orgId?: string;
	/** pro, max, team, enterprise (claude.ai logins only). */
	subscriptionType?: string;
	/** Set when settings pin the login kind: "claudeai" or "console". */
	forcedLoginMethod?: string;
};

/** Parses the JSON `claude auth status` printed; undefined when it is not a status at all. */
export function parseAuthStatus(stdout: string): AuthStatus | undefined {
	const data = parseObject(stdout);
	if (!data) {
		return undefined;
	}

	const authMethod = text(data['authMethod']);
	const loggedIn = typeof data['loggedIn'] === 'boolean' ? data['loggedIn'] : authMethod === undefined ? undefined : authMethod !== 'none';
	if (loggedIn === undefined) {
		return undefined;
	}

	const status: AuthStatus = {loggedIn};
	const fields: Array<[keyof Omit<AuthStatus, 'loggedIn'>, unknown]> = [
		['authMethod', authMethod],
		['apiProvider', data['apiProvider']],
		['apiKeySource', data['apiKeySource']],
		// Older releases and the `oauthAccount` block in ~/.claude.json use the long names.
		['email', data['email'] ?? data['emailAddress']],
		['orgName', data['orgName'] ?? data['organizationName']],
		['orgId', data['orgId'] ?? data['organizationUuid']],
		['subscriptionType', data['subscriptionType']],
		['forcedLoginMethod', data['forcedLoginMethod']],
	];
	for (const [key, value] of fields) {
		const kept = text(value);
		if (kept !== undefined) {
			status[key] = kept;
		}
	}

	return status;
}

/** The names `claude auth status --text` gives the providers (seen in 2.1.331). */
const providerNames: Readonly<Record<string, string>> = {
	bedrock: 'Amazon Bedrock',
	vertex: 'Google Vertex AI',
	foundry: 'Microsoft Foundry',
	anthropicAws: 'Claude Platform on AWS',
	anthropicGoogleCloud: 'Claude Platform on Google Cloud',
	mantle: 'Amazon Bedrock (Mantle)',
	gateway: 'a Cloud gateway',
};

export function providerName(apiProvider: string): string {
	return providerNames[apiProvider] ?? apiProvider;
}

/** One line for a person: "Logged in as ana@example.com (Acme, Team plan)", "Using Amazon Bedrock", "Not logged in". */
export function describeAuthStatus(status: AuthStatus): string {
	if (!status.loggedIn) {
		return 'Not logged in';
	}

	const provider = status.apiProvider;
	if (provider && provider !== 'firstParty') {
		const name = providerName(provider);
		return status.email ? `Using ${name} as ${status.email}` : `Using ${name}`;
	}

	switch (status.authMethod) {
		case 'claude.ai': {
			const details = [status.orgName, planName(status.subscriptionType)].filter(Boolean).join(', ');
			const who = status.email ? `Logged in as ${status.email}` : 'Logged in with a claude.ai account';
			return details ? `${who} (${details})` : who;
		}

		case 'console': {
			return consoleLogin(status);
		}

		case 'api_key': {
			if (status.apiKeySource === '/login managed key') {
				return consoleLogin(status);
			}

			return status.apiKeySource ? `Using an API key from ${status.apiKeySource}` : 'Using an API key';
		}

		case 'api_key_helper': {
			return 'Using an API key from apiKeyHelper';
		}

		case 'oauth_token': {
			return 'Using an auth token from CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_AUTH_TOKEN';
		}

		case undefined: {
			return 'Logged in';
		}

		default: {
			return `Logged in (${status.authMethod})`;
		}
	}
}

function consoleLogin(status: AuthStatus): string {
	const who = status.email ? `Logged in to the Claude Console as ${status.email}` : 'Logged in to the Claude Console';
	return status.orgName ? `${who} (${status.orgName})` : who;
}

function planName(subscriptionType: string | undefined): string | undefined {
	if (!subscriptionType) {
		return undefined;
	}

	return `${subscriptionType.charAt(0).toUpperCase()}${subscriptionType.slice(1)} plan`;
}

/**
The JSON object in `stdout`. A warning printed before it (or a stray line after it) must not hide the
status, so when the whole text does not parse, the outermost braces are tried.
*/
function parseObject(stdout: string): Record<string, unknown> | undefined {
	const candidates = [stdout.trim()];
	const start = stdout.indexOf('{');
	const end = stdout.lastIndexOf('}');
	if (start !== -1 && end > start) {
		candidates.push(stdout.slice(start, end + 1));
	}

	for (const candidate of candidates) {
		try {
			const value: unknown = JSON.parse(candidate);
			if (value && typeof value === 'object' && !Array.isArray(value)) {
				return value as Record<string, unknown>;
			}
		} catch {}
	}

	return undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
