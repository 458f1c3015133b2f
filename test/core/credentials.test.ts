import {describe, expect, it} from 'vitest';
import {effectiveCredential, overridesOfApiKeyHelper, resolveVariable} from '../../source/core/setup/credentials.js';
import {snapshot} from '../helpers/snapshots.js';

const none = [snapshot('user', undefined), snapshot('project', undefined), snapshot('local', undefined)];

describe('effectiveCredential follows Claude Code precedence', () => {
	it.each([
		['nothing', none, {}, 'login-or-none'],
		['a helper in user settings', [snapshot('user', {apiKeyHelper: 'h'})], {}, 'api-key-helper'],
		['an exported API key over a helper', [snapshot('user', {apiKeyHelper: 'h'})], {ANTHROPIC_API_KEY: 'k'}, 'api-key'],
		['an auth token over an API key', none, {ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't'}, 'auth-token'],
		['Bedrock over everything', none, {ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_USE_BEDROCK: '1'}, 'cloud-provider'],
		['CLAUDE_CODE_USE_BEDROCK=0 is off', none, {CLAUDE_CODE_USE_BEDROCK: '0'}, 'login-or-none'],
		['a helper over an OAuth token', [snapshot('user', {apiKeyHelper: 'h'})], {CLAUDE_CODE_OAUTH_TOKEN: 'o'}, 'api-key-helper'],
		['settings env "" cancels a shell export', [snapshot('user', {apiKeyHelper: 'h', env: {ANTHROPIC_API_KEY: ''}})], {ANTHROPIC_API_KEY: 'k'}, 'api-key-helper'],
	] as const)('%s', (_name, snapshots, env, kind) => {
		expect(effectiveCredential(snapshots, env).kind).toBe(kind);
	});
});

describe('resolveVariable', () => {
	it('lets local beat project beat user beat the shell', () => {
		const snapshots = [snapshot('local', {env: {X: 'local'}}), snapshot('user', {env: {X: 'user'}}), snapshot('project', {env: {X: 'project'}})];
		expect(resolveVariable('X', snapshots, {X: 'shell'})).toMatchObject({value: 'local', source: {kind: 'settings', scope: 'local'}});
		expect(resolveVariable('X', snapshots.slice(1), {X: 'shell'})).toMatchObject({value: 'project'});
		expect(resolveVariable('X', [], {X: 'shell'})).toMatchObject({value: 'shell', source: {kind: 'environment'}});
	});
});

describe('overridesOfApiKeyHelper', () => {
	it('names an exported key and a helper in a higher scope', () => {
		const snapshots = [snapshot('user', {apiKeyHelper: 'ours'}), snapshot('local', {apiKeyHelper: 'theirs'})];
		const found = overridesOfApiKeyHelper('user', snapshots, {ANTHROPIC_API_KEY: 'k'});
		expect(found.map(credential => credential.kind)).toEqual(['api-key', 'api-key-helper']);
	});

	it('finds nothing when only lower scopes have helpers', () => {
		const snapshots = [snapshot('user', {apiKeyHelper: 'old'}), snapshot('local', {apiKeyHelper: 'ours'})];
		expect(overridesOfApiKeyHelper('local', snapshots, {})).toEqual([]);
	});
});
