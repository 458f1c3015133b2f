import {describe, expect, it} from 'vitest';
import type {AwsProfile} from '../../source/core/auth/aws-config.js';
import {
	configurationPatch,
	detectConfiguredMethod,
	isOwnedEnvKey,
	leftoverPaths,
	ownedKeysIn,
	ownedSettingKeys,
	secretPurposes,
	secretRef,
	type MethodConfiguration,
	type SecretPurpose,
} from '../../source/core/auth/configuration.js';
import {consoleKeyConfiguration, consoleKeyRef} from '../../source/core/auth/console-key.js';
import type {Answers, Discovery} from '../../source/core/auth/form.js';
import {bedrockSpec} from '../../source/core/auth/specs/bedrock.js';
import {foundrySpec} from '../../source/core/auth/specs/foundry.js';
import {gatewaySpec} from '../../source/core/auth/specs/gateway.js';
import {claudeAiSpec, consoleLoginSpec} from '../../source/core/auth/specs/login.js';
import {vertexSpec} from '../../source/core/auth/specs/vertex.js';
import {fakeApiKey} from '../helpers/fake-key.js';

const helperCommand = "'/home/u/.claude/claude-setup/bin/api-key-helper'";
const helperFor = (purpose: SecretPurpose) => (purpose === 'api-key' ? helperCommand : `${helperCommand} --secret ${purpose}-abcd1234`);

function profile(name: string, kind: AwsProfile['kind'], region?: string): AwsProfile {
	return {name, kind, ...(region ? {region} : {}), hasStaticKeys: kind === 'static-keys', sources: ['config'], problems: []};
}

const awsDiscovery: Discovery = {
	awsProfiles: [profile('dev', 'sso', 'eu-west-1'), profile('legacy', 'legacy-sso'), profile('ci', 'static-keys'), profile('my team', 'sso'), profile('role', 'assume-role')],
};

const bedrockModels = {region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-6', smallModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0'};

/** Every key a configuration puts in a settings file, as `ownedKeysIn` names them. */
function keysOf(configuration: MethodConfiguration): string[] {
	return [
		...Object.keys(configuration.env).map(name => `env.${name}`),
		...Object.keys(configuration.settings),
		...configuration.helperSettings.map(setting => setting.key),
	].sort();
}

describe('secretRef', () => {
	it('keeps the account name of earlier versions for the API key, and one entry per purpose', () => {
		expect(secretRef('api-key', 'abcd1234')).toEqual(consoleKeyRef('abcd1234'));
		const accounts = secretPurposes.map(purpose => secretRef(purpose, 'abcd1234').account);
		expect(accounts).toEqual(['anthropic-api-key-abcd1234', 'bedrock-credentials-abcd1234', 'bedrock-api-key-abcd1234', 'foundry-api-key-abcd1234']);
		expect(new Set(secretPurposes.map(purpose => secretRef(purpose, 'abcd1234').service)).size).toBe(1);
		expect(secretRef('foundry-api-key', 'ffff0000').account).not.toBe(secretRef('foundry-api-key', 'abcd1234').account);
	});
});

describe('isOwnedEnvKey', () => {
	it.each(['CLAUDE_CODE_USE_BEDROCK', 'AWS_PROFILE', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_MODEL', 'VERTEX_REGION_CLAUDE_HAIKU_4_5', 'VERTEX_REGION_CLAUDE_4_6_SONNET'])('owns %s', name => {
		expect(isOwnedEnvKey(name)).toBe(true);
	});

	it.each(['HTTPS_PROXY', 'NODE_EXTRA_CA_CERTS', 'DISABLE_TELEMETRY', 'VERTEX_REGION', 'AWS_DEFAULT_PROFILE_X', 'anthropic_model'])('leaves %s alone', name => {
		expect(isOwnedEnvKey(name)).toBe(false);
	});
});

