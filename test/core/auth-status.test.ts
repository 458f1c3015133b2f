import {describe, expect, it} from 'vitest';
import {describeAuthStatus, parseAuthStatus, providerName} from '../../source/core/auth/auth-status.js';

/**
Fixtures: what `claude auth status` (claude 2.1.331, the pinned devDependency) really printed, run
with a throwaway HOME, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 and, for the logins, no network at
all (a fresh network namespace) and made-up credentials: `.credentials.json` with a `claudeAiOauth`
entry, `.claude.json` with an `oauthAccount` and, for the Console, a `primaryApiKey`. Only the temp
folder names were shortened.
*/
const real = {
	nothing: `{
  "loggedIn": false,
  "authMethod": "none",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.oACuUdlM1l/.claude/projects",
  "configDirectory": "/tmp/tmp.oACuUdlM1l/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true
}
`,
	claudeAiTeam: `{
  "loggedIn": true,
  "authMethod": "claude.ai",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.UDO1ljrTjM/.claude/projects",
  "configDirectory": "/tmp/tmp.UDO1ljrTjM/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true,
  "email": "ana@example.com",
  "orgId": "00000000-0000-4000-8000-000000000002",
  "orgName": "Acme",
  "subscriptionType": "team",
  "storedClaudeAiLogin": true,
  "planTier": "other"
}
`,
	claudeAiMaxWithoutProfile: `{
  "loggedIn": true,
  "authMethod": "claude.ai",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.G4w5ZK2Nrt/.claude/projects",
  "configDirectory": "/tmp/tmp.G4w5ZK2Nrt/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true,
  "email": null,
  "orgId": null,
  "orgName": null,
  "subscriptionType": "max",
  "storedClaudeAiLogin": true,
  "planTier": "max_20x"
}
`,
	consoleLogin: `{
  "loggedIn": true,
  "authMethod": "api_key",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.KGZ8B2wI7z/.claude/projects",
  "configDirectory": "/tmp/tmp.KGZ8B2wI7z/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true,
  "apiKeySource": "/login managed key",
  "email": "ana@example.com",
  "orgId": "00000000-0000-4000-8000-000000000003",
  "orgName": "Acme Console"
}
`,
	apiKeyEnv: `{
  "loggedIn": true,
  "authMethod": "api_key",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.5DakdZCotR/.claude/projects",
  "configDirectory": "/tmp/tmp.5DakdZCotR/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true,
  "apiKeySource": "ANTHROPIC_API_KEY"
}
`,
	apiKeyHelper: `{
  "loggedIn": true,
  "authMethod": "api_key_helper",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.9uGgvZEAX9/.claude/projects",
  "configDirectory": "/tmp/tmp.9uGgvZEAX9/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true,
  "apiKeySource": "apiKeyHelper"
}
`,
	// The same JSON for CLAUDE_CODE_OAUTH_TOKEN and for ANTHROPIC_AUTH_TOKEN.
	oauthToken: `{
  "loggedIn": true,
  "authMethod": "oauth_token",
  "apiProvider": "firstParty",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.rWa806Iegx/.claude/projects",
  "configDirectory": "/tmp/tmp.rWa806Iegx/.claude",
  "loginExpiresAt": null,
  "consoleProfileSignInOffered": true
}
`,
	bedrock: `{
  "loggedIn": true,
  "authMethod": "third_party",
  "apiProvider": "bedrock",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.XRO8oWojyU/.claude/projects",
  "configDirectory": "/tmp/tmp.XRO8oWojyU/.claude",
  "loginExpiresAt": null
}
`,
	vertex: `{
  "loggedIn": true,
  "authMethod": "third_party",
  "apiProvider": "vertex",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.5JiwLWEiAS/.claude/projects",
  "configDirectory": "/tmp/tmp.5JiwLWEiAS/.claude",
  "loginExpiresAt": null
}
`,
	foundry: `{
  "loggedIn": true,
  "authMethod": "third_party",
  "apiProvider": "foundry",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.iFlvQDdrLx/.claude/projects",
  "configDirectory": "/tmp/tmp.iFlvQDdrLx/.claude",
  "loginExpiresAt": null
}
`,
	anthropicAws: `{
  "loggedIn": true,
  "authMethod": "third_party",
  "apiProvider": "anthropicAws",
  "analyticsDisabled": true,
  "projectsDirectory": "/tmp/tmp.2TYCCAdntT/.claude/projects",
  "configDirectory": "/tmp/tmp.2TYCCAdntT/.claude",
  "loginExpiresAt": null
}
`,
};

