import {configurationPatch, leftoverPaths, ownedKeysIn, secretPurposes, secretRef, type MethodConfiguration, type SecretPurpose} from '../auth/configuration.js';
import {scanShellExports} from '../doctor/shell-exports.js';
import type {Ports, SecretBackend, SettingsScope, SettingsSnapshot} from '../ports.js';
import {overridesOfApiKeyHelper, scopePrecedence} from '../setup/credentials.js';
import {settingsDiff} from '../settings/diff.js';
import {applySettingsPatch} from '../settings/edit.js';
import {hasOtherProfileNamed, removeAwsProfileBlock, upsertAwsProfileBlock} from '../setup/aws-profile-block.js';
import {removeShellBlock, upsertShellBlock} from '../setup/shell-block.js';
import type {ChangePlan, PlannedFile, PlannedSecret, PlanProblem, ShellOverride} from './state.js';

const allScopes: readonly SettingsScope[] = ['user', 'project', 'local'];

/** Variables that, exported in the shell, would still change what Claude Code does after this setup. */
export function interferingVariables(configuration: MethodConfiguration): string[] {
	const selectors = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];
	const found = selectors.filter(name => !(name in configuration.env));
	if (configuration.expectedProvider === 'firstParty') {
		// ANTHROPIC_BASE_URL is left alone: a proxy or a local stand-in is a deliberate choice.
		found.push('ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY');
	}

	return found.filter(name => !(name in configuration.env));
}

function isSet(value: string | undefined): boolean {
	return value !== undefined && value !== '';
}

