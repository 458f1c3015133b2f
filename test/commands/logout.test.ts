import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createRealPorts} from '../../source/adapters/real-ports.js';
import {runLogout} from '../../source/commands/logout.js';
import type {MethodConfiguration} from '../../source/core/auth/configuration.js';
import {bedrockConfiguration} from '../../source/core/auth/specs/bedrock.js';
import {foundryConfiguration} from '../../source/core/auth/specs/foundry.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import {maskSecret} from '../../source/core/secrets/mask.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {commandIo, createCommandWorld, setUpConsoleKey, expectNoKey, removeCommandWorlds, treeOf, type CommandWorld} from './command-world.js';

const key = fakeApiKey('LOGOUT');

afterEach(async () => {
	await removeCommandWorlds();
});

async function setUp(world: CommandWorld, scope: 'user' | 'project' | 'local'): Promise<void> {
	await setUpConsoleKey(world, key, scope);
}

async function put(file: string, text: string): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, text);
}

async function exists(target: string): Promise<boolean> {
	return stat(target).then(
		() => true,
		() => false,
	);
}

describe('claude-setup logout', () => {
	it('without a terminal and without --yes or --dry-run, exits 2 naming --yes and touches nothing', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'user');
		const before = await treeOf(world.root);
		const run = commandIo(world);
		expect(await runLogout({yes: false, dryRun: false}, run.io)).toBe(2);
		expect(run.stderr()).toContain('Add --yes');
		expect(await treeOf(world.root)).toEqual(before);
	});

	it('--dry-run shows the masked review and writes nothing', async () => {
		const world = await createCommandWorld();
		await put(world.paths.userSettings, '{\n  "model": "opus"\n}\n');
		await setUp(world, 'user');
		const before = await treeOf(world.root);
		const run = commandIo(world);
		expect(await runLogout({yes: false, dryRun: true}, run.io)).toBe(0);
		const text = run.stdout();
		expect(text).toContain('Remove apiKeyHelper from user settings');
		expect(text).toMatch(/^\s+- \s+"apiKeyHelper": /m);
		expect(text).toContain(`Delete the API key or gateway token ${maskSecret(key)} from `);
		expect(text).toContain(`Remove the key helper folder ${world.paths.helperDir}`);
		expect(text).toContain('Dry run: nothing was removed.');
		expectNoKey(run.output(), key);
		expect(await treeOf(world.root)).toEqual(before);
	});

	it('removes the setting, the key and the helper folder, keeping every other byte and the backups', async () => {
		const world = await createCommandWorld();
		const original = '\uFEFF{\r\n\t"model": "opus",\r\n\t"permissions": {\r\n\t\t"allow": [\r\n\t\t\t"Bash(ls)"\r\n\t\t]\r\n\t}\r\n}\r\n';
		await put(world.paths.userSettings, original);
		await setUp(world, 'user');
		const run = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, run.io)).toBe(0);
		expect(run.stdout()).toContain('Logged out. Claude Code will now use a claude.ai or Console login, if any.');
		expectNoKey(run.output(), key);
		expect(await readFile(world.paths.userSettings, 'utf8')).toBe(original);
		expect(await exists(world.paths.secretsFile)).toBe(false);
		expect(await exists(world.paths.helperDir)).toBe(false);
		expect(await exists(path.join(world.paths.backupsDir, 'manifest.jsonl'))).toBe(true);

		const again = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, again.io)).toBe(0);
		expect(again.stdout()).toContain('claude-setup has nothing stored for');
	});

	it("never removes a helper someone else configured, and keeps the key while another scope still uses it", async () => {
		const world = await createCommandWorld();
		await setUp(world, 'user');
		const ours = (JSON.parse(await readFile(world.paths.userSettings, 'utf8')) as {apiKeyHelper: string}).apiKeyHelper;
		const theirs = '{"apiKeyHelper": "/opt/vault/print-key"}\n';
		await put(world.paths.projectSettings, theirs);
		await put(world.paths.localSettings, JSON.stringify({apiKeyHelper: ours}));

		const run = commandIo(world);
		expect(await runLogout({scope: 'local', yes: true, dryRun: false}, run.io)).toBe(0);
		expect(run.stdout()).toContain('Keep the API key and the key helper: user settings');
		// The file had no final newline, and the edit keeps that byte-for-byte.
		expect(await readFile(world.paths.localSettings, 'utf8')).toBe('{}');
		expect(await readFile(world.paths.projectSettings, 'utf8')).toBe(theirs);
		expect(await exists(world.paths.secretsFile)).toBe(true);
		expect(await exists(world.paths.helperDir)).toBe(true);

		const project = commandIo(world);
		expect(await runLogout({scope: 'project', yes: true, dryRun: false}, project.io)).toBe(0);
		expect(project.stdout()).toContain('uses a key helper claude-setup did not install; it is left as it is.');
		expect(await readFile(world.paths.projectSettings, 'utf8')).toBe(theirs);

		const all = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, all.io)).toBe(0);
		expect(await readFile(world.paths.projectSettings, 'utf8')).toBe(theirs);
		expect(JSON.parse(await readFile(world.paths.userSettings, 'utf8'))).toEqual({});
		expect(await exists(world.paths.secretsFile)).toBe(false);
		expect(all.stdout()).toContain('Claude Code will now use an apiKeyHelper in project settings');
	});

	it('keeps the key when a settings file cannot be read (it might use the helper), and refuses that file by name', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'user');
		await put(world.paths.localSettings, '{"apiKeyHelper": ');
		const run = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, run.io)).toBe(0);
		expect(run.stdout()).toMatch(/Keep the API key and the key helper: local settings .* which could not be read \(not valid JSON/);
		expect(await exists(world.paths.secretsFile)).toBe(true);

		const named = commandIo(world);
		expect(await runLogout({scope: 'local', yes: true, dryRun: false}, named.io)).toBe(1);
		expect(named.stderr()).toMatch(/local settings .* cannot be changed: not valid JSON/);
	});

	it('asks in a terminal: "n" or end of input cancels (130) and keeps everything, "y" removes', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'user');
		const before = await treeOf(world.root);
		const no = commandIo(world, {stdin: 'n\n', isInteractive: true});
		expect(await runLogout({yes: false, dryRun: false}, no.io)).toBe(130);
		expect(no.stdout()).toContain('Remove these? [y/N]');
		expect(no.stdout()).toContain('Nothing was removed.');
		const eof = commandIo(world, {stdin: '', isInteractive: true});
		expect(await runLogout({yes: false, dryRun: false}, eof.io)).toBe(130);
		expect(await treeOf(world.root)).toEqual(before);

		const yes = commandIo(world, {stdin: 'y\n', isInteractive: true});
		expect(await runLogout({yes: false, dryRun: false}, yes.io)).toBe(0);
		expect(await exists(world.paths.secretsFile)).toBe(false);
	});

	describe('every method, not only the Console key', () => {
		const userSettings = '{\n  "model": "opus"\n}\n';
		const bashrc = 'export EDITOR=vim\n';
		const awsConfig = '[profile work]\nregion = eu-west-1\n';

		/** A world with a HOME (shell start-up file, AWS config) set up through the wizard's own plan and commit, secrets in the file store. */
		async function setUpMethod(configuration: MethodConfiguration): Promise<CommandWorld & {home: string}> {
			const base = await createCommandWorld();
			const home = path.join(base.root, 'home');
			const world = {...base, home, env: {...base.env, HOME: home, SHELL: '/bin/bash'}};
			await put(path.join(home, '.bashrc'), bashrc);
			await put(path.join(home, '.aws', 'config'), awsConfig);
			await put(world.paths.userSettings, userSettings);
			const {ports} = createRealPorts({env: world.env, cwd: world.project, helperScriptPath: world.helperScriptPath});
			const planned = await planChange(ports, 'user', 'file', configuration);
			if (!('plan' in planned)) {
				throw new Error(JSON.stringify(planned.problem));
			}

			expect(await commitChange(planned.plan, ports, 1)).toMatchObject({type: 'committed'});
			return world;
		}

		it('Bedrock with typed keys: the AWS profile, AWS_PROFILE and the keys go; the Bedrock choice stays', async () => {
			const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLOGOUTKEY';
			const world = await setUpMethod(bedrockConfiguration({auth: 'keys', accessKeyId: 'AKIALOGOUTTESTKEY123', secretAccessKey: secret, region: 'eu-west-1', model: 'm', smallModel: 's'}, {}));
			expect(await readFile(path.join(world.home, '.aws', 'config'), 'utf8')).toContain('[profile claude-setup]');

			const dry = commandIo(world);
			expect(await runLogout({yes: false, dryRun: true}, dry.io)).toBe(0);
			expect(dry.stdout()).toContain('Remove env.AWS_PROFILE from user settings');
			expect(dry.stdout()).toContain('Remove the [profile claude-setup] block claude-setup added to ');
			expect(dry.stdout()).toMatch(/Delete the AWS access key \S+ from /);
			expect(dry.output()).not.toContain(secret);

			const run = commandIo(world);
			expect(await runLogout({yes: true, dryRun: false}, run.io)).toBe(0);
			expect(run.output()).not.toContain(secret);
			expect(await readFile(path.join(world.home, '.aws', 'config'), 'utf8')).toBe(awsConfig);
			const settings = JSON.parse(await readFile(world.paths.userSettings, 'utf8')) as {env: Record<string, string>; model: string};
			expect(settings.env['AWS_PROFILE']).toBeUndefined();
			expect(settings.env['CLAUDE_CODE_USE_BEDROCK']).toBe('1');
			expect(settings.model).toBe('opus');
			expect(await readFile(world.paths.secretsFile, 'utf8').catch(() => '')).not.toContain(secret);
			expect(await exists(world.paths.helperDir)).toBe(false);

			const again = commandIo(world);
			expect(await runLogout({yes: true, dryRun: false}, again.io)).toBe(0);
			expect(again.stdout()).toContain('claude-setup has nothing stored for');
		});

		it('Foundry with an API key: the claude function and the key go, the rest of the start-up file stays', async () => {
			const foundryKey = 'foundry-logout-key-0123456789abcdef';
			const world = await setUpMethod(foundryConfiguration({endpoint: 'contoso-ai', auth: 'api-key', apiKey: foundryKey, opus: 'o', sonnet: 's', haiku: 'h'}));
			expect(await readFile(path.join(world.home, '.bashrc'), 'utf8')).toContain('claude()');

			const run = commandIo(world);
			expect(await runLogout({yes: true, dryRun: false}, run.io)).toBe(0);
			expect(run.stdout()).toContain('Removed the `claude` function from ');
			expect(run.stdout()).toContain('Deleted the Foundry API key from ');
			expect(run.output()).not.toContain(foundryKey);
			expect(await readFile(path.join(world.home, '.bashrc'), 'utf8')).toBe(bashrc);
			expect(await readFile(world.paths.secretsFile, 'utf8').catch(() => '')).not.toContain(foundryKey);
			expect(await readFile(world.paths.userSettings, 'utf8')).toContain('CLAUDE_CODE_USE_FOUNDRY');
		});
	});
});