describe('parseAuthStatus, on what claude 2.1.331 prints', () => {
	it('nothing configured: not logged in', () => {
		expect(parseAuthStatus(real.nothing)).toEqual({loggedIn: false, authMethod: 'none', apiProvider: 'firstParty'});
	});

	it('a claude.ai Team login: who, which organization, which plan', () => {
		expect(parseAuthStatus(real.claudeAiTeam)).toEqual({
			loggedIn: true,
			authMethod: 'claude.ai',
			apiProvider: 'firstParty',
			email: 'ana@example.com',
			orgId: '00000000-0000-4000-8000-000000000002',
			orgName: 'Acme',
			subscriptionType: 'team',
		});
	});

	it('a claude.ai login without a cached profile: the nulls are left out', () => {
		expect(parseAuthStatus(real.claudeAiMaxWithoutProfile)).toEqual({loggedIn: true, authMethod: 'claude.ai', apiProvider: 'firstParty', subscriptionType: 'max'});
	});

	it('a Console login is an API key Claude Code made itself', () => {
		expect(parseAuthStatus(real.consoleLogin)).toEqual({
			loggedIn: true,
			authMethod: 'api_key',
			apiProvider: 'firstParty',
			apiKeySource: '/login managed key',
			email: 'ana@example.com',
			orgId: '00000000-0000-4000-8000-000000000003',
			orgName: 'Acme Console',
		});
	});

	it.each([
		['apiKeyEnv', {loggedIn: true, authMethod: 'api_key', apiProvider: 'firstParty', apiKeySource: 'ANTHROPIC_API_KEY'}],
		['apiKeyHelper', {loggedIn: true, authMethod: 'api_key_helper', apiProvider: 'firstParty', apiKeySource: 'apiKeyHelper'}],
		['oauthToken', {loggedIn: true, authMethod: 'oauth_token', apiProvider: 'firstParty'}],
		['bedrock', {loggedIn: true, authMethod: 'third_party', apiProvider: 'bedrock'}],
		['vertex', {loggedIn: true, authMethod: 'third_party', apiProvider: 'vertex'}],
		['foundry', {loggedIn: true, authMethod: 'third_party', apiProvider: 'foundry'}],
		['anthropicAws', {loggedIn: true, authMethod: 'third_party', apiProvider: 'anthropicAws'}],
	] as const)('%s', (name, expected) => {
		expect(parseAuthStatus(real[name])).toEqual(expected);
	});

	it('keeps keys Claude Code adds or drops between releases out of the result', () => {
		const status = parseAuthStatus(real.claudeAiTeam)!;
		for (const key of ['analyticsDisabled', 'projectsDirectory', 'configDirectory', 'loginExpiresAt', 'consoleProfileSignInOffered', 'storedClaudeAiLogin', 'planTier']) {
			expect(status).not.toHaveProperty(key);
		}
	});
});

