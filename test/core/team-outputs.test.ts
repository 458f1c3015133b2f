import {describe, expect, it} from 'vitest';
import type {AuthMethodId} from '../../source/core/auth/methods.js';
import {isOwnedEnvKey} from '../../source/core/auth/configuration.js';
import {managedPolicy} from '../../source/core/team/managed.js';
import {managedSettingsLocations, instructionsText, managedSettingsText, teamFileNames, teamFiles, teamSettings} from '../../source/core/team/outputs.js';
import {parsePreset, presetSchemaVersion, type Preset} from '../../source/core/team/preset.js';
import {presetFromAdminAnswers} from '../../source/core/wizard/method-steps.js';
import {allMethodIds, orgUuid, validPresets} from '../helpers/team-presets.js';

/** Variables only one person's answers can give: never in what is enforced for everyone. */
const personalVariables = ['AWS_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_FOUNDRY_API_KEY'];

function envOf(settings: Record<string, unknown>): Record<string, string> {
	return (settings['env'] ?? {}) as Record<string, string>;
}

describe('teamSettings and managedSettingsText, per method', () => {
	it.each([
		['gateway', {ANTHROPIC_BASE_URL: 'https://llm.example.com', HTTPS_PROXY: 'http://proxy.example.com:8080'}, undefined],
		[
			'bedrock',
			{
				CLAUDE_CODE_USE_BEDROCK: '1',
				AWS_REGION: 'eu-west-1',
				ANTHROPIC_MODEL: validPresets.bedrock.answers['model'],
				ANTHROPIC_DEFAULT_HAIKU_MODEL: validPresets.bedrock.answers['smallModel'],
				HTTPS_PROXY: 'http://proxy.example.com:8080',
				NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem',
			},
			undefined,
		],
		[
			'vertex',
			{
				CLAUDE_CODE_USE_VERTEX: '1',
				CLOUD_ML_REGION: 'global',
				ANTHROPIC_VERTEX_PROJECT_ID: 'acme-claude-prod',
				ANTHROPIC_MODEL: 'claude-sonnet-4-6',
				ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5@20251001',
				HTTPS_PROXY: 'http://proxy.example.com:8080',
				NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem',
			},
			undefined,
		],
		[
			'foundry',
			{
				CLAUDE_CODE_USE_FOUNDRY: '1',
				ANTHROPIC_FOUNDRY_RESOURCE: 'acme-ai',
				ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-6',
				ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-4-6',
				ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
				HTTPS_PROXY: 'http://proxy.example.com:8080',
				NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem',
			},
			undefined,
		],
		['claude-ai', {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'}, 'claudeai'],
		['console-login', {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'}, 'console'],
		['console-api-key', {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'}, 'console'],
	] as const)('%s', (method, env, forceLoginMethod) => {
		const preset = validPresets[method];
		const settings = teamSettings(preset);
		expect(envOf(settings)).toEqual(env);
		expect(settings['forceLoginMethod']).toBe(forceLoginMethod);
		expect(settings['forceLoginOrgUUID']).toBe(preset.orgUuid);
		// Nothing else: no helper, no credential export, nothing of this machine.
		expect(Object.keys(settings).filter(key => !['env', 'forceLoginMethod', 'forceLoginOrgUUID'].includes(key))).toEqual([]);

		const text = managedSettingsText(preset);
		expect(text.endsWith('\n')).toBe(true);
		expect(JSON.parse(text)).toEqual(settings);
	});

	it('claude-ai with an organization: forceLoginMethod claudeai and forceLoginOrgUUID', () => {
		expect(teamSettings(validPresets['claude-ai'])).toMatchObject({forceLoginMethod: 'claudeai', forceLoginOrgUUID: orgUuid});
		const {orgUuid: _none, ...unlocked} = validPresets['claude-ai'];
		expect(teamSettings(unlocked)).not.toHaveProperty('forceLoginOrgUUID');
	});

	it('a method without team env and a preset without env writes no env block', () => {
		const settings = teamSettings({schemaVersion: presetSchemaVersion, method: 'claude-ai', answers: {}, env: {}});
		expect(settings).toEqual({forceLoginMethod: 'claudeai'});
	});

	describe('no personal variable, whatever the answers', () => {
		const personalAnswers: Array<[AuthMethodId, Record<string, string>]> = [
			['gateway', {url: 'https://llm.example.com', credential: 'auth-token'}],
			['gateway', {url: 'https://llm.example.com', credential: 'none'}],
			['bedrock', {region: 'us-east-1'}],
			['foundry', {endpoint: 'acme-ai', auth: 'api-key'}],
			['claude-ai', {how: 'email', lock: 'no'}],
		];
		it.each(personalAnswers)('%s %j', (method, answers) => {
			const preset: Preset = {schemaVersion: presetSchemaVersion, method, answers, env: {}};
			const env = envOf(teamSettings(preset));
			for (const name of personalVariables) {
				expect(env).not.toHaveProperty(name);
			}

			// No empty values either: an empty ANTHROPIC_AUTH_TOKEN in managed settings would win over each person's.
			expect(Object.values(env).filter(value => value === '')).toEqual([]);
		});
	});

	it.each(allMethodIds)('%s: the managed settings leave the preset\'s own method offered', method => {
		expect(managedPolicy(teamSettings(validPresets[method])).allowed).toContain(method);
	});
});

describe('instructionsText', () => {
	const reference = 'https://intranet.example.com/claude-setup-preset.json';

	it.each([
		['console-api-key', ['platform.claude.com', 'API key', 'keychain']],
		['console-login', ['platform.claude.com', 'claude auth login --console']],
		['claude-ai', ['claude.ai', 'claude auth login --claudeai']],
		['bedrock', ['aws sso login', 'bedrock:InvokeModel']],
		['vertex', ['gcloud auth application-default login', 'roles/aiplatform.user']],
		['foundry', ['az login', 'Keys and Endpoint']],
		['gateway', ['gateway token', 'keychain']],
	] as const)('%s: the command with the preset reference, and the personal steps', (method, steps) => {
		const text = instructionsText(validPresets[method], reference);
		expect(text).toContain(`npx claude-setup --preset ${reference}`);
		expect(text).toContain('# Setting up Claude Code for Acme Platform');
		const before = text.slice(text.indexOf('## Before you run it'), text.indexOf('## Set by your team'));
		for (const step of steps) {
			expect(before).toContain(step);
		}
	});

	it('lists what the team fixed and the team env, and never a personal answer', () => {
		const text = instructionsText(validPresets.gateway, reference);
		const fixed = text.slice(text.indexOf('## Set by your team'), text.indexOf('## For IT'));
		expect(fixed).toContain('https://llm.example.com');
		expect(fixed).toContain('HTTPS_PROXY=http://proxy.example.com:8080');
		expect(fixed).not.toMatch(/token:/i);
	});

	it('says "the method only" when nothing else is fixed, and "your team" without a team name', () => {
		const text = instructionsText({schemaVersion: presetSchemaVersion, method: 'console-api-key', answers: {}, env: {}}, './claude-setup-preset.json');
		expect(text).toContain('- The method only.');
		expect(text).toContain('# Setting up Claude Code for your team');
	});

	it('names where IT deploys managed-settings.json on every system', () => {
		const text = instructionsText(validPresets.vertex, reference);
		for (const location of managedSettingsLocations) {
			expect(text).toContain(location.path);
		}
	});
});

describe('teamFiles', () => {
	it('the three files, the preset first, the reference defaulting to the file beside the instructions', () => {
		const files = teamFiles(validPresets.gateway);
		expect(files.map(file => file.name)).toEqual([teamFileNames.preset, teamFileNames.managed, teamFileNames.instructions]);
		expect(files[2]!.text).toContain(`npx claude-setup --preset ./${teamFileNames.preset}`);
		const parsed = parsePreset(files[0]!.text, 'written preset');
		expect(parsed).toEqual({ok: true, preset: validPresets.gateway});
	});
});

describe('presetFromAdminAnswers', () => {
	it('keeps the method answers, turns proxy and CA into env, and drops the team.* questions', () => {
		const preset = presetFromAdminAnswers('gateway', {
			url: 'https://llm.example.com',
			credential: 'helper',
			'team.name': 'Acme Platform',
			'team.proxy': 'http://proxy.example.com:8080',
			'team.caCert': '/etc/ssl/certs/corp-ca.pem',
			'team.presetUrl': 'https://intranet.example.com/p.json',
			'team.directory': '/tmp/out',
		});
		expect(preset).toEqual({
			schemaVersion: presetSchemaVersion,
			method: 'gateway',
			team: 'Acme Platform',
			answers: {url: 'https://llm.example.com', credential: 'helper'},
			env: {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'},
		});
		expect(parsePreset(JSON.stringify(preset), 'made')).toEqual({ok: true, preset});
	});

	it('empty optional answers leave nothing behind', () => {
		const preset = presetFromAdminAnswers('claude-ai', {how: 'browser', lock: 'no', 'team.name': '', 'team.orgUuid': '', 'team.proxy': '', 'team.caCert': '', 'team.directory': '.'});
		expect(preset).toEqual({schemaVersion: presetSchemaVersion, method: 'claude-ai', answers: {how: 'browser', lock: 'no'}, env: {}});
	});

	it('the organization lock becomes orgUuid', () => {
		expect(presetFromAdminAnswers('claude-ai', {how: 'sso', lock: 'yes', 'team.orgUuid': orgUuid}).orgUuid).toBe(orgUuid);
	});

	it('no preset an administrator can make sets an env name a preset may not carry', () => {
		const preset = presetFromAdminAnswers('bedrock', {region: 'eu-west-1', 'team.proxy': 'http://p.example.com:3128', 'team.caCert': '~/ca.pem'});
		expect(Object.keys(preset.env).filter(name => isOwnedEnvKey(name))).toEqual([]);
	});
});
