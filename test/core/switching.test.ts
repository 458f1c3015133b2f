import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {findNodeAtLocation, parseTree} from 'jsonc-parser';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import {createSettingsStore} from '../../source/adapters/settings-file.js';
import {createShellStartup} from '../../source/adapters/shell-startup.js';
import type {AwsProfile} from '../../source/core/auth/aws-config.js';
import {isOwnedEnvKey, leftoverPaths, ownedKeysIn, ownedSettingKeys, secretRef, type MethodConfiguration, type SecretPurpose} from '../../source/core/auth/configuration.js';
import {consoleKeyConfiguration} from '../../source/core/auth/console-key.js';
import {bedrockSpec} from '../../source/core/auth/specs/bedrock.js';
import {foundrySpec} from '../../source/core/auth/specs/foundry.js';
import {gatewaySpec} from '../../source/core/auth/specs/gateway.js';
import {claudeAiSpec} from '../../source/core/auth/specs/login.js';
import {vertexSpec} from '../../source/core/auth/specs/vertex.js';
import type {Ports, SecretBackend, SecretRef, SettingsScope} from '../../source/core/ports.js';
import {applySettingsPatch, parseSettings} from '../../source/core/settings/edit.js';
import {removeShellBlock, upsertShellBlock} from '../../source/core/setup/shell-block.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import type {ChangePlan} from '../../source/core/wizard/state.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {createFakeWorld} from '../helpers/fake-ports.js';

/**
Switching from every auth method to every other one, through the real plan and commit, on real
settings files and a real ~/.bashrc in a temp HOME. The secret store is an in-memory map with the
SecretStore interface: the real keychain adapter is covered by its own tests, and a test must not
touch the developer's keychain. The helper installer is a fake too (its adapter has its own tests);
only the command it reports matters here.
*/