describe('parseAuthStatus, leniently', () => {
	it('accepts the long names of older releases (emailAddress, organizationName, organizationUuid)', () => {
		expect(parseAuthStatus('{"loggedIn":true,"authMethod":"claude.ai","emailAddress":"bo@example.com","organizationName":"Beta","organizationUuid":"u-1"}')).toEqual({
			loggedIn: true,
			authMethod: 'claude.ai',
			email: 'bo@example.com',
			orgName: 'Beta',
			orgId: 'u-1',
		});
	});

	it('finds the JSON after a warning line and before a trailing one', () => {
		const stdout = `Both ANTHROPIC_API_KEY and CLAUDE_CODE_OAUTH_TOKEN set · auth may not work as expected\n${real.apiKeyEnv}\n(done)\n`;
		expect(parseAuthStatus(stdout)?.authMethod).toBe('api_key');
	});

	it('takes loggedIn from authMethod when it is missing, and ignores fields of the wrong type', () => {
		expect(parseAuthStatus('{"authMethod":"none"}')).toEqual({loggedIn: false, authMethod: 'none'});
		expect(parseAuthStatus('{"authMethod":"oauth_token","email":42,"orgName":"","apiProvider":["x"]}')).toEqual({loggedIn: true, authMethod: 'oauth_token'});
	});

	it('keeps forcedLoginMethod, which settings can add', () => {
		expect(parseAuthStatus('{"loggedIn":false,"authMethod":"none","forcedLoginMethod":"claudeai"}')?.forcedLoginMethod).toBe('claudeai');
	});

	it.each([
		['empty output', ''],
		['the --text output', 'Not logged in. Run claude auth login to authenticate.\n'],
		['an array', '[1,2]'],
		['an object that is not a status', '{"error":"unknown command"}'],
		['broken JSON', '{"loggedIn": tru'],
	])('gives undefined for %s', (_name, stdout) => {
		expect(parseAuthStatus(stdout)).toBeUndefined();
	});
});

describe('describeAuthStatus', () => {
	const describeReal = (name: keyof typeof real) => describeAuthStatus(parseAuthStatus(real[name])!);

	it.each([
		['nothing', 'Not logged in'],
		['claudeAiTeam', 'Logged in as ana@example.com (Acme, Team plan)'],
		['claudeAiMaxWithoutProfile', 'Logged in with a claude.ai account (Max plan)'],
		['consoleLogin', 'Logged in to the Claude Console as ana@example.com (Acme Console)'],
		['apiKeyEnv', 'Using an API key from ANTHROPIC_API_KEY'],
		['apiKeyHelper', 'Using an API key from apiKeyHelper'],
		['oauthToken', 'Using an auth token from CLAUDE_CODE_OAUTH_TOKEN or ANTHROPIC_AUTH_TOKEN'],
		['bedrock', 'Using Amazon Bedrock'],
		['vertex', 'Using Google Vertex AI'],
		['foundry', 'Using Microsoft Foundry'],
		['anthropicAws', 'Using Claude Platform on AWS'],
	] as const)('%s: %s', (name, line) => {
		expect(describeReal(name)).toBe(line);
	});

	it('names every provider the way `claude auth status --text` does, and an unknown one as it is', () => {
		expect(providerName('mantle')).toBe('Amazon Bedrock (Mantle)');
		expect(providerName('anthropicGoogleCloud')).toBe('Claude Platform on Google Cloud');
		expect(providerName('somethingNew')).toBe('somethingNew');
		expect(describeAuthStatus({loggedIn: true, authMethod: 'third_party', apiProvider: 'somethingNew'})).toBe('Using somethingNew');
	});

	it('covers the shapes older or newer releases may print', () => {
		expect(describeAuthStatus({loggedIn: true, authMethod: 'console', email: 'ana@example.com'})).toBe('Logged in to the Claude Console as ana@example.com');
		expect(describeAuthStatus({loggedIn: true, authMethod: 'claude.ai', email: 'ana@example.com'})).toBe('Logged in as ana@example.com');
		expect(describeAuthStatus({loggedIn: true, authMethod: 'claude.ai', email: 'ana@example.com', subscriptionType: 'enterprise'})).toBe('Logged in as ana@example.com (Enterprise plan)');
		expect(describeAuthStatus({loggedIn: true, authMethod: 'workload_identity'})).toBe('Logged in (workload_identity)');
		expect(describeAuthStatus({loggedIn: true})).toBe('Logged in');
		expect(describeAuthStatus({loggedIn: true, apiProvider: 'gateway', email: 'ana@example.com'})).toBe('Using a Cloud gateway as ana@example.com');
	});
});
