import {execFile} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {afterEach, describe, expect, it} from 'vitest';
import {applySettingsPatch} from '../../source/core/settings/edit.js';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import {createSettingsStore, SettingsChangedError} from '../../source/adapters/settings-file.js';

// Root ignores file permissions, so a permission-denied read can only be produced as another user:
// as root (CI), that test runs the store in a child process as `nobody`.
const isRoot = process.getuid?.() === 0;
const nobody = 65_534;

type ReadOutcome = {problem: string | undefined; exists: boolean; hasData: boolean; writeError: string | undefined};

async function readHere(store: ReturnType<typeof createSettingsStore>): Promise<ReadOutcome> {
	const snapshot = await store.read('user');
	const writeError = await store.write('user', '', '{}').then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error)));
	return {problem: snapshot.problem?.message, exists: snapshot.exists, hasData: snapshot.data !== undefined, writeError};
}

/** The same read and write, by the real adapter bundled into a small program that runs as `nobody`. */
async function readAsNobody(root: string, paths: Paths): Promise<ReadOutcome> {
	const projectRoot = path.resolve(import.meta.dirname, '..', '..');
	const script = path.join(projectRoot, 'node_modules', '.cache', 'settings-as-nobody', `read-${process.pid}-${Date.now()}.mjs`);
	await build({
		stdin: {
			contents: [
				"import {createSettingsStore} from './source/adapters/settings-file.ts';",
				'const paths = JSON.parse(process.argv[2]);',
				'const store = createSettingsStore(paths);',
				'const snapshot = await store.read(\'user\');',
				'const writeError = await store.write(\'user\', \'\', \'{}\').then(() => undefined, error => error.message);',
				'process.stdout.write(JSON.stringify({problem: snapshot.problem?.message, exists: snapshot.exists, hasData: snapshot.data !== undefined, writeError}));',
			].join('\n'),
			resolveDir: projectRoot,
			sourcefile: 'read-as-nobody.ts',
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: script,
		mainFields: ['module', 'main'],
		logLevel: 'silent',
	});
	// `nobody` must be able to walk down to the file: the temp folders are created 0700.
	for (let directory = path.dirname(paths.userSettings); directory.startsWith(root); directory = path.dirname(directory)) {
		await chmod(directory, 0o755);
	}

	await chmod(path.dirname(script), 0o755);
	await chmod(script, 0o644);
	try {
		const {stdout} = await promisify(execFile)(process.execPath, [script, JSON.stringify(paths)], {uid: nobody, gid: nobody, timeout: 20_000});
		return JSON.parse(stdout) as ReadOutcome;
	} finally {
		await rm(script, {force: true});
	}
}

const roots: string[] = [];

afterEach(async () => {
	await Promise.all(roots.splice(0).map(async root => rm(root, {recursive: true, force: true})));
});

/** A home folder and a project folder in a fresh temp dir, with every path pointed there. */
async function setup(now?: () => Date) {
	const root = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-settings-')));
	roots.push(root);
	const home = path.join(root, 'home');
	const projectDir = path.join(root, 'project');
	await mkdir(home);
	await mkdir(projectDir);
	const paths: Paths = {
		...resolvePaths({CLAUDE_CONFIG_DIR: path.join(home, '.claude')}, projectDir),
		home,
	};
	const store = createSettingsStore(paths, now);
	return {root, home, projectDir, paths, store};
}

async function put(file: string, content: string | Buffer, mode?: number): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, content);
	if (mode !== undefined) {
		await chmod(file, mode);
	}
}

async function modeOf(file: string): Promise<number> {
	return (await stat(file)).mode & 0o7777;
}

async function entries(directory: string): Promise<string[]> {
	try {
		return await readdir(directory);
	} catch {
		return [];
	}
}

async function temporaryFiles(directory: string): Promise<string[]> {
	return (await entries(directory)).filter(name => name.endsWith('.tmp'));
}

function withHelper(text: string, command = '/opt/claude-setup/helper'): string {
	const edited = applySettingsPatch(text, {set: [{path: ['apiKeyHelper'], value: command}], remove: []});
	if (!edited.ok) {
		throw new Error(`fixture does not parse: ${edited.problem.message}`);
	}

	return edited.text;
}