const ssoProfile: AwsProfile = {name: 'dev', kind: 'sso', region: 'eu-west-1', hasStaticKeys: false, sources: ['config'], problems: []};
const bedrockModels = {region: 'eu-west-1', model: 'eu.anthropic.claude-sonnet-4-6', smallModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'};

const configurations: Record<string, MethodConfiguration> = {
	'console-api-key': consoleKeyConfiguration(fakeApiKey('SWITCHING')),
	'gateway (helper)': gatewaySpec.configure({url: 'https://llm.example.com', credential: 'helper', token: 'gateway-token-in-keychain'}, {}),
	'gateway (auth-token)': gatewaySpec.configure({url: 'https://llm2.example.com', credential: 'auth-token', token: 'gateway-token-in-settings'}, {}),
	'bedrock (SSO profile)': bedrockSpec.configure({auth: 'profile', profile: 'dev', ...bedrockModels}, {awsProfiles: [ssoProfile]}),
	'bedrock (keys)': bedrockSpec.configure({auth: 'keys', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'IQoJb3JpZ2luX2Vj', ...bedrockModels}, {}),
	'bedrock (api-key)': bedrockSpec.configure({auth: 'api-key', bearerToken: 'ABSK-bedrock-api-key', ...bedrockModels}, {}),
	vertex: vertexSpec.configure({project: 'my-project-123', region: 'europe-west1', model: 'claude-sonnet-4-6', smallModel: 'claude-haiku-4-5@20251001', modelRegion: 'us-east5'}, {}),
	'foundry (api-key)': foundrySpec.configure({endpoint: 'contoso-ai', auth: 'api-key', apiKey: 'foundry-api-key-value', sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-6', haiku: 'claude-haiku-4-5'}, {}),
	'claude-ai (lock)': claudeAiSpec.configure({how: 'browser', lock: 'yes'}, {}),
};

const names = Object.keys(configurations);
const pairs = names.flatMap(from => names.map(to => [from, to] as const));

/** Hand-written, with the odd indentation (three spaces, a deeper env) a person leaves behind. */
const unrelatedSettings = [
	'{',
	'   "$schema": "https://json.schemastore.org/claude-code-settings.json",',
	'   "permissions": {"allow": ["Bash(npm test:*)", "Read(~/notes/**)"], "deny": [ "Read(./.env)" ]},',
	'   "env": {',
	'         "HTTPS_PROXY": "http://proxy.corp.example:3128"',
	'   },',
	'   "hooks": {',
	'      "PostToolUse": [{"matcher": "Edit|Write", "hooks": [{"type": "command", "command": "npx prettier --write \\"$FILE\\""}]}]',
	'   },',
	'   "model": "sonnet"',
	'}',
	'',
].join('\n');

/** The members that are not claude-setup's, by path: each must keep its exact text. */
const unrelatedMembers = [['$schema'], ['permissions'], ['env', 'HTTPS_PROXY'], ['hooks'], ['model']];

const bashrc = '# ~/.bashrc: executed by bash(1) for non-login shells.\n[ -z "$PS1" ] && return\nexport PATH="$HOME/bin:$PATH"\nalias ll=\'ls -alF\'\n';

type World = {
	root: string;
	paths: Paths;
	ports: Ports;
	/** The in-memory secret store: `backend:service/account` → value. */
	secrets: Map<string, string>;
	bashrcPath: string;
	helperCommand: string;
};

let otherPorts: Ports;
const roots: string[] = [];

beforeAll(async () => {
	// Ports neither planChange nor commitChange touch (network, installer, …).
	otherPorts = (await createFakeWorld()).ports;
});

afterEach(async () => {
	await Promise.all(roots.splice(0).map(async root => rm(root, {recursive: true, force: true})));
});

const idOf = (ref: SecretRef, backend: SecretBackend) => `${backend}:${ref.service}/${ref.account}`;

async function createWorld(options: {env?: Record<string, string>; bashrcText?: string} = {}): Promise<World> {
	const root = await mkdtemp(path.join(tmpdir(), 'claude-setup-switching-'));
	roots.push(root);
	const home = path.join(root, 'home');
	const project = path.join(root, 'project');
	await mkdir(home);
	await mkdir(project);
	const env = {HOME: home, SHELL: '/bin/bash'};
	const paths = resolvePaths(env, project);
	const secrets = new Map<string, string>();
	const helperCommand = `'${path.join(paths.helperDir, 'api-key-helper')}'`;
	let installed = false;
	const ports: Ports = {
		...otherPorts,
		settings: createSettingsStore(paths),
		shell: createShellStartup({home, env, backupsDir: paths.backupsDir, platform: 'linux'}),
		secrets: {
			probe: async () => ({ok: true, backendName: 'In-memory test store'}),
			get: async (ref, backend) => secrets.get(idOf(ref, backend)),
			async set(ref, secret, backend) {
				secrets.set(idOf(ref, backend), secret);
			},
			async remove(ref, backend) {
				secrets.delete(idOf(ref, backend));
			},
			fileLocation: () => paths.secretsFile,
		},
		helper: {
			inspect: async () => ({command: helperCommand, directory: paths.helperDir, installed}),
			async install() {
				installed = true;
				return {command: helperCommand, directory: paths.helperDir, installed};
			},
		},
		env: options.env ?? {},
		configDirHash: paths.configDirHash,
	};
	await mkdir(path.dirname(paths.userSettings), {recursive: true});
	await writeFile(paths.userSettings, unrelatedSettings);
	const bashrcPath = path.join(home, '.bashrc');
	await writeFile(bashrcPath, options.bashrcText ?? bashrc);
	return {root, paths, ports, secrets, bashrcPath, helperCommand};
}

async function apply(world: World, configuration: MethodConfiguration, scope: SettingsScope = 'user'): Promise<ChangePlan> {
	const planned = await planChange(world.ports, scope, 'keychain', configuration);
	if (!('plan' in planned)) {
		throw new Error(`planChange failed: ${JSON.stringify(planned.problem)}`);
	}

	// Which kind of file is written when: recorded to check the order of the commit.
	writes.length = 0;
	const recording: Ports = {
		...world.ports,
		settings: {
			...world.ports.settings,
			write: async (...args) => {
				writes.push('settings');
				return world.ports.settings.write(...args);
			},
		},
		shell: {
			...world.ports.shell,
			write: async (...args) => {
				writes.push('shell');
				return world.ports.shell.write(...args);
			},
		},
	};
	const committed = await commitChange(planned.plan, recording, 1);
	expect(committed).toMatchObject({type: 'committed'});
	return planned.plan;
}

/** The kinds of file the last `apply` wrote, in order. */
const writes: Array<'settings' | 'shell'> = [];

function helperFor(world: World, purpose: SecretPurpose): string {
	return purpose === 'api-key' ? world.helperCommand : `${world.helperCommand} --secret ${secretRef(purpose, world.ports.configDirHash).account}`;
}

/** Every owned key the configuration writes, with the value it must have. */
function expectedOwned(world: World, configuration: MethodConfiguration): Record<string, string> {
	const expected: Record<string, string> = {};
	for (const [name, value] of Object.entries(configuration.env)) {
		expected[`env.${name}`] = value;
	}

	for (const [key, value] of Object.entries(configuration.settings)) {
		expected[key] = value;
	}

	for (const {key, secret} of configuration.helperSettings) {
		expected[key] = helperFor(world, secret);
	}

	return expected;
}

function ownedValues(data: Record<string, unknown>): Record<string, unknown> {
	const found: Record<string, unknown> = {};
	for (const key of ownedKeysIn(data)) {
		const [first, second] = key.split('.');
		found[key] = second === undefined ? data[first!] : (data['env'] as Record<string, unknown>)[second];
	}

	return found;
}

/** Everything in a settings object that is not an auth key of any method. */
function unowned(data: Record<string, unknown>): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(data)) {
		if (ownedSettingKeys.includes(key)) {
			continue;
		}

		copy[key] = key === 'env' && typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([name]) => !isOwnedEnvKey(name))) : value;
	}

	return copy;
}