describe('leftoverPaths', () => {
	const data = {
		$schema: 'https://json.schemastore.org/claude-code-settings.json',
		permissions: {allow: ['Bash(ls)']},
		env: {HTTPS_PROXY: 'http://proxy:3128', CLAUDE_CODE_USE_BEDROCK: '1', AWS_PROFILE: 'dev', VERTEX_REGION_CLAUDE_HAIKU_4_5: 'us-east5'},
		apiKeyHelper: 'x',
		awsAuthRefresh: 'aws sso login --profile dev',
		model: 'sonnet',
	};

	it('lists every owned key, and only those', () => {
		expect(leftoverPaths(data, new Set(), new Set())).toEqual([
			['env', 'CLAUDE_CODE_USE_BEDROCK'],
			['env', 'AWS_PROFILE'],
			['env', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'],
			['apiKeyHelper'],
			['awsAuthRefresh'],
		]);
	});

	it('keeps what the new configuration sets again', () => {
		expect(leftoverPaths(data, new Set(['AWS_PROFILE', 'CLAUDE_CODE_USE_BEDROCK']), new Set(['awsAuthRefresh']))).toEqual([['env', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'], ['apiKeyHelper']]);
	});

	it('ignores an env that is not an object', () => {
		expect(leftoverPaths({env: ['ANTHROPIC_API_KEY'], apiKeyHelper: 'x'}, new Set(), new Set())).toEqual([['apiKeyHelper']]);
		expect(leftoverPaths({env: 'ANTHROPIC_API_KEY=1'}, new Set(), new Set())).toEqual([]);
		expect(leftoverPaths({env: null}, new Set(), new Set())).toEqual([]);
	});

	it('removes forceLoginMethod unless an administrator set it to "gateway"', () => {
		expect(leftoverPaths({forceLoginMethod: 'claudeai'}, new Set(), new Set())).toEqual([['forceLoginMethod']]);
		expect(leftoverPaths({forceLoginMethod: 'console'}, new Set(), new Set())).toEqual([['forceLoginMethod']]);
		expect(leftoverPaths({forceLoginMethod: 'gateway'}, new Set(), new Set())).toEqual([]);
	});
});

describe('ownedKeysIn', () => {
	it('names the auth keys of a settings object as dotted paths', () => {
		expect(ownedKeysIn(undefined)).toEqual([]);
		expect(ownedKeysIn({})).toEqual([]);
		expect(ownedKeysIn({env: {CLAUDE_CODE_USE_VERTEX: '1', HTTPS_PROXY: 'x'}, gcpAuthRefresh: 'gcloud auth', forceLoginMethod: 'gateway', model: 'opus'})).toEqual([
			'env.CLAUDE_CODE_USE_VERTEX',
			'gcpAuthRefresh',
		]);
	});
});

describe('configurationPatch', () => {
	const before = {
		$schema: 'https://json.schemastore.org/claude-code-settings.json',
		env: {HTTPS_PROXY: 'http://proxy:3128', CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: 'us.anthropic.claude-sonnet-4-6'},
		awsCredentialExport: `${helperCommand} --secret bedrock-credentials-abcd1234`,
		hooks: {},
	};

	it('sets the Console key helper and removes every other method key', () => {
		const patch = configurationPatch(consoleKeyConfiguration(fakeApiKey()), before, helperFor);
		expect(patch.set).toEqual([{path: ['apiKeyHelper'], value: helperCommand}]);
		expect(patch.remove).toEqual([['env', 'CLAUDE_CODE_USE_BEDROCK'], ['env', 'AWS_REGION'], ['env', 'ANTHROPIC_MODEL'], ['awsCredentialExport']]);
	});

	it('does not remove a key it sets again, and removes a helper setting the new setup no longer uses', () => {
		const configuration = bedrockSpec.configure({auth: 'keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', ...bedrockModels}, {});
		const patch = configurationPatch(configuration, before, helperFor);
		// Keys now reach Claude Code through an AWS profile's credential_process, not awsCredentialExport.
		expect(patch.remove).toEqual([['awsCredentialExport']]);
		expect(patch.set).toContainEqual({path: ['env', 'AWS_PROFILE'], value: 'claude-setup'});
		expect(patch.set).toContainEqual({path: ['env', 'AWS_REGION'], value: 'us-east-1'});
		expect(patch.set.some(entry => entry.path[0] === 'apiKeyHelper')).toBe(false);
	});

	it('never removes forceLoginMethod "gateway"', () => {
		for (const configuration of [consoleKeyConfiguration('k'), claudeAiSpec.configure({how: 'browser', lock: 'no'}, {}), vertexSpec.configure({project: 'my-project-1', region: 'global', model: 'claude-sonnet-4-6', smallModel: 'claude-haiku-4-5@20251001'}, {})]) {
			const patch = configurationPatch(configuration, {forceLoginMethod: 'gateway', apiKeyHelper: 'old'}, helperFor);
			expect(patch.remove).not.toContainEqual(['forceLoginMethod']);
		}
	});

	it('removes another forceLoginMethod when the new method does not set one', () => {
		const patch = configurationPatch(gatewaySpec.configure({url: 'https://llm.example.com', credential: 'none'}, {}), {forceLoginMethod: 'claudeai'}, helperFor);
		expect(patch.remove).toEqual([['forceLoginMethod']]);
		expect(patch.set).toEqual([{path: ['env', 'ANTHROPIC_BASE_URL'], value: 'https://llm.example.com'}]);
	});

	it('removes per-model Vertex regions by their prefix', () => {
		const patch = configurationPatch(consoleKeyConfiguration('k'), {env: {VERTEX_REGION_CLAUDE_HAIKU_4_5: 'us-east5', VERTEX_REGION_CLAUDE_4_1_OPUS: 'us-east5'}}, helperFor);
		expect(patch.remove).toEqual([['env', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'], ['env', 'VERTEX_REGION_CLAUDE_4_1_OPUS']]);
	});
});

describe('detectConfiguredMethod', () => {
	const ours = (command: string) => command.startsWith(helperCommand);

	it.each([
		['nothing', undefined, undefined],
		['an empty file', {}, undefined],
		['Bedrock', {env: {CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_BASE_URL: 'https://x'}}, 'bedrock'],
		['Vertex', {env: {CLAUDE_CODE_USE_VERTEX: 'true'}}, 'vertex'],
		['Foundry', {env: {CLAUDE_CODE_USE_FOUNDRY: '1'}}, 'foundry'],
		['a gateway URL', {env: {ANTHROPIC_BASE_URL: 'https://llm.example.com'}, apiKeyHelper: helperCommand}, 'gateway'],
		['a gateway token alone', {env: {ANTHROPIC_AUTH_TOKEN: 't'}}, 'gateway'],
		['our helper', {apiKeyHelper: helperCommand}, 'console-api-key'],
		['an API key in env', {env: {ANTHROPIC_API_KEY: 'sk-ant-api03-x'}}, 'console-api-key'],
		['a claude.ai lock', {forceLoginMethod: 'claudeai'}, 'claude-ai'],
		['a Console lock', {forceLoginMethod: 'console'}, 'console-login'],
		['an administrator gateway lock', {forceLoginMethod: 'gateway'}, undefined],
		['someone else\'s helper', {apiKeyHelper: '/usr/local/bin/vault-key'}, undefined],
		['switches that are off', {env: {CLAUDE_CODE_USE_BEDROCK: '0', CLAUDE_CODE_USE_VERTEX: 'false', CLAUDE_CODE_USE_FOUNDRY: '', ANTHROPIC_API_KEY: ''}}, undefined],
		['a non-string switch', {env: {CLAUDE_CODE_USE_BEDROCK: 1}}, undefined],
	] as const)('%s', (_name, data, method) => {
		expect(detectConfiguredMethod(data as Record<string, unknown> | undefined, ours)).toBe(method);
	});

	it('finds the method of every configuration a spec produces, written as settings', () => {
		for (const [method, configuration] of representative()) {
			const data: Record<string, unknown> = {env: {...configuration.env}, ...configuration.settings};
			for (const {key, secret} of configuration.helperSettings) {
				data[key] = helperFor(secret);
			}

			// Login without a lock writes nothing, so there is nothing to detect.
			const expected = method === 'claude-ai (no lock)' || method === 'console-login' ? undefined : configuration.method;
			expect(detectConfiguredMethod(data, ours), method).toBe(expected);
		}
	});
});

/** One configuration per representative set of answers, by name. */
function representative(): Array<[string, MethodConfiguration]> {
	return [
		['console-api-key', consoleKeyConfiguration(fakeApiKey())],
		['gateway helper', gatewaySpec.configure({url: 'https://llm.example.com', credential: 'helper', token: 'gw-token'}, {})],
		['gateway auth-token', gatewaySpec.configure({url: 'https://llm.example.com', credential: 'auth-token', token: 'gw-token'}, {})],
		['gateway none', gatewaySpec.configure({url: 'https://llm.example.com', credential: 'none'}, {})],
		['bedrock profile', bedrockSpec.configure({auth: 'profile', profile: 'ci', ...bedrockModels}, awsDiscovery)],
		['bedrock sso', bedrockSpec.configure({auth: 'profile', profile: 'dev', ...bedrockModels}, awsDiscovery)],
		['bedrock keys', bedrockSpec.configure({auth: 'keys', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 's', sessionToken: 't', ...bedrockModels}, {})],
		['bedrock api-key', bedrockSpec.configure({auth: 'api-key', bearerToken: 'ABSK-token', ...bedrockModels}, {})],
		['vertex', vertexSpec.configure({project: 'my-project-1', region: 'europe-west1', model: 'claude-sonnet-4-6', smallModel: 'claude-haiku-4-5@20251001', modelRegion: 'us-east5'}, {})],
		['foundry entra', foundrySpec.configure({endpoint: 'contoso-ai', auth: 'entra', sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-6', haiku: 'claude-haiku-4-5'}, {})],
		['foundry api-key', foundrySpec.configure({endpoint: 'https://contoso-ai.services.ai.azure.com/anthropic', auth: 'api-key', apiKey: 'f-key', sonnet: 's', opus: 'o1', haiku: 'h1'}, {})],
		['claude-ai (lock)', claudeAiSpec.configure({how: 'sso', lock: 'yes'}, {})],
		['claude-ai (no lock)', claudeAiSpec.configure({how: 'browser', lock: 'no'}, {})],
		['console-login', consoleLoginSpec.configure({how: 'browser'}, {})],
	];
}

describe('every configuration a spec produces', () => {
	it.each(representative())('%s sets only keys switching can remove again', (_name, configuration) => {
		for (const name of Object.keys(configuration.env)) {
			expect(isOwnedEnvKey(name), name).toBe(true);
		}

		for (const key of [...Object.keys(configuration.settings), ...configuration.helperSettings.map(setting => setting.key)]) {
			expect(ownedSettingKeys, key).toContain(key);
		}

		// Secrets never sit in the settings in plaintext, and every shell secret is also stored.
		const values = configuration.secrets.map(secret => secret.value);
		for (const value of Object.values(configuration.env)) {
			expect(values).not.toContain(value);
		}

		for (const shell of configuration.shellSecrets) {
			expect(configuration.secrets.map(secret => secret.purpose)).toContain(shell.secret);
			expect(configuration.env).not.toHaveProperty(shell.variable);
		}

		for (const setting of configuration.helperSettings) {
			expect(configuration.secrets.map(secret => secret.purpose)).toContain(setting.secret);
		}
	});
});

describe('Bedrock configurations', () => {
	const pinned = {CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1', ANTHROPIC_MODEL: bedrockModels.model, ANTHROPIC_DEFAULT_HAIKU_MODEL: bedrockModels.smallModel};

	it('uses a plain profile by name, with nothing stored and no refresh command', () => {
		const configuration = bedrockSpec.configure({auth: 'profile', profile: 'ci', ...bedrockModels}, awsDiscovery);
		expect(configuration).toEqual({
			method: 'bedrock',
			env: {...pinned, AWS_PROFILE: 'ci'},
			settings: {},
			helperSettings: [],
			secrets: [],
			shellSecrets: [],
			expectedProvider: 'bedrock',
		});
	});

	it.each([
		['an SSO profile', 'dev', 'aws sso login --profile dev'],
		['an old-style SSO profile', 'legacy', 'aws sso login --profile legacy'],
		['an SSO profile whose name needs quoting', 'my team', "aws sso login --profile 'my team'"],
	])('refreshes %s with awsAuthRefresh', (_name, name, command) => {
		const configuration = bedrockSpec.configure({auth: 'profile', profile: name, ...bedrockModels}, awsDiscovery);
		expect(configuration.settings).toEqual({awsAuthRefresh: command});
		expect(configuration.env['AWS_PROFILE']).toBe(name);
		expect(configuration.secrets).toEqual([]);
	});

	it('gives an assume-role profile no refresh command', () => {
		expect(bedrockSpec.configure({auth: 'profile', profile: 'role', ...bedrockModels}, awsDiscovery).settings).toEqual({});
	});

	it('keeps long-term access keys as the JSON a credential_process prints, without a session token', () => {
		const configuration = bedrockSpec.configure({auth: 'keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalr/K7MDENG+bPxRfiCY', ...bedrockModels}, {});
		expect(configuration.env).toEqual({...pinned, AWS_PROFILE: 'claude-setup'});
		expect(configuration.helperSettings).toEqual([]);
		expect(configuration.awsCredentialProcess).toEqual({profile: 'claude-setup', secret: 'bedrock-credentials'});
		expect(configuration.secrets).toHaveLength(1);
		expect(configuration.secrets[0]?.purpose).toBe('bedrock-credentials');
		expect(JSON.parse(configuration.secrets[0]?.value ?? '')).toEqual({Version: 1, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalr/K7MDENG+bPxRfiCY'});
		expect(configuration.shellSecrets).toEqual([]);
		expect(configuration.settings).toEqual({});
	});

	it('adds the session token of temporary keys', () => {
		const configuration = bedrockSpec.configure({auth: 'keys', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret', sessionToken: 'IQoJb3JpZ2luX2Vj', ...bedrockModels}, {});
		expect(JSON.parse(configuration.secrets[0]?.value ?? '')).toEqual({Version: 1, AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: 'secret', SessionToken: 'IQoJb3JpZ2luX2Vj'});
	});

	it('hands a Bedrock API key over through the shell function only', () => {
		const configuration = bedrockSpec.configure({auth: 'api-key', bearerToken: 'ABSKQmVkcm9jaw', ...bedrockModels}, {});
		expect(configuration.env).toEqual(pinned);
		expect(configuration.secrets).toEqual([{purpose: 'bedrock-api-key', value: 'ABSKQmVkcm9jaw', label: 'Bedrock API key'}]);
		expect(configuration.shellSecrets).toEqual([{variable: 'AWS_BEARER_TOKEN_BEDROCK', secret: 'bedrock-api-key'}]);
		expect(configuration.helperSettings).toEqual([]);
	});

	it('pins custom model IDs when the user typed them', () => {
		const configuration = bedrockSpec.configure(
			{auth: 'profile', profile: 'ci', region: 'eu-west-1', model: 'custom', customModel: 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc', smallModel: 'custom', customSmallModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'},
			awsDiscovery,
		);
		expect(configuration.env).toMatchObject({
			AWS_REGION: 'eu-west-1',
			ANTHROPIC_MODEL: 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
		});
	});
});

describe('Vertex configurations', () => {
	const base: Answers = {project: 'my-project-123', region: 'global', model: 'claude-sonnet-4-6', smallModel: 'claude-haiku-4-5@20251001'};

	it('pins project, region and models, with nothing stored', () => {
		expect(vertexSpec.configure(base, {})).toEqual({
			method: 'vertex',
			env: {
				CLAUDE_CODE_USE_VERTEX: '1',
				CLOUD_ML_REGION: 'global',
				ANTHROPIC_VERTEX_PROJECT_ID: 'my-project-123',
				ANTHROPIC_MODEL: 'claude-sonnet-4-6',
				ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5@20251001',
			},
			settings: {},
			helperSettings: [],
			secrets: [],
			shellSecrets: [],
			expectedProvider: 'vertex',
		});
	});

	it('moves a model the region lacks to the override region', () => {
		const configuration = vertexSpec.configure({...base, region: 'europe-west1', modelRegion: 'us-east5'}, {});
		expect(configuration.env).toMatchObject({CLOUD_ML_REGION: 'europe-west1', VERTEX_REGION_CLAUDE_HAIKU_4_5: 'us-east5'});
		const older = vertexSpec.configure({...base, model: 'claude-opus-4-1@20250805', modelRegion: 'us-east5'}, {});
		expect(older.env).toMatchObject({CLOUD_ML_REGION: 'global', VERTEX_REGION_CLAUDE_4_1_OPUS: 'us-east5'});
		expect(Object.keys(older.env).filter(name => name.startsWith('VERTEX_REGION_'))).toEqual(['VERTEX_REGION_CLAUDE_4_1_OPUS']);
	});

	it('adds no region variable when the user keeps the chosen region', () => {
		const configuration = vertexSpec.configure({...base, region: 'europe-west1', modelRegion: 'same'}, {});
		expect(Object.keys(configuration.env).some(name => name.startsWith('VERTEX_REGION_'))).toBe(false);
	});
});

describe('Foundry configurations', () => {
	const deployments = {sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-6', haiku: 'claude-haiku-4-5'};
	const pinned = {ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-6', ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-4-6', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5'};

	it('names a resource, and signs in with Entra ID with nothing stored', () => {
		const configuration = foundrySpec.configure({endpoint: 'contoso-ai', auth: 'entra', ...deployments}, {});
		expect(configuration.env).toEqual({CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'contoso-ai', ...pinned});
		expect(configuration.secrets).toEqual([]);
		expect(configuration.shellSecrets).toEqual([]);
		expect(configuration.expectedProvider).toBe('foundry');
	});

	it('takes a base URL as ANTHROPIC_FOUNDRY_BASE_URL, and an API key through the shell function', () => {
		const configuration = foundrySpec.configure({endpoint: 'https://contoso-ai.services.ai.azure.com/anthropic/', auth: 'api-key', apiKey: 'foundry-key-1', ...deployments}, {});
		expect(configuration.env).toEqual({CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_BASE_URL: 'https://contoso-ai.services.ai.azure.com/anthropic', ...pinned});
		expect(configuration.secrets).toEqual([{purpose: 'foundry-api-key', value: 'foundry-key-1', label: 'Foundry API key'}]);
		expect(configuration.shellSecrets).toEqual([{variable: 'ANTHROPIC_FOUNDRY_API_KEY', secret: 'foundry-api-key'}]);
		expect(configuration.helperSettings).toEqual([]);
	});
});

describe('gateway configurations', () => {
	it('keeps the token in the keychain behind apiKeyHelper by default', () => {
		const configuration = gatewaySpec.configure({url: 'https://llm.example.com', credential: 'helper', token: 'tok'}, {});
		expect(configuration.env).toEqual({ANTHROPIC_BASE_URL: 'https://llm.example.com'});
		expect(configuration.helperSettings).toEqual([{key: 'apiKeyHelper', secret: 'api-key'}]);
		expect(configuration.secrets).toEqual([{purpose: 'api-key', value: 'tok', label: 'gateway token'}]);
		expect(configuration.expectedProvider).toBe('firstParty');
	});

	it('writes ANTHROPIC_AUTH_TOKEN only when asked to', () => {
		const configuration = gatewaySpec.configure({url: 'https://llm.example.com', credential: 'auth-token', token: 'tok'}, {});
		expect(configuration.env).toEqual({ANTHROPIC_BASE_URL: 'https://llm.example.com', ANTHROPIC_AUTH_TOKEN: 'tok'});
		expect(configuration.helperSettings).toEqual([]);
		expect(configuration.secrets).toEqual([]);
	});

	it('sets only the URL when the gateway signs requests itself', () => {
		const configuration = gatewaySpec.configure({url: 'https://llm.example.com', credential: 'none'}, {});
		expect(configuration).toMatchObject({env: {ANTHROPIC_BASE_URL: 'https://llm.example.com'}, helperSettings: [], secrets: [], shellSecrets: [], settings: {}});
	});
});

describe('login configurations', () => {
	it('locks Claude Code to claude.ai logins only when asked', () => {
		expect(claudeAiSpec.configure({how: 'browser', lock: 'yes'}, {}).settings).toEqual({forceLoginMethod: 'claudeai'});
		expect(claudeAiSpec.configure({how: 'browser', lock: 'no'}, {}).settings).toEqual({});
		expect(keysOf(claudeAiSpec.configure({how: 'email', email: 'a@b.co', lock: 'yes'}, {}))).toEqual(['forceLoginMethod']);
	});

	it('writes nothing for the Console browser login but the cleanup', () => {
		expect(keysOf(consoleLoginSpec.configure({how: 'sso'}, {}))).toEqual([]);
	});
});