describe('createSettingsStore', () => {
	it('maps each scope to its path', async () => {
		const {store, paths} = await setup();
		expect(store.pathOf('user')).toBe(paths.userSettings);
		expect(store.pathOf('project')).toBe(paths.projectSettings);
		expect(store.pathOf('local')).toBe(paths.localSettings);
	});

	describe('read', () => {
		it('reports a missing file as absent and empty, with no problem', async () => {
			const {store, paths} = await setup();
			const snapshot = await store.read('user');
			expect(snapshot).toEqual({scope: 'user', path: paths.userSettings, exists: false, text: '', data: {}});
		});

		it('returns the exact text, byte order mark included, and the parsed data', async () => {
			const {store, paths} = await setup();
			const text = '\uFEFF{\r\n\t"model": "opus"\r\n}\r\n';
			await put(paths.projectSettings, text);
			const snapshot = await store.read('project');
			expect(snapshot.exists).toBe(true);
			expect(snapshot.text).toBe(text);
			expect(snapshot.data).toEqual({model: 'opus'});
			expect(snapshot.problem).toBeUndefined();
			expect(snapshot.symlinkTarget).toBeUndefined();
		});

		it('reports a folder at the settings path as a problem instead of throwing', async () => {
			const {store, paths} = await setup();
			await mkdir(paths.userSettings, {recursive: true});
			const snapshot = await store.read('user');
			expect(snapshot.exists).toBe(true);
			expect(snapshot.data).toBeUndefined();
			expect(snapshot.problem?.message).toMatch(/^~\/\.claude\/settings\.json is a folder/);
			expect(snapshot.problem?.message).toMatch(/Move or rename the folder/);
		});

		it('reports a file standing where a folder on the path should be', async () => {
			const {store, paths} = await setup();
			await put(path.join(paths.projectDir, '.claude'), 'not a folder');
			const snapshot = await store.read('local');
			expect(snapshot.exists).toBe(false);
			expect(snapshot.data).toBeUndefined();
			expect(snapshot.problem?.message).toMatch(/a folder on its path is a file/);
		});

		it('reports bytes that are not UTF-8, since rewriting them would corrupt them', async () => {
			const {store, paths} = await setup();
			await put(paths.userSettings, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
			const snapshot = await store.read('user');
			expect(snapshot.data).toBeUndefined();
			expect(snapshot.problem?.message).toMatch(/not valid UTF-8/);
		});

		it('reports an unreadable file as a problem instead of throwing', async () => {
			const {store, paths, root} = await setup();
			await put(paths.userSettings, '{}', 0o000);
			const {problem, exists, hasData, writeError} = isRoot ? await readAsNobody(root, paths) : await readHere(store);
			expect(exists).toBe(true);
			expect(hasData).toBe(false);
			expect(problem).toMatch(/~\/\.claude\/settings\.json cannot be read: permission denied/);
			expect(writeError).toMatch(/permission denied.*Nothing was written/);
		});
	});

	describe('malformed files', () => {
		const cases: Array<{name: string; text: string; line: number; column: number; message: RegExp}> = [
			{name: 'a trailing comma', text: '{\n  "model": "opus",\n}\n', line: 3, column: 1, message: /trailing comma/},
			{name: 'a truncated file', text: '{\n  "env": {\n    "A": "1"\n', line: 4, column: 1, message: /ends before its closing brace/},
			{name: 'a top-level array', text: '[]\n', line: 1, column: 1, message: /must hold one JSON object/},
			{name: 'a missing comma after a BOM', text: '\uFEFF{"a": 1\n "b": 2}', line: 2, column: 2, message: /comma is missing/},
		];

		for (const {name, text, line, column, message} of cases) {
			it(`${name}: read reports where, write refuses and touches nothing`, async () => {
				const {store, paths} = await setup();
				await put(paths.userSettings, text, 0o644);
				const snapshot = await store.read('user');
				expect(snapshot.exists).toBe(true);
				expect(snapshot.text).toBe(text);
				expect(snapshot.data).toBeUndefined();
				expect(snapshot.problem).toMatchObject({line, column});
				expect(snapshot.problem?.message).toMatch(message);

				await expect(store.write('user', text, '{\n  "model": "opus"\n}\n')).rejects.toThrow(
					new RegExp(`~/\\.claude/settings\\.json is not valid JSON \\(line ${line}, column ${column}: .*it was not changed`),
				);
				expect(await readFile(paths.userSettings, 'utf8')).toBe(text);
				expect(await modeOf(paths.userSettings)).toBe(0o644);
				expect(await entries(paths.backupsDir)).toEqual([]);
				expect(await temporaryFiles(path.dirname(paths.userSettings))).toEqual([]);
			});
		}
	});

	describe('write', () => {
		it('creates a new user file with the exact text, mode 0600, in a private ~/.claude', async () => {
			const {store, paths} = await setup();
			const next = withHelper('');
			const result = await store.write('user', '', next);
			expect(result.backupPath).toBeUndefined();
			expect(await readFile(paths.userSettings, 'utf8')).toBe(next);
			expect(await modeOf(paths.userSettings)).toBe(0o600);
			expect(await modeOf(paths.claudeConfigDir)).toBe(0o700);
			// No copy to keep, but a record with no backup, so undo knows to delete the file it created.
			expect(await entries(paths.backupsDir)).toEqual(['manifest.jsonl']);
			const manifest = await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8');
			expect(JSON.parse(manifest)).toMatchObject({scope: 'user', original: paths.userSettings, backup: null});
			const snapshot = await store.read('user');
			expect(snapshot).toMatchObject({exists: true, text: next, data: {apiKeyHelper: '/opt/claude-setup/helper'}});
		});

		it('removes a file (for undo) after backing it up, and records the removal so it can be undone too', async () => {
			const {store, paths} = await setup();
			await store.write('local', '', '{"a": 1}\n');
			await expect(store.remove('local', '{"other": 1}')).rejects.toBeInstanceOf(SettingsChangedError);
			const {backupPath} = await store.remove('local', '{"a": 1}\n');
			await expect(stat(paths.localSettings)).rejects.toThrow(/ENOENT/);
			expect(await readFile(backupPath!, 'utf8')).toBe('{"a": 1}\n');
			const records = (await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8')).trim().split('\n').map(line => JSON.parse(line) as unknown);
			expect(records).toEqual([
				expect.objectContaining({scope: 'local', original: paths.localSettings, backup: null}),
				expect.objectContaining({scope: 'local', original: paths.localSettings, backup: backupPath}),
			]);
			expect(await store.remove('local', '')).toEqual({});
		});

		it('creates a new local file 0600 and a new project file 0644 (it is shared with the team)', async () => {
			const {store, paths} = await setup();
			await store.write('local', '', '{}\n');
			await store.write('project', '', '{}\n');
			expect(await modeOf(paths.localSettings)).toBe(0o600);
			expect(await modeOf(paths.projectSettings)).toBe(0o644);
			expect(await readFile(paths.projectSettings, 'utf8')).toBe('{}\n');
		});

		it('keeps every byte but the added member: unknown keys, nesting, arrays, unicode, CRLF, BOM, tabs', async () => {
			const {store, paths} = await setup();
			const original = [
				'\uFEFF{',
				'\t"model": "opus",',
				'\t"futureKey": {"nested": {"deep": [1, 2.50, true, null]}, "emoji": "héllo 😀 日本"},',
				'\t"permissions": {',
				'\t\t"allow": ["Bash(npm test)", "Read(~/.zshrc)"]',
				'\t}',
				'}',
				'',
			].join('\r\n');
			await put(paths.localSettings, original);
			const before = await store.read('local');
			expect(before.text).toBe(original);
			const next = withHelper(before.text);
			await store.write('local', before.text, next);

			const written = await readFile(paths.localSettings, 'utf8');
			expect(written).toBe(next);
			// The user's text is untouched up to the new member, which follows in the file's own style.
			const lastValueEnd = original.lastIndexOf('\t}') + 2;
			expect(written.slice(0, lastValueEnd)).toBe(original.slice(0, lastValueEnd));
			expect(written.slice(lastValueEnd)).toBe(',\r\n\t"apiKeyHelper": "/opt/claude-setup/helper"\r\n}\r\n');
			const after = await store.read('local');
			expect(after.data).toEqual({...before.data, apiKeyHelper: '/opt/claude-setup/helper'});
		});

		it('changes an existing member in place and nothing else', async () => {
			const {store, paths} = await setup();
			const original = '{\n    "apiKeyHelper": "old-helper",\n    "zeta": {"keep": ["me", "ü"]},\n    "alpha": 1\n}';
			await put(paths.userSettings, original);
			await store.write('user', original, withHelper(original, '/new/helper'));
			expect(await readFile(paths.userSettings, 'utf8')).toBe(original.replace('"old-helper"', '"/new/helper"'));
		});

		it('backs up the previous file byte for byte, 0600, and records it in the manifest', async () => {
			const time = new Date('2025-03-04T05:06:07.089Z');
			const {store, paths} = await setup(() => time);
			const original = '{\n  "model": "sonnet"\n}\n';
			await put(paths.userSettings, original, 0o644);
			const {backupPath} = await store.write('user', original, withHelper(original));

			expect(backupPath).toBe(path.join(paths.backupsDir, '2025-03-04T05-06-07.089Z-user-settings.json'));
			expect(await readFile(backupPath!, 'utf8')).toBe(original);
			expect(await modeOf(backupPath!)).toBe(0o600);
			expect(await modeOf(paths.backupsDir)).toBe(0o700);
			expect(await modeOf(paths.setupDir)).toBe(0o700);
			const manifest = await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8');
			expect(manifest.endsWith('\n')).toBe(true);
			expect(manifest.trim().split('\n').map(line => JSON.parse(line) as unknown)).toEqual([
				{time: time.toISOString(), scope: 'user', original: paths.userSettings, backup: backupPath},
			]);
		});

		it('gives two backups made in the same millisecond different names', async () => {
			const time = new Date('2025-03-04T05:06:07.089Z');
			const {store, paths} = await setup(() => time);
			const first = '{"a": 1}';
			await put(paths.projectSettings, first);
			const second = withHelper(first, 'one');
			const one = await store.write('project', first, second);
			const two = await store.write('project', second, withHelper(second, 'two'));

			expect(one.backupPath).toBeDefined();
			expect(two.backupPath).toBeDefined();
			expect(two.backupPath).not.toBe(one.backupPath);
			expect(await readFile(one.backupPath!, 'utf8')).toBe(first);
			expect(await readFile(two.backupPath!, 'utf8')).toBe(second);
			const records = (await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8')).trim().split('\n');
			expect(records.map(line => (JSON.parse(line) as {backup: string}).backup)).toEqual([one.backupPath, two.backupPath]);
		});

		it('keeps the mode of an existing file exactly (0640 stays 0640)', async () => {
			const {store, paths} = await setup();
			await put(paths.userSettings, '{}', 0o640);
			await store.write('user', '{}', withHelper('{}'));
			expect(await modeOf(paths.userSettings)).toBe(0o640);
			expect(await readFile(paths.userSettings, 'utf8')).toBe(withHelper('{}'));
		});

		it('writes through a symlink: the link stays a link and its target gets the new text', async () => {
			const {store, paths, root} = await setup();
			const target = path.join(root, 'dotfiles', 'claude', 'settings.json');
			const original = '{\n  "model": "opus"\n}\n';
			await put(target, original, 0o640);
			await mkdir(paths.claudeConfigDir, {recursive: true});
			await symlink('../../dotfiles/claude/settings.json', paths.userSettings);

			const snapshot = await store.read('user');
			expect(snapshot.path).toBe(paths.userSettings);
			expect(snapshot.symlinkTarget).toBe(target);
			expect(snapshot.text).toBe(original);

			const next = withHelper(snapshot.text);
			const {backupPath} = await store.write('user', snapshot.text, next);
			expect((await lstat(paths.userSettings)).isSymbolicLink()).toBe(true);
			expect(await readlink(paths.userSettings)).toBe('../../dotfiles/claude/settings.json');
			expect(await readFile(target, 'utf8')).toBe(next);
			expect(await modeOf(target)).toBe(0o640);
			expect(await readFile(backupPath!, 'utf8')).toBe(original);
			const record = JSON.parse(await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8')) as {original: string};
			expect(record.original).toBe(target);
			expect(await temporaryFiles(path.dirname(target))).toEqual([]);
			expect(await temporaryFiles(paths.claudeConfigDir)).toEqual([]);
		});

		it('treats a dangling symlink as a missing file and creates its target through the link', async () => {
			const {store, paths, root} = await setup();
			const target = path.join(root, 'dotfiles', 'not-yet', 'settings.json');
			await mkdir(paths.claudeConfigDir, {recursive: true});
			await symlink(target, paths.userSettings);

			const snapshot = await store.read('user');
			expect(snapshot).toMatchObject({exists: false, text: '', data: {}, symlinkTarget: target});
			expect(snapshot.problem).toBeUndefined();

			const next = withHelper('');
			const {backupPath} = await store.write('user', '', next);
			expect(backupPath).toBeUndefined();
			expect((await lstat(paths.userSettings)).isSymbolicLink()).toBe(true);
			expect(await readFile(target, 'utf8')).toBe(next);
			expect(await modeOf(target)).toBe(0o600);
		});

		it('refuses to write over a folder and leaves it alone', async () => {
			const {store, paths} = await setup();
			await mkdir(paths.localSettings, {recursive: true});
			await writeFile(path.join(paths.localSettings, 'inside'), 'x');
			await expect(store.write('local', '', '{}\n')).rejects.toThrow(/settings\.local\.json is a folder.*Nothing was written/);
			expect(await readdir(paths.localSettings)).toEqual(['inside']);
		});

		it('refuses to write when the file changed since the review, and leaves the change alone', async () => {
			const {store, paths} = await setup();
			await put(paths.userSettings, '{"model": "opus"}', 0o600);
			const reviewed = await store.read('user');
			await writeFile(paths.userSettings, '{"model": "sonnet"}');

			const attempt = store.write('user', reviewed.text, withHelper(reviewed.text));
			await expect(attempt).rejects.toBeInstanceOf(SettingsChangedError);
			await expect(attempt).rejects.toThrow(/^~\/\.claude\/settings\.json changed since you reviewed it.*nothing was written/);
			expect(await readFile(paths.userSettings, 'utf8')).toBe('{"model": "sonnet"}');
			expect(await entries(paths.backupsDir)).toEqual([]);
		});

		it('refuses when the file appeared or disappeared since the review', async () => {
			const {store, paths} = await setup();
			const missing = await store.read('project');
			await put(paths.projectSettings, '{"model": "opus"}');
			await expect(store.write('project', missing.text, withHelper(missing.text))).rejects.toThrow(/changed since you reviewed it/);
			expect(await readFile(paths.projectSettings, 'utf8')).toBe('{"model": "opus"}');

			const present = await store.read('project');
			await rm(paths.projectSettings);
			await expect(store.write('project', present.text, withHelper(present.text))).rejects.toThrow(/changed since you reviewed it/);
			expect(await entries(path.dirname(paths.projectSettings))).toEqual([]);
		});

		it('catches a change made while it was writing, before the rename, and leaves no temp file', async () => {
			let userSettings = '';
			// `now` is read while the backup is made, after the review check and before the rename:
			// editing the file there stands in for an editor saving at the worst moment.
			const {store, paths} = await setup(() => {
				writeFileSync(userSettings, '{"edited": "meanwhile"}');
				return new Date('2025-01-01T00:00:00.000Z');
			});
			userSettings = paths.userSettings;
			await put(paths.userSettings, '{}');
			const concurrent = store.write('user', '{}', withHelper('{}'));
			await expect(concurrent).rejects.toBeInstanceOf(SettingsChangedError);
			expect(await readFile(paths.userSettings, 'utf8')).toBe('{"edited": "meanwhile"}');
			expect(await temporaryFiles(paths.claudeConfigDir)).toEqual([]);
		});

		it('leaves the original intact and no temp file when the new file cannot be created', async () => {
			const {store, paths, root} = await setup();
			// A target name near the file-name limit makes the temp name beside it too long (ENAMETOOLONG):
			// a real write failure that even root gets, unlike a read-only folder.
			const target = path.join(root, 'dotfiles', `${'s'.repeat(240)}.json`);
			await put(target, '{"model": "opus"}', 0o640);
			await mkdir(paths.claudeConfigDir, {recursive: true});
			await symlink(target, paths.userSettings);

			const attempt = store.write('user', '{"model": "opus"}', withHelper('{"model": "opus"}'));
			await expect(attempt).rejects.toThrow(/^Could not write ~\/\.claude\/settings\.json \(.*\)\. The file was left as it was\. Its previous content is also saved in ~\/\.claude\/claude-setup\/backups\/.*then try again\.$/);
			expect(await readFile(target, 'utf8')).toBe('{"model": "opus"}');
			expect(await modeOf(target)).toBe(0o640);
			expect((await lstat(paths.userSettings)).isSymbolicLink()).toBe(true);
			expect(await temporaryFiles(path.dirname(target))).toEqual([]);
		});

		it('refuses new text that is not a settings object, so a bug cannot break the file', async () => {
			const {store, paths} = await setup();
			await put(paths.userSettings, '{"model": "opus"}');
			await expect(store.write('user', '{"model": "opus"}', '{"model": ')).rejects.toThrow(/not a valid settings object.*nothing was written/);
			expect(await readFile(paths.userSettings, 'utf8')).toBe('{"model": "opus"}');
			expect(await entries(paths.backupsDir)).toEqual([]);
		});

		it('refuses to rewrite a file that is not UTF-8', async () => {
			const {store, paths} = await setup();
			const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
			await put(paths.userSettings, bytes);
			const snapshot = await store.read('user');
			await expect(store.write('user', snapshot.text, '{}')).rejects.toThrow(/not valid UTF-8.*Nothing was written/);
			expect((await readFile(paths.userSettings)).equals(bytes)).toBe(true);
		});
	});
});