function memberText(text: string, at: string[]): string | undefined {
	const root = parseTree(text);
	const property = root ? findNodeAtLocation(root, at)?.parent : undefined;
	return property ? text.slice(property.offset, property.offset + property.length) : undefined;
}

function parse(text: string): Record<string, unknown> {
	const parsed = parseSettings(text);
	if (!parsed.ok) {
		throw new Error(`not valid settings: ${parsed.problem.message}`);
	}

	return parsed.data;
}

async function exists(file: string): Promise<boolean> {
	return stat(file).then(() => true, () => false);
}

/** The store's content as `purpose → value`; an entry under any other name fails the test. */
function storedSecrets(world: World): Record<string, string> {
	const byId = new Map((['api-key', 'bedrock-credentials', 'bedrock-api-key', 'foundry-api-key'] as const).map(purpose => [idOf(secretRef(purpose, world.ports.configDirHash), 'keychain'), purpose]));
	const stored: Record<string, string> = {};
	for (const [id, value] of world.secrets) {
		const purpose = byId.get(id);
		expect(purpose, `unexpected secret ${id}`).toBeDefined();
		stored[purpose!] = value;
	}

	return stored;
}

function secretsOf(configuration: MethodConfiguration): Record<string, string> {
	return Object.fromEntries(configuration.secrets.map(secret => [secret.purpose, secret.value]));
}

