import type {SettingsPatch, SettingsPath} from '../settings/edit.js';
import {secretService} from './console-key.js';
import type {AuthMethodId} from './methods.js';
import type {SecretRef} from '../ports.js';

/**
What one auth method asks Claude Code to do, as data: the settings it sets, the secrets it keeps,
and what `claude auth status` should report afterwards. The wizard plans, reviews and commits any
method through this one shape, and switching is the difference between two of them.
*/
export type MethodConfiguration = {
	method: AuthMethodId;
	/** Literal values for the settings `env` block. */
	env: Readonly<Record<string, string>>;
	/** Literal top-level settings (`forceLoginMethod`). */
	settings: Readonly<Record<string, string>>;
	/** Top-level settings whose value is claude-setup's helper printing one stored secret. */
	helperSettings: ReadonlyArray<{key: HelperSettingKey; secret: SecretPurpose}>;
	/** Secrets kept in the keychain (or the file the user agreed to) before any setting points at them. */
	secrets: ReadonlyArray<{purpose: SecretPurpose; value: string; label: string}>;
	/**
	Secrets Claude Code reads only from an environment variable (a Foundry or Bedrock API key): a
	`claude` shell function reads them from the keychain when Claude Code starts, so they are never
	written in plaintext.
	*/
	shellSecrets: ReadonlyArray<{variable: string; secret: SecretPurpose}>;
	/**
	An AWS profile in the AWS config file whose `credential_process` is the helper printing this
	secret (access keys typed into the wizard); the settings name it in AWS_PROFILE.
	*/
	awsCredentialProcess?: {profile: string; secret: SecretPurpose};
	/** What `claude auth status` reports once this works. */
	expectedProvider: 'firstParty' | 'bedrock' | 'vertex' | 'foundry';
};

export type HelperSettingKey = 'apiKeyHelper' | 'awsCredentialExport';

/** Each kind of secret has its own keychain entry, so switching can remove exactly the old ones. */
export type SecretPurpose = 'api-key' | 'bedrock-credentials' | 'bedrock-api-key' | 'foundry-api-key';

export const secretPurposes: readonly SecretPurpose[] = ['api-key', 'bedrock-credentials', 'bedrock-api-key', 'foundry-api-key'];

/** `api-key` keeps the account name earlier versions used, so existing setups stay readable. */
export function secretRef(purpose: SecretPurpose, configDirectoryHash: string): SecretRef {
	const account = purpose === 'api-key' ? `anthropic-api-key-${configDirectoryHash}` : `${purpose}-${configDirectoryHash}`;
	return {service: secretService, account};
}

/**
Every settings key an auth method may own. Switching removes these from the settings it writes
(unless the new method sets them again); everything else in the file is left exactly as it was.
Model pins belong here too: a Bedrock inference-profile ID breaks Vertex or the first-party API.
*/
export const ownedEnvKeys: readonly string[] = [
	'CLAUDE_CODE_USE_BEDROCK',
	'CLAUDE_CODE_USE_VERTEX',
	'CLAUDE_CODE_USE_FOUNDRY',
	'CLAUDE_CODE_USE_MANTLE',
	'CLAUDE_CODE_USE_ANTHROPIC_AWS',
	'AWS_PROFILE',
	'AWS_REGION',
	'AWS_BEARER_TOKEN_BEDROCK',
	'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY',
	'AWS_SESSION_TOKEN',
	'ANTHROPIC_BEDROCK_BASE_URL',
	'CLAUDE_CODE_SKIP_BEDROCK_AUTH',
	'ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION',
	'CLOUD_ML_REGION',
	'ANTHROPIC_VERTEX_PROJECT_ID',
	'ANTHROPIC_VERTEX_BASE_URL',
	'CLAUDE_CODE_SKIP_VERTEX_AUTH',
	'ANTHROPIC_FOUNDRY_RESOURCE',
	'ANTHROPIC_FOUNDRY_BASE_URL',
	'ANTHROPIC_FOUNDRY_API_KEY',
	'ANTHROPIC_FOUNDRY_AUTH_TOKEN',
	'CLAUDE_CODE_SKIP_FOUNDRY_AUTH',
	'ANTHROPIC_BASE_URL',
	'ANTHROPIC_AUTH_TOKEN',
	'ANTHROPIC_API_KEY',
	'ANTHROPIC_MODEL',
	'ANTHROPIC_DEFAULT_OPUS_MODEL',
	'ANTHROPIC_DEFAULT_SONNET_MODEL',
	'ANTHROPIC_DEFAULT_HAIKU_MODEL',
	'ANTHROPIC_SMALL_FAST_MODEL',
];

