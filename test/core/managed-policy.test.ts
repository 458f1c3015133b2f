import {describe, expect, it} from 'vitest';
import {authMethods, type AuthMethodId} from '../../source/core/auth/methods.js';
import {managedPolicy} from '../../source/core/team/managed.js';
import {orgUuid} from '../helpers/team-presets.js';

const everyMethod = authMethods.map(method => method.id);

function without(...methods: AuthMethodId[]): AuthMethodId[] {
	return everyMethod.filter(method => !methods.includes(method));
}

describe('managedPolicy', () => {
	it.each([
		['no managed settings', undefined],
		['an empty file', {}],
		['only unrelated settings', {permissions: {deny: ['Bash(rm:*)']}, cleanupPeriodDays: 30}],
		['a provider switched off', {env: {CLAUDE_CODE_USE_BEDROCK: '0', CLAUDE_CODE_USE_VERTEX: 'false', CLAUDE_CODE_USE_FOUNDRY: ''}}],
		['an env that is not an object', {env: 'CLAUDE_CODE_USE_BEDROCK=1'}],
		['an env that is an array', {env: ['CLAUDE_CODE_USE_BEDROCK']}],
	])('%s: every method is offered', (_name, data) => {
		expect(managedPolicy(data as Record<string, unknown> | undefined).allowed).toEqual(everyMethod);
	});

	it('nothing at all: nothing is shown as enforced', () => {
		expect(managedPolicy(undefined)).toEqual({enforced: [], allowed: everyMethod});
	});

	it.each([
		['CLAUDE_CODE_USE_BEDROCK', 'bedrock'],
		['CLAUDE_CODE_USE_VERTEX', 'vertex'],
		['CLAUDE_CODE_USE_FOUNDRY', 'foundry'],
	] as const)('env %s=1 restricts the choice to that provider', (variable, method) => {
		const policy = managedPolicy({env: {[variable]: '1'}});
		expect(policy.allowed).toEqual([method]);
		expect(policy.enforced).toContain(`env ${variable}=1`);
	});

	it.each(['true', 'TRUE', 'yes', '1'])('a provider switched on with %j counts as on', value => {
		expect(managedPolicy({env: {CLAUDE_CODE_USE_VERTEX: value}}).allowed).toEqual(['vertex']);
	});

	it('env ANTHROPIC_BASE_URL restricts the choice to a gateway', () => {
		expect(managedPolicy({env: {ANTHROPIC_BASE_URL: 'https://llm.example.com'}}).allowed).toEqual(['gateway']);
	});

	it('a provider wins over a base URL (Claude Code uses the provider)', () => {
		expect(managedPolicy({env: {ANTHROPIC_BASE_URL: 'https://llm.example.com', CLAUDE_CODE_USE_BEDROCK: '1'}}).allowed).toEqual(['bedrock']);
	});

	it('forceLoginMethod claudeai hides the Console methods', () => {
		const policy = managedPolicy({forceLoginMethod: 'claudeai'});
		expect(policy.allowed).toEqual(without('console-api-key', 'console-login'));
		expect(policy.enforced).toEqual(['forceLoginMethod: claudeai']);
	});

	it('forceLoginMethod console hides claude.ai', () => {
		expect(managedPolicy({forceLoginMethod: 'console'}).allowed).toEqual(without('claude-ai'));
	});

	it('forceLoginOrgUUID hides the Console API key and the gateway', () => {
		const policy = managedPolicy({forceLoginOrgUUID: orgUuid});
		expect(policy.allowed).toEqual(without('console-api-key', 'gateway'));
		expect(policy.enforced).toEqual([`forceLoginOrgUUID: "${orgUuid}"`]);
	});

	it('forceLoginMethod claudeai with an organization: claude.ai and the cloud providers are left', () => {
		expect(managedPolicy({forceLoginMethod: 'claudeai', forceLoginOrgUUID: orgUuid}).allowed).toEqual(['claude-ai', 'bedrock', 'vertex', 'foundry']);
	});

	it('an apiKeyHelper is shown as enforced without restricting the choice', () => {
		const policy = managedPolicy({apiKeyHelper: '/usr/local/bin/corp-key'});
		expect(policy.allowed).toEqual(everyMethod);
		expect(policy.enforced).toEqual(['apiKeyHelper (set by your administrator)']);
	});

	it('secret-looking env values are never shown', () => {
		const token = ['corp', 'gateway', 'token', 'value', '0123456789'].join('-');
		const policy = managedPolicy({env: {ANTHROPIC_AUTH_TOKEN: token, CORP_API_KEY: token, CLIENT_SECRET: token, HTTPS_PROXY: 'http://proxy:8080'}});
		expect(policy.enforced.join('\n')).not.toContain(token);
		expect(policy.enforced).toContain('env HTTPS_PROXY=http://proxy:8080');
	});

	it.each(['PROXY_PASSWORD', 'GPG_PASSPHRASE', 'AWS_CREDENTIALS', 'corp_api_key'])('the value of %s is never shown either (the same names the rest of claude-setup masks)', name => {
		const value = ['hunter2', 'not', 'real', '0123456789'].join('-');
		expect(managedPolicy({env: {[name]: value}}).enforced.join('\n')).not.toContain(value);
	});

	it('an unknown forceLoginMethod restricts nothing but is shown', () => {
		const policy = managedPolicy({forceLoginMethod: 'gateway'});
		expect(policy.allowed).toEqual(everyMethod);
		expect(policy.enforced).toEqual(['forceLoginMethod: gateway']);
	});
});