describe.each(pairs)('switching from %s to %s', (fromName, toName) => {
	const from = configurations[fromName]!;
	const to = configurations[toName]!;

	it('leaves exactly the new method\'s keys, every unrelated byte, the new secrets and the right claude function', async () => {
		const world = await createWorld();
		await apply(world, from);
		const between = await readFile(world.paths.userSettings, 'utf8');
		expect(ownedValues(parse(between))).toEqual(expectedOwned(world, from));
		expect(storedSecrets(world)).toEqual(secretsOf(from));

		const plan = await apply(world, to);
		const after = await readFile(world.paths.userSettings, 'utf8');
		const data = parse(after);

		// The auth keys are exactly the new method's, with its values: nothing of `from` is left over.
		expect(ownedValues(data)).toEqual(expectedOwned(world, to));
		for (const name of Object.keys(from.env).filter(name => !(name in to.env))) {
			expect(data['env'], name).not.toHaveProperty(name);
		}

		// The other personal settings file was never created, so nothing of either method is there.
		expect(await exists(world.paths.localSettings)).toBe(false);
		expect(await exists(world.paths.projectSettings)).toBe(false);

		// Every byte that is not an auth key is as the user wrote it.
		for (const at of unrelatedMembers) {
			expect(memberText(after, at), at.join('.')).toBe(memberText(unrelatedSettings, at));
		}

		expect(unowned(data)).toEqual(parse(unrelatedSettings));
		const stripped = applySettingsPatch(after, {set: [], remove: leftoverPaths(data, new Set(), new Set())});
		expect(stripped).toEqual({ok: true, text: unrelatedSettings});

		// Old secrets are gone, new ones are there, and nothing else is kept.
		expect(storedSecrets(world)).toEqual(secretsOf(to));
		const removed = plan.removeSecrets.map(entry => entry.ref.account).sort();
		const expectedRemoved = from.secrets.filter(secret => !to.secrets.some(kept => kept.purpose === secret.purpose)).map(secret => secretRef(secret.purpose, world.ports.configDirHash).account).sort();
		expect(removed).toEqual(expectedRemoved);

		// The settings never rely on a `claude` function that is not there yet, nor lose one they still
		// rely on: the new function goes in before the settings, the old one comes out after them.
		if (writes.includes('shell')) {
			expect(writes.indexOf('shell') < writes.indexOf('settings'), `order ${writes.join(', ')}`).toBe(to.shellSecrets.length > 0);
		}

		// The `claude` function exists exactly when the new method hands a secret over through the environment.
		const shell = await readFile(world.bashrcPath, 'utf8');
		if (to.shellSecrets.length > 0) {
			expect(shell).toBe(upsertShellBlock(bashrc, to.shellSecrets.map(({variable, secret}) => ({variable, command: helperFor(world, secret)}))));
			expect(removeShellBlock(shell)).toBe(bashrc);
		} else {
			expect(shell).toBe(bashrc);
		}
	});

	if (fromName === toName) {
		it('changes nothing when applied twice', async () => {
			const world = await createWorld();
			await apply(world, from);
			const once = await readFile(world.paths.userSettings, 'utf8');
			const shellOnce = await readFile(world.bashrcPath, 'utf8');
			const plan = await apply(world, to);
			expect(plan.afterText).toBe(plan.beforeText);
			expect(plan.files.filter(file => file.kind === 'shell')).toEqual(to.shellSecrets.length > 0 ? [expect.objectContaining({beforeText: shellOnce, afterText: shellOnce})] : []);
			expect(plan.removeSecrets).toEqual([]);
			expect(await readFile(world.paths.userSettings, 'utf8')).toBe(once);
			expect(await readFile(world.bashrcPath, 'utf8')).toBe(shellOnce);
		});
	}
});

describe.each(pairs.filter(([from, to]) => from !== to))('from %s in one personal scope to %s in the other', (fromName, toName) => {
	const from = configurations[fromName]!;
	const to = configurations[toName]!;

	it('user, then local: the user file gets back its exact original text', async () => {
		const world = await createWorld();
		await apply(world, from, 'user');
		await apply(world, to, 'local');
		expect(await readFile(world.paths.userSettings, 'utf8')).toBe(unrelatedSettings);
		expect(ownedValues(parse(await readFile(world.paths.localSettings, 'utf8')))).toEqual(expectedOwned(world, to));
		expect(storedSecrets(world)).toEqual(secretsOf(to));
	});

	it('local, then user: nothing of the first method is left in the local file', async () => {
		const world = await createWorld();
		await apply(world, from, 'local');
		expect(await readFile(world.paths.userSettings, 'utf8')).toBe(unrelatedSettings);
		await apply(world, to, 'user');
		const local = parse(await readFile(world.paths.localSettings, 'utf8'));
		expect(ownedKeysIn(local)).toEqual([]);
		expect(ownedValues(parse(await readFile(world.paths.userSettings, 'utf8')))).toEqual(expectedOwned(world, to));
		expect(storedSecrets(world)).toEqual(secretsOf(to));
		const shell = await readFile(world.bashrcPath, 'utf8');
		expect(removeShellBlock(shell)).toBe(bashrc);
		expect(shell !== bashrc).toBe(to.shellSecrets.length > 0);
	});
});