/** Per-model Vertex regions (`VERTEX_REGION_CLAUDE_HAIKU_4_5`, …) are owned by prefix. */
export const ownedEnvPrefixes: readonly string[] = ['VERTEX_REGION_CLAUDE_'];

export const ownedSettingKeys: readonly string[] = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'forceLoginMethod'];

export function isOwnedEnvKey(name: string): boolean {
	return ownedEnvKeys.includes(name) || ownedEnvPrefixes.some(prefix => name.startsWith(prefix));
}

/** The helper command that prints one secret: the plain helper for `api-key`, else with `--secret`. */
export type HelperCommandFor = (purpose: SecretPurpose) => string;

/**
The patch that turns a settings object into one configured for `configuration`: its keys set, and
every other auth key any method owns removed. `forceLoginMethod: "gateway"` is never removed: only
an administrator sets that.
*/
export function configurationPatch(configuration: MethodConfiguration, data: Record<string, unknown>, helperCommandFor: HelperCommandFor): SettingsPatch {
	const set: Array<{path: SettingsPath; value: unknown}> = [];
	for (const [name, value] of Object.entries(configuration.env)) {
		set.push({path: ['env', name], value});
	}

	const topLevel = new Map<string, string>(Object.entries(configuration.settings));
	for (const {key, secret} of configuration.helperSettings) {
		topLevel.set(key, helperCommandFor(secret));
	}

	// A gateway lock comes from an administrator; a personal choice never overwrites it.
	if (data['forceLoginMethod'] === 'gateway') {
		topLevel.delete('forceLoginMethod');
	}

	for (const [key, value] of topLevel) {
		set.push({path: [key], value});
	}

	return {set, remove: leftoverPaths(data, new Set(Object.keys(configuration.env)), new Set(topLevel.keys()))};
}

/** The owned keys present in `data` that a configuration setting `keepEnv` and `keepSettings` does not set again. */
export function leftoverPaths(data: Record<string, unknown>, keepEnv: ReadonlySet<string>, keepSettings: ReadonlySet<string>): SettingsPath[] {
	const remove: SettingsPath[] = [];
	const envBlock = data['env'];
	if (typeof envBlock === 'object' && envBlock !== null && !Array.isArray(envBlock)) {
		for (const name of Object.keys(envBlock)) {
			if (isOwnedEnvKey(name) && !keepEnv.has(name)) {
				remove.push(['env', name]);
			}
		}
	}

	for (const key of ownedSettingKeys) {
		if (key in data && !keepSettings.has(key) && !(key === 'forceLoginMethod' && data[key] === 'gateway')) {
			remove.push([key]);
		}
	}

	return remove;
}

/** The auth keys a settings object holds, for telling the user what another scope still sets. */
export function ownedKeysIn(data: Record<string, unknown> | undefined): string[] {
	if (!data) {
		return [];
	}

	return leftoverPaths(data, new Set(), new Set()).map(path => path.join('.'));
}

/** Which method a settings object configures, from its keys: how a re-run preselects the current one. */
export function detectConfiguredMethod(data: Record<string, unknown> | undefined, isOurHelper: (command: string) => boolean): AuthMethodId | undefined {
	if (!data) {
		return undefined;
	}

	const envBlock = data['env'];
	const env = typeof envBlock === 'object' && envBlock !== null ? (envBlock as Record<string, unknown>) : {};
	const isOn = (name: string) => {
		const value = env[name];
		return typeof value === 'string' && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
	};

	if (isOn('CLAUDE_CODE_USE_BEDROCK')) {
		return 'bedrock';
	}

	if (isOn('CLAUDE_CODE_USE_VERTEX')) {
		return 'vertex';
	}

	if (isOn('CLAUDE_CODE_USE_FOUNDRY')) {
		return 'foundry';
	}

	if (isOn('ANTHROPIC_BASE_URL') || isOn('ANTHROPIC_AUTH_TOKEN')) {
		return 'gateway';
	}

	const helper = data['apiKeyHelper'];
	if ((typeof helper === 'string' && isOurHelper(helper)) || isOn('ANTHROPIC_API_KEY')) {
		return 'console-api-key';
	}

	if (data['forceLoginMethod'] === 'claudeai') {
		return 'claude-ai';
	}

	return data['forceLoginMethod'] === 'console' ? 'console-login' : undefined;
}