/**
Works out every change the setup makes, without making any: the chosen settings file (the new
method's keys set, every other method's keys removed, stale shell exports cancelled with ""), the
same cleanup in the other personal settings file, the `claude` shell function when a secret can
only reach Claude Code through the environment, the secrets to store and the old ones to remove.
*/
export async function planChange(
	ports: Ports,
	scope: SettingsScope,
	backend: SecretBackend,
	configuration: MethodConfiguration,
): Promise<{plan: ChangePlan} | {problem: PlanProblem}> {
	const snapshots = await Promise.all(allScopes.map(async candidate => ports.settings.read(candidate)));
	const target = snapshots.find(snapshot => snapshot.scope === scope);
	if (!target) {
		return {problem: {kind: 'io', message: 'The settings file could not be read.'}};
	}

	if (target.problem) {
		return {problem: {kind: 'unparsable', path: target.path, problem: target.problem}};
	}


	const [helper, shellFiles, shellTarget, awsConfig] = await Promise.all([
		ports.helper.inspect(),
		ports.shell.read().catch(() => []),
		ports.shell.functionTarget().catch(() => undefined),
		ports.awsConfig.read().catch(() => undefined),
	]);
	const helperCommandFor = (purpose: SecretPurpose) =>
		purpose === 'api-key' ? helper.command : `${helper.command} --secret ${secretRef(purpose, ports.configDirHash).account}`;
	const secretValues = configuration.secrets.map(secret => secret.value);

	const patch = configurationPatch(configuration, target.data ?? {}, helperCommandFor);
	const interfering = interferingVariables(configuration).filter(name => isSet(ports.env[name]));
	const exports = scanShellExports(shellFiles, interfering);
	const shellOverrides: ShellOverride[] = interfering.map(variable => {
		const where = exports.findLast(found => found.variable === variable);
		return {variable, file: where?.file, line: where?.line, isCancelled: true};
	});
	// A settings `env` value beats the same variable exported in the shell, and "" switches it off.
	const set = [...patch.set, ...interfering.map(name => ({path: ['env', name], value: ''}))];
	const remove = patch.remove.filter(path => !(path[0] === 'env' && interfering.includes(path[1] ?? '')));
	const edited = applySettingsPatch(target.text, {set, remove});
	if (!edited.ok) {
		return {problem: {kind: 'unparsable', path: target.path, problem: edited.problem}};
	}

	const files: PlannedFile[] = [settingsFile(target, edited.text, secretValues)];
	const remainingElsewhere: ChangePlan['remainingElsewhere'] = [];
	for (const other of snapshots) {
		if (other.scope === scope || !other.data) {
			continue;
		}

		const leftovers = leftoverPaths(other.data, new Set(), new Set());
		if (leftovers.length === 0) {
			continue;
		}

		// The shared project file is the team's: it is pointed out, never edited from one person's setup.
		if (other.scope === 'project') {
			remainingElsewhere.push({path: other.path, keys: ownedKeysIn(other.data)});
			continue;
		}

		const cleaned = applySettingsPatch(other.text, {set: [], remove: leftovers});
		if (!cleaned.ok) {
			// Left as it is, it would still outrank the new setup: say so rather than skip it quietly.
			return {problem: {kind: 'unparsable', path: other.path, problem: cleaned.problem}};
		}

		if (cleaned.text !== other.text) {
			files.push({...settingsFile(other, cleaned.text, secretValues), reason: 'auth settings of another method that would still apply'});
		}
	}

	const managed = await ports.settings.readManaged?.().catch(() => undefined);
	const managedKeys = ownedKeysIn(managed?.data).filter(key => !(key === 'forceLoginMethod' && managed?.data?.['forceLoginMethod'] === 'gateway'));
	if (managed?.exists && managedKeys.length > 0) {
		remainingElsewhere.push({path: managed.path, keys: managedKeys, isManaged: true});
	}

	if (configuration.shellSecrets.length > 0) {
		if (!shellTarget) {
			return {
				problem: {
					kind: 'io',
					message:
						'This secret can reach Claude Code only through an environment variable, and claude-setup can add the `claude` function that reads it from the keychain only for bash and zsh. Choose another way to sign in, or set the variable yourself.',
				},
			};
		}

		const block = configuration.shellSecrets.map(({variable, secret}) => ({variable, command: helperCommandFor(secret)}));
		const next = upsertShellBlock(shellTarget.text, block);
		files.push({kind: 'shell', path: shellTarget.path, beforeText: shellTarget.text, afterText: next, diff: settingsDiff(shellTarget.text, next, secretValues), fileExists: shellTarget.exists, reason: 'the `claude` function that hands Claude Code its key from the keychain'});
	} else if (shellTarget) {
		const next = removeShellBlock(shellTarget.text);
		if (next !== shellTarget.text) {
			files.push({kind: 'shell', path: shellTarget.path, beforeText: shellTarget.text, afterText: next, diff: settingsDiff(shellTarget.text, next, secretValues), fileExists: true, reason: 'the `claude` function of the previous method'});
		}
	}

	const {awsCredentialProcess} = configuration;
	if (awsCredentialProcess) {
		if (!awsConfig) {
			return {problem: {kind: 'io', message: 'The AWS config file could not be read, so the profile that hands Claude Code the keys cannot be added to it.'}};
		}

		if (hasOtherProfileNamed(awsConfig.text, awsCredentialProcess.profile)) {
			return {
				problem: {
					kind: 'io',
					message: `${awsConfig.path} already has a profile named ${awsCredentialProcess.profile} that claude-setup did not write; it is left alone. Rename or remove it, or choose that profile instead of typing keys.`,
				},
			};
		}

		const credentialProcess = helperCommandFor(awsCredentialProcess.secret);
		// An INI value ends at the line break: a config folder whose path has one cannot be named there.
		if (/[\r\n]/.test(credentialProcess)) {
			return {
				problem: {
					kind: 'io',
					message:
						'The Claude config folder\'s path has a line break in it, which an AWS config file cannot hold, so the profile that hands Claude Code the typed keys cannot point at it. Use an AWS profile of your own instead (Back), or set CLAUDE_CONFIG_DIR to a folder without one.',
				},
			};
		}

		const next = upsertAwsProfileBlock(awsConfig.text, awsCredentialProcess.profile, credentialProcess);
		if (next !== awsConfig.text) {
			files.push({kind: 'aws-config', path: awsConfig.path, beforeText: awsConfig.text, afterText: next, diff: settingsDiff(awsConfig.text, next, secretValues), fileExists: awsConfig.exists, reason: 'the AWS profile whose credential_process hands Claude Code the keys from the keychain'});
		}
	} else if (awsConfig) {
		const next = removeAwsProfileBlock(awsConfig.text);
		if (next !== awsConfig.text) {
			files.push({kind: 'aws-config', path: awsConfig.path, beforeText: awsConfig.text, afterText: next, diff: settingsDiff(awsConfig.text, next, secretValues), fileExists: true, reason: 'the AWS profile of the previous setup'});
		}
	}

	const storeBackend = backend;
	const secrets: PlannedSecret[] = await Promise.all(
		configuration.secrets.map(async secret => {
			const ref = secretRef(secret.purpose, ports.configDirHash);
			const existing = await ports.secrets.get(ref, storeBackend).catch(() => undefined);
			return {ref, backend: storeBackend, location: storeBackend === 'file' ? ports.secrets.fileLocation() : 'keychain', replaces: existing !== undefined, label: secret.label, value: secret.value};
		}),
	);

	const oldBackend = helper.configured?.backend ?? storeBackend;
	// Moving to another store (keychain <-> file) leaves nothing behind in the old one.
	const kept = new Set(oldBackend === storeBackend ? configuration.secrets.map(secret => secret.purpose) : []);
	const removeSecrets = (
		await Promise.all(
			secretPurposes
				.filter(purpose => !kept.has(purpose))
				.map(async purpose => {
					const ref = secretRef(purpose, ports.configDirHash);
					const existing = await ports.secrets.get(ref, oldBackend).catch(() => undefined);
					return existing === undefined ? undefined : {ref, backend: oldBackend, label: purposeLabel(purpose)};
				}),
		)
	).filter(entry => entry !== undefined);

	const usesHelper = configuration.helperSettings.length > 0 || configuration.shellSecrets.length > 0 || awsCredentialProcess !== undefined;
	const planned = snapshots.map(snapshot => (snapshot.scope === scope ? {...snapshot, data: edited.ok ? parseOrEmpty(edited.text) : snapshot.data} : snapshot));
	const main = files[0]!;
	return {
		plan: {
			scope,
			path: target.path,
			beforeText: main.beforeText,
			afterText: main.afterText,
			diff: main.diff,
			fileExists: main.fileExists,
			files,
			secrets,
			removeSecrets,
			...(usesHelper ? {helperCommand: helper.command, helperDirectory: helper.directory} : {}),
			overrides: configuration.helperSettings.some(setting => setting.key === 'apiKeyHelper')
				? overridesOfApiKeyHelper(scope, planned, withoutCancelled(ports.env, interfering)).filter(override => !('source' in override) || override.source.kind === 'environment' || override.source.scope === 'project')
				: [],
			shellOverrides,
			remainingElsewhere,
			configuration,
		},
	};
}

function withoutCancelled(env: Ports['env'], cancelled: readonly string[]): Ports['env'] {
	const copy: Record<string, string | undefined> = {...env};
	for (const name of cancelled) {
		delete copy[name];
	}

	return copy;
}

function parseOrEmpty(text: string): Record<string, unknown> {
	try {
		const data = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
		return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

function settingsFile(snapshot: SettingsSnapshot, afterText: string, secrets: readonly string[]): PlannedFile {
	return {
		kind: 'settings',
		scope: snapshot.scope,
		path: snapshot.path,
		beforeText: snapshot.text,
		afterText,
		diff: settingsDiff(snapshot.text, afterText, secrets),
		fileExists: snapshot.exists,
	};
}

export function purposeLabel(purpose: SecretPurpose): string {
	switch (purpose) {
		case 'api-key': {
			return 'API key or gateway token';
		}

		case 'bedrock-credentials': {
			return 'AWS access key';
		}

		case 'bedrock-api-key': {
			return 'Bedrock API key';
		}

		case 'foundry-api-key': {
			return 'Foundry API key';
		}
	}
}

/** Precedence order, for callers that list scopes. */
export const orderedScopes = scopePrecedence;