describe('other settings files', () => {
	it('cleans a local-scope leftover when writing the user scope, keeping the rest of that file', async () => {
		const world = await createWorld();
		const local = '{\n\t"permissions": {"allow": ["Bash(make:*)"]},\n\t"env": {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "dev", "DEBUG": "1"},\n\t"awsAuthRefresh": "aws sso login --profile dev"\n}\n';
		await mkdir(path.dirname(world.paths.localSettings), {recursive: true});
		await writeFile(world.paths.localSettings, local);
		const plan = await apply(world, configurations['console-api-key']!);
		expect(plan.files.map(file => [file.kind, file.scope])).toEqual([['settings', 'user'], ['settings', 'local']]);
		expect(plan.files[1]?.reason).toBeDefined();
		expect(plan.remainingElsewhere).toEqual([]);
		const after = await readFile(world.paths.localSettings, 'utf8');
		expect(after).toBe('{\n\t"permissions": {"allow": ["Bash(make:*)"]},\n\t"env": {"DEBUG": "1"}\n}\n');
		expect(ownedKeysIn(parse(after))).toEqual([]);
	});

	it('only reports a project-scope leftover, and leaves the shared project file untouched', async () => {
		const world = await createWorld();
		const project = '{\n  "env": {\n    "CLAUDE_CODE_USE_VERTEX": "1",\n    "CLOUD_ML_REGION": "us-east5"\n  },\n  "permissions": {"allow": []}\n}\n';
		await mkdir(path.dirname(world.paths.projectSettings), {recursive: true});
		await writeFile(world.paths.projectSettings, project);
		const plan = await apply(world, configurations['gateway (helper)']!);
		expect(plan.files.map(file => file.scope)).toEqual(['user']);
		expect(plan.remainingElsewhere).toEqual([{path: world.paths.projectSettings, keys: ['env.CLAUDE_CODE_USE_VERTEX', 'env.CLOUD_ML_REGION']}]);
		expect(await readFile(world.paths.projectSettings, 'utf8')).toBe(project);
		expect(await exists(world.paths.localSettings)).toBe(false);
	});

	it('cleans the user scope when writing the local scope', async () => {
		const world = await createWorld();
		await apply(world, configurations['bedrock (keys)']!);
		const plan = await apply(world, configurations.vertex!, 'local');
		expect(plan.files.filter(file => file.kind === 'settings').map(file => file.scope)).toEqual(['local', 'user']);
		expect(await readFile(world.paths.userSettings, 'utf8')).toBe(unrelatedSettings);
		expect(ownedValues(parse(await readFile(world.paths.localSettings, 'utf8')))).toEqual(expectedOwned(world, configurations.vertex!));
		expect(storedSecrets(world)).toEqual({});
	});
});

describe('an API key exported in the shell', () => {
	it('is switched off with "" in the settings, and the plan names the ~/.bashrc line that exports it', async () => {
		const exported = fakeApiKey('EXPORTED');
		const text = `# ~/.bashrc\nexport PATH="$HOME/bin:$PATH"\nexport ANTHROPIC_API_KEY="${exported}"\nalias ll='ls -alF'\n`;
		const world = await createWorld({env: {ANTHROPIC_API_KEY: exported}, bashrcText: text});
		const plan = await apply(world, configurations['gateway (helper)']!);
		expect(plan.shellOverrides).toEqual([{variable: 'ANTHROPIC_API_KEY', file: world.bashrcPath, line: 3, isCancelled: true}]);
		// Cancelled in the settings, so it no longer outranks the helper.
		expect(plan.overrides).toEqual([]);
		const data = parse(await readFile(world.paths.userSettings, 'utf8'));
		expect(data['env']).toEqual({HTTPS_PROXY: 'http://proxy.corp.example:3128', ANTHROPIC_BASE_URL: 'https://llm.example.com', ANTHROPIC_API_KEY: ''});
		expect(data['apiKeyHelper']).toBe(world.helperCommand);
		// The user's file is theirs: the export is pointed out, not edited.
		expect(await readFile(world.bashrcPath, 'utf8')).toBe(text);
		expect(JSON.stringify(plan.files)).not.toContain(exported);
	});

	it('is not cancelled for a cloud provider, which does not read it', async () => {
		const exported = fakeApiKey('EXPORTED');
		const world = await createWorld({env: {ANTHROPIC_API_KEY: exported}, bashrcText: `export ANTHROPIC_API_KEY=${exported}\n`});
		const plan = await apply(world, configurations.vertex!);
		expect(plan.shellOverrides).toEqual([]);
		expect(parse(await readFile(world.paths.userSettings, 'utf8'))['env']).not.toHaveProperty('ANTHROPIC_API_KEY');
	});
});
