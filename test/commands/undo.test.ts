import {appendFile, mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runLogout} from '../../source/commands/logout.js';
import {readManifest, runUndo} from '../../source/commands/undo.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {commandIo, createCommandWorld, setUpConsoleKey, expectNoKey, removeCommandWorlds, treeOf, type CommandWorld} from './command-world.js';

const key = fakeApiKey('UNDO');

afterEach(async () => {
	await removeCommandWorlds();
});

async function setUp(world: CommandWorld, scope: 'user' | 'project' | 'local'): Promise<void> {
	await setUpConsoleKey(world, key, scope);
}

async function undo(world: CommandWorld, options: {yes?: boolean; dryRun?: boolean} = {yes: true}): Promise<{code: number; stdout: string; stderr: string}> {
	const run = commandIo(world);
	const code = await runUndo({yes: options.yes ?? false, dryRun: options.dryRun ?? false}, run.io);
	expectNoKey(run.output(), key);
	return {code, stdout: run.stdout(), stderr: run.stderr()};
}

async function exists(target: string): Promise<boolean> {
	return stat(target).then(
		() => true,
		() => false,
	);
}

describe('claude-setup undo', () => {
	it('has nothing to undo before claude-setup changed anything', async () => {
		const world = await createCommandWorld();
		const result = await undo(world);
		expect(result).toMatchObject({code: 0});
		expect(result.stdout).toContain('Nothing to undo');
	});

	it('after logout, puts back the exact bytes of the settings file, and warns that the key itself is gone', async () => {
		const world = await createCommandWorld();
		await mkdir(world.configDir, {recursive: true});
		await writeFile(world.paths.userSettings, '\uFEFF{\r\n    "model": "opus",\r\n    "futureKey": {"a": [1, 2.50, null]}\r\n}\r\n', {mode: 0o640});
		await setUp(world, 'user');
		const afterSetup = await readFile(world.paths.userSettings);

		const logout = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, logout.io)).toBe(0);
		const afterLogout = await readFile(world.paths.userSettings);
		expect(afterLogout.equals(afterSetup)).toBe(false);

		const restored = await undo(world);
		expect(restored.code).toBe(0);
		expect(restored.stdout).toMatch(/^\s+\+ \s+"apiKeyHelper": /m);
		expect(restored.stdout).toContain("Settings name claude-setup's key helper, but it is not installed");
		expect((await readFile(world.paths.userSettings)).equals(afterSetup)).toBe(true);
		expect((await stat(world.paths.userSettings)).mode & 0o777).toBe(0o640);

		// The restore was itself backed up and recorded: undo again undoes the undo.
		expect((await undo(world)).code).toBe(0);
		expect((await readFile(world.paths.userSettings)).equals(afterLogout)).toBe(true);
	});

	it('deletes a settings file claude-setup created, and can bring it back', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'project');
		const created = await readFile(world.paths.projectSettings);
		const records = await readManifest(world.paths.backupsDir);
		expect(records).toEqual([expect.objectContaining({scope: 'project', original: world.paths.projectSettings, backup: null})]);

		const deleted = await undo(world);
		expect(deleted.stdout).toContain('claude-setup created it');
		expect(deleted.stdout).toContain('Deleted project settings');
		expect(await exists(world.paths.projectSettings)).toBe(false);

		await undo(world);
		expect((await readFile(world.paths.projectSettings)).equals(created)).toBe(true);
	});

	it('restores the file the record names, even when run from another folder', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'local');
		const elsewhere = path.join(world.root, 'elsewhere');
		await mkdir(elsewhere);
		const run = commandIo(world);
		expect(await runUndo({yes: true, dryRun: false}, {...run.io, cwd: elsewhere})).toBe(0);
		expect(await exists(world.paths.localSettings)).toBe(false);
		expect(await exists(path.join(elsewhere, '.claude'))).toBe(false);
	});

	it('--dry-run and a "no" change nothing; without a terminal it needs --yes', async () => {
		const world = await createCommandWorld();
		await setUp(world, 'user');
		const before = await treeOf(world.root);
		const dry = await undo(world, {dryRun: true});
		expect(dry.stdout).toContain('Dry run: nothing was changed.');
		const refused = await undo(world, {});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('Add --yes');
		const no = commandIo(world, {stdin: 'no\n', isInteractive: true});
		expect(await runUndo({yes: false, dryRun: false}, no.io)).toBe(130);
		expect(no.stdout()).toContain('Delete it? [y/N]');
		expect(await treeOf(world.root)).toEqual(before);
	});

	it('skips a damaged manifest line, and fails clearly when the backup is gone', async () => {
		const world = await createCommandWorld();
		await mkdir(world.configDir, {recursive: true});
		await writeFile(world.paths.userSettings, '{}\n');
		await setUp(world, 'user');
		await appendFile(path.join(world.paths.backupsDir, 'manifest.jsonl'), '{"time": "cut sho');
		const [record] = await readManifest(world.paths.backupsDir);
		expect(record?.backup).toEqual(expect.any(String));
		await rm(record!.backup!);
		const result = await undo(world);
		expect(result.code).toBe(1);
		// A record written after the damaged line is still read.
		const logout = commandIo(world);
		expect(await runLogout({yes: true, dryRun: false}, logout.io)).toBe(0);
		expect(await readManifest(world.paths.backupsDir)).toHaveLength(2);
		expect(result.stderr).toMatch(/The backup .* cannot be read .*Nothing was changed\./);
	});
});
