import type {AuthMethodId} from '../../source/core/auth/methods.js';
import {defaultBedrockModels} from '../../source/core/auth/bedrock.js';
import {presetSchemaVersion, type Preset} from '../../source/core/team/preset.js';

/**
One realistic preset per method, as an administrator's `claude-setup team` would write it: the team
answers of the method, a proxy and a CA file for everyone, and an organization lock for claude.ai.
*/

export const orgUuid = '123e4567-e89b-12d3-a456-426614174000';

const teamEnv = {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'};

const euModels = defaultBedrockModels('eu-west-1');

export const validPresets: Record<AuthMethodId, Preset> = {
	'console-api-key': {schemaVersion: presetSchemaVersion, team: 'Acme Platform', method: 'console-api-key', answers: {}, env: teamEnv},
	'console-login': {schemaVersion: presetSchemaVersion, team: 'Acme Platform', method: 'console-login', answers: {how: 'sso'}, env: teamEnv},
	'claude-ai': {schemaVersion: presetSchemaVersion, team: 'Acme Platform', method: 'claude-ai', answers: {how: 'sso', lock: 'yes'}, env: teamEnv, orgUuid},
	bedrock: {
		schemaVersion: presetSchemaVersion,
		team: 'Acme Platform',
		method: 'bedrock',
		answers: {region: 'eu-west-1', model: euModels.primary, smallModel: euModels.small},
		env: teamEnv,
	},
	vertex: {
		schemaVersion: presetSchemaVersion,
		team: 'Acme Platform',
		method: 'vertex',
		answers: {project: 'acme-claude-prod', region: 'global', model: 'claude-sonnet-4-6', smallModel: 'claude-haiku-4-5@20251001'},
		env: teamEnv,
	},
	foundry: {
		schemaVersion: presetSchemaVersion,
		team: 'Acme Platform',
		method: 'foundry',
		answers: {endpoint: 'acme-ai', auth: 'entra', sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-6', haiku: 'claude-haiku-4-5'},
		env: teamEnv,
	},
	gateway: {
		schemaVersion: presetSchemaVersion,
		team: 'Acme Platform',
		method: 'gateway',
		answers: {url: 'https://llm.example.com', credential: 'helper'},
		env: {HTTPS_PROXY: teamEnv.HTTPS_PROXY},
	},
};

export const allMethodIds = Object.keys(validPresets) as AuthMethodId[];

/** The preset as JSON text, with any member replaced or added. */
export function presetJson(method: AuthMethodId, changes: Record<string, unknown> = {}): string {
	return JSON.stringify({...validPresets[method], ...changes}, undefined, 2);
}

/** Credential shapes assembled at run time, so nothing in the repository looks like a real secret to a scanner. */
export const credentialLookalikes = {
	'an Anthropic API key': ['sk-ant-api03', 'PRESET', 'not-a-real-key', 'x'.repeat(40)].join('-'),
	'an Anthropic OAuth token': ['sk-ant-oat01', 'PRESET', 'not-a-real-token', 'y'.repeat(40)].join('-'),
	'an AWS access key ID': ['AKIA', 'TESTNOTREAL12345'].join(''),
	'a private key': ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'].join(' '),
	'a Google OAuth access token': ['ya29', 'a0AfB_not-a-real-token-0123456789'].join('.'),
} as const;
