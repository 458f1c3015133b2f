import {execFile} from 'node:child_process';
import {chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import {createSettingsStore} from '../../source/adapters/settings-file.js';
import {gatewayConfiguration} from '../../source/core/auth/specs/gateway.js';
import type {SettingsScope} from '../../source/core/ports.js';
import {applySettingsPatch, parseSettings} from '../../source/core/settings/edit.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import type {ChangePlan} from '../../source/core/wizard/state.js';
import {createFakeWorld, type FakeWorld} from '../helpers/fake-ports.js';
import {settingsInChild} from '../helpers/settings-in-child.js';

/*
"Nothing lost": every settings scope, real files in temp folders, the real store, and the wizard's
own planChange/commitChange (with the fake keychain and helper of test/helpers/fake-ports.ts, since
only the settings files are under test here). A file claude-setup cannot safely edit is refused with
where and why, and stays byte for byte what it was; a file it can edit keeps every byte it does not own.

Decisions, documented by these tests:
- Comments are refused (Claude Code reads strict JSON), never dropped.
- Duplicate keys are kept as they are, unless one lies on a path claude-setup changes: then the edit
  is refused with both places, because Claude Code uses the last one and an edit would change the first.
- An empty or whitespace-only file holds no settings; it is replaced by a fresh object (its
  whitespace is not kept). A byte order mark alone is kept.
- Nesting deeper than jsonc-parser can walk (tens of thousands of levels) is refused, not crashed on.
*/

const scopes: readonly SettingsScope[] = ['user', 'project', 'local'];
const isRoot = process.getuid?.() === 0;
const nobody = 65_534;
const gatewayUrl = 'https://llm.example.com';
// Built at runtime so no realistic credential literal sits in the repository.
const token = ['gw', 'TEST', 'not-a-real-token', 'z'.repeat(24)].join('-');
const configuration = gatewayConfiguration(gatewayUrl, 'helper', token);

const roots: string[] = [];
afterAll(async () => {
	await Promise.all(roots.map(async root => rm(root, {recursive: true, force: true})));
});

/** A home folder and a project folder in a fresh temp dir, with every path pointed there. */
async function storeWorld() {
	const root = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-hardening-')));
	roots.push(root);
	const home = path.join(root, 'home');
	const projectDir = path.join(root, 'project');
	await mkdir(home);
	await mkdir(projectDir);
	const paths: Paths = {...resolvePaths({CLAUDE_CONFIG_DIR: path.join(home, '.claude')}, projectDir), home};
	return {root, paths, store: createSettingsStore(paths)};
}

/** The wizard's ports over real settings files (fake keychain and helper). */
async function wizardWorld(): Promise<FakeWorld & {root: string}> {
	const world = await createFakeWorld();
	const root = path.dirname(world.configDir);
	roots.push(root);
	return {...world, root};
}

async function put(file: string, content: string | Buffer, mode?: number): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, content);
	if (mode !== undefined) {
		await chmod(file, mode);
	}
}

async function entries(directory: string): Promise<string[]> {
	return readdir(directory).catch(() => []);
}

async function temporaryFiles(directory: string): Promise<string[]> {
	return (await entries(directory)).filter(name => name.endsWith('.tmp'));
}

async function plan(world: FakeWorld, scope: SettingsScope) {
	return planChange(world.ports, scope, 'keychain', configuration);
}

async function planned(world: FakeWorld, scope: SettingsScope): Promise<ChangePlan> {
	const result = await plan(world, scope);
	if (!('plan' in result)) {
		throw new Error(`expected a plan, got ${JSON.stringify(result.problem)}`);
	}

	return result.plan;
}

async function helperCommand(world: FakeWorld): Promise<string> {
	return (await world.ports.helper.inspect()).command;
}

/** What the gateway setup adds after the last member of an object that has no `env` yet. */
function insertion(eol: string, unit: string, command: string): string {
	return [
		',',
		`${unit}"env": {`,
		`${unit}${unit}"ANTHROPIC_BASE_URL": ${JSON.stringify(gatewayUrl)}`,
		`${unit}},`,
		`${unit}"apiKeyHelper": ${JSON.stringify(command)}`,
	].join(eol);
}

/** `original` with `added` right after its last member, which is where every new member goes. */
function withInsertion(original: string, added: string): string {
	const close = original.lastIndexOf('}');
	const lastMemberEnd = original.slice(0, close).trimEnd().length;
	return original.slice(0, lastMemberEnd) + added + original.slice(lastMemberEnd);
}

function freshFile(command: string): string {
	return `{\n  "env": {\n    "ANTHROPIC_BASE_URL": ${JSON.stringify(gatewayUrl)}\n  },\n  "apiKeyHelper": ${JSON.stringify(command)}\n}\n`;
}

describe('malformed settings are refused with where, and stay byte for byte', () => {
	const cases: Array<{name: string; text: string; line: number; column: number; message: RegExp}> = [
		{name: 'a trailing comma', text: '{\n  "model": "opus",\n}\n', line: 3, column: 1, message: /trailing comma/},
		{name: 'a file cut short', text: '{\n  "env": {\n    "A": "1"\n', line: 4, column: 1, message: /ends before its closing brace/},
		{name: 'a string cut short', text: '{\n  "model": "op', line: 2, column: 12, message: /not closed/},
		{name: 'a top-level array', text: '[\n  {"model": "opus"}\n]\n', line: 1, column: 1, message: /must hold one JSON object .* holds a list/},
		{name: 'a top-level string', text: '  "opus"\n', line: 1, column: 3, message: /must hold one JSON object .* holds text/},
		{name: 'a top-level number', text: '42', line: 1, column: 1, message: /must hold one JSON object .* holds a number/},
		{name: 'a top-level null', text: 'null\n', line: 1, column: 1, message: /must hold one JSON object .* holds null/},
		{name: 'a line comment', text: '{\n  // the team model\n  "model": "opus"\n}\n', line: 2, column: 3, message: /Comments are not allowed/},
		{name: 'a block comment', text: '{\n  "model": "opus" /* for now */\n}\n', line: 2, column: 19, message: /Comments are not allowed/},
		{name: 'a non-breaking space pasted from the web', text: '{\n\u00A0 "model": "opus"\n}\n', line: 2, column: 1, message: /cannot start a JSON value/},
		{name: 'single quotes', text: "{\n  'model': 'opus'\n}\n", line: 2, column: 3, message: /cannot start a JSON value/},
		{name: 'a raw tab inside a string', text: '{\n  "model": "op\tus"\n}\n', line: 2, column: 15, message: /raw control character/},
		{name: 'a Windows path with single backslashes', text: '{\n  "apiKeyHelper": "C:\\\\tools\\x.exe"\n}\n', line: 2, column: 29, message: /backslash escape/},
		{name: 'a \\u escape cut short', text: '{\n  "model": "\\u00e"\n}\n', line: 2, column: 13, message: /backslash escape/},
		{name: 'two objects', text: '{"model": "opus"}\n{"model": "haiku"}\n', line: 2, column: 1, message: /text after the end/},
		{name: 'a BOM, CRLF and a trailing comma', text: '\uFEFF{\r\n  "a": 1,\r\n}\r\n', line: 3, column: 1, message: /trailing comma/},
		{name: 'old Mac line ends (CR only) and a trailing comma', text: '{\r  "a": 1,\r}\r', line: 3, column: 1, message: /trailing comma/},
	];

	for (const scope of scopes) {
		for (const {name, text, line, column, message} of cases) {
			it(`${scope}: ${name}`, async () => {
				const world = await wizardWorld();
				const file = world.ports.settings.pathOf(scope);
				await put(file, text, 0o640);
				const before = await readFile(file);

				const snapshot = await world.ports.settings.read(scope);
				expect(snapshot).toMatchObject({exists: true, text, data: undefined, problem: {line, column}});
				expect(snapshot.problem?.message).toMatch(message);

				const result = await plan(world, scope);
				expect(result).toEqual({problem: {kind: 'unparsable', path: file, problem: {message: expect.stringMatching(message) as string, line, column}}});

				await expect(world.ports.settings.write(scope, text, '{}\n')).rejects.toThrow(new RegExp(`is not valid JSON \\(line ${line}, column ${column}: .*it was not changed`));
				expect((await readFile(file)).equals(before)).toBe(true);
				expect((await stat(file)).mode & 0o777).toBe(0o640);
				expect(await temporaryFiles(path.dirname(file))).toEqual([]);
				expect(await entries(path.join(world.configDir, 'claude-setup', 'backups'))).toEqual([]);
			});
		}
	}
});

describe('a file broken by hand between the review and the commit is not overwritten', () => {
	for (const scope of scopes) {
		it(scope, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			await put(file, '{\n  "model": "opus"\n}\n');
			const change = await planned(world, scope);
			const broken = '{\n  "model": "opus",\n  "half typed\n';
			await writeFile(file, broken);
			const committed = await commitChange(change, world.ports, 1);
			expect(committed).toEqual({type: 'commit-failed', id: 1, message: expect.stringMatching(/changed since you reviewed it .*nothing was written/) as string});
			expect(await readFile(file, 'utf8')).toBe(broken);
			expect(await temporaryFiles(path.dirname(file))).toEqual([]);
		});
	}
});

describe('a key claude-setup changes that holds the wrong type is refused, file untouched', () => {
	// The edit underneath refuses a non-object `env` and says where.
	const envCases: Array<{name: string; text: string; shown: RegExp; line: number; column: number}> = [
		{name: 'env: []', text: '{\n  "env": []\n}\n', shown: /"env" in .* is a list/, line: 2, column: 10},
		{name: 'env: null', text: '{\n  "env": null\n}\n', shown: /"env" in .* is null/, line: 2, column: 10},
		{name: 'env: "text"', text: '{\n  "env": "A=1"\n}\n', shown: /"env" in .* is a string/, line: 2, column: 10},
	];
	const valueCases: Array<{name: string; text: string; line: number; column: number; message: RegExp}> = [
		{name: 'apiKeyHelper: 5', text: '{\n  "apiKeyHelper": 5\n}\n', line: 2, column: 19, message: /"apiKeyHelper" is a number, but Claude Code expects text/},
		{name: 'apiKeyHelper: null', text: '{\n  "apiKeyHelper": null\n}\n', line: 2, column: 19, message: /"apiKeyHelper" is null/},
		{name: 'apiKeyHelper: ["cmd"]', text: '{\n  "apiKeyHelper": ["cmd"]\n}\n', line: 2, column: 19, message: /"apiKeyHelper" is a list/},
		{name: 'env.ANTHROPIC_BASE_URL: 5', text: '{\n  "env": {"ANTHROPIC_BASE_URL": 5}\n}\n', line: 2, column: 33, message: /"env\.ANTHROPIC_BASE_URL" is a number/},
		{name: 'a duplicated apiKeyHelper', text: '{\n  "apiKeyHelper": "old",\n  "apiKeyHelper": "older"\n}\n', line: 3, column: 3, message: /"apiKeyHelper" appears twice \(first at line 2, column 3\); Claude Code uses only the last one/},
		{name: 'a duplicated env', text: '{\n  "env": {"A": "1"},\n  "model": "opus",\n  "env": {"B": "2"}\n}\n', line: 4, column: 3, message: /"env" appears twice \(first at line 2/},
		{name: 'a duplicated owned env key', text: '{\n  "env": {"AWS_PROFILE": "a", "AWS_PROFILE": "b"}\n}\n', line: 2, column: 31, message: /"env\.AWS_PROFILE" appears twice/},
	];

	for (const scope of scopes) {
		for (const {name, text, shown, line, column} of envCases) {
			it(`${scope}: ${name}`, async () => {
				const world = await wizardWorld();
				const file = world.ports.settings.pathOf(scope);
				await put(file, text);
				const result = await plan(world, scope);
				expect(shown).toBeInstanceOf(RegExp);
				expect(result).toEqual({problem: {kind: 'unparsable', path: file, problem: {message: expect.stringMatching(/^"env" is .* but it must be an object/) as string, line, column}}});
				expect(await readFile(file, 'utf8')).toBe(text);

				// The edit itself never puts a second "env" beside the first (it used to).
				const edited = applySettingsPatch(text, {set: [{path: ['env', 'ANTHROPIC_BASE_URL'], value: gatewayUrl}], remove: []});
				expect(edited).toEqual({ok: false, problem: {message: expect.stringMatching(/^"env" is .* but it must be an object/) as string, line, column}});
			});
		}

		for (const {name, text, line, column, message} of valueCases) {
			it(`${scope}: ${name}`, async () => {
				const world = await wizardWorld();
				const file = world.ports.settings.pathOf(scope);
				await put(file, text);
				const result = await plan(world, scope);
				expect(result).toEqual({problem: {kind: 'unparsable', path: file, problem: {message: expect.stringMatching(message) as string, line, column}}});
				expect(await readFile(file, 'utf8')).toBe(text);
				expect(await entries(path.join(world.configDir, 'claude-setup', 'backups'))).toEqual([]);
			});
		}
	}

	it('removing a duplicated key is refused too: the last one would live on', () => {
		const text = '{"apiKeyHelper": "a", "model": "opus", "apiKeyHelper": "b"}';
		expect(applySettingsPatch(text, {set: [], remove: [['apiKeyHelper']]})).toMatchObject({ok: false, problem: {line: 1, column: 40, message: expect.stringMatching(/appears twice/) as string}});
	});

	it('removing a key of any type is allowed: the review shows it going', () => {
		expect(applySettingsPatch('{"apiKeyHelper": 5, "a": 1}', {set: [], remove: [['apiKeyHelper']]})).toEqual({ok: true, text: '{"a": 1}'});
	});
});

describe('odd but valid settings keep every byte claude-setup does not own', () => {
	const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
	const cases: Array<{name: string; text: string; eol: string; unit: string}> = [
		{name: 'a BOM, CRLF and tabs', text: '\uFEFF{\r\n\t"model": "opus",\r\n\t"permissions": {\r\n\t\t"allow": ["Bash(npm test)"]\r\n\t}\r\n}\r\n', eol: '\r\n', unit: '\t'},
		{name: 'old Mac line ends (CR only), four spaces', text: '{\r    "model": "opus"\r}\r', eol: '\r', unit: '    '},
		{
			name: 'unicode: emoji, ZWJ sequences, RTL with overrides, combining marks, escapes, odd numbers',
			text: [
				'{',
				'  "emoji": "😀 👨‍👩‍👧 🏳️‍🌈",',
				'  "rtl": "שלום مرحبا \u202Eevil\u202C \u200F",',
				'  "combining": "e\u0301 Z\u0324\u0354\u0367\u0311\u0313 \u0915\u094D\u0937",',
				'  "escaped": "\\u00e9 \\ud83d\\ude00 \\/ \\n \\"",',
				'  "😀 ключ": {"ü": ["日本", 1.50, 1e400, -0, 12345678901234567890, 1E-7]}',
				'}',
				'',
			].join('\n'),
			eol: '\n',
			unit: '  ',
		},
		{name: 'one line, no spaces, no final newline', text: '{"model":"opus","permissions":{"allow":[]}}', eol: '\n', unit: '  '},
		{name: 'a duplicated key claude-setup does not touch', text: '{\n  "permissions": {"allow": ["Read"]},\n  "permissions": {"deny": ["Bash"]}\n}\n', eol: '\n', unit: '  '},
		{name: 'a "__proto__" key (an ordinary key to JSON.parse and to Claude Code)', text: '{\n  "__proto__": {"apiKeyHelper": "not a setting"}\n}\n', eol: '\n', unit: '  '},
		{name: 'nesting 2,000 levels deep', text: `{\n  "deep": ${deep(2000)}\n}\n`, eol: '\n', unit: '  '},
	];

	for (const scope of scopes) {
		for (const {name, text, eol, unit} of cases) {
			it(`${scope}: ${name}`, async () => {
				const world = await wizardWorld();
				const file = world.ports.settings.pathOf(scope);
				await put(file, text);
				const change = await planned(world, scope);
				const expected = withInsertion(text, insertion(eol, unit, await helperCommand(world)));
				expect(change.afterText).toBe(expected);

				const committed = await commitChange(change, world.ports, 1);
				expect(committed).toMatchObject({type: 'committed'});
				expect(await readFile(file, 'utf8')).toBe(expected);
				// The backup is the original, byte for byte.
				const backup = committed.type === 'committed' ? committed.result.backupPath : undefined;
				expect(backup && (await readFile(backup)).equals(Buffer.from(text))).toBe(true);
				// Nothing of the original was lost: it is what the new file holds without the new members.
				const data = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
				expect(JSON.parse(expected.replace(/^\uFEFF/, ''))).toEqual({...data, env: {ANTHROPIC_BASE_URL: gatewayUrl}, apiKeyHelper: await helperCommand(world)});
				expect(await temporaryFiles(path.dirname(file))).toEqual([]);
			});
		}

		for (const [name, text, prefix] of [
			['an empty file', '', ''],
			['a whitespace-only file', '  \n\t\r\n', ''],
			['an empty object', '{}', ''],
			['a byte order mark alone', '\uFEFF', '\uFEFF'],
		] as const) {
			it(`${scope}: ${name} becomes a fresh object`, async () => {
				const world = await wizardWorld();
				const file = world.ports.settings.pathOf(scope);
				await put(file, text);
				const change = await planned(world, scope);
				const expected = name === 'an empty object' ? freshFile(await helperCommand(world)).replace(/\n$/, '') : prefix + freshFile(await helperCommand(world));
				expect(change.afterText).toBe(expected);
				expect(await commitChange(change, world.ports, 1)).toMatchObject({type: 'committed'});
				expect(await readFile(file, 'utf8')).toBe(expected);
			});
		}
	}

	it('refuses nesting too deep to walk safely (valid JSON), instead of crashing, and leaves it alone', async () => {
		const world = await wizardWorld();
		const file = world.ports.settings.pathOf('user');
		const text = `{"deep": ${deep(60_000)}}`;
		await put(file, text);
		expect(parseSettings(text).ok).toBe(true);
		const result = await plan(world, 'user');
		expect(result).toEqual({problem: {kind: 'unparsable', path: file, problem: {message: expect.stringMatching(/nested too deeply/) as string, line: 1, column: 1}}});
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('a file of more than 10 MB keeps every byte (user scope, the whole wizard path)', async () => {
		const world = await wizardWorld();
		const file = world.ports.settings.pathOf('user');
		// Realistically shaped (a huge allow list and a long string), so it is heavy to parse, not just to copy.
		// (A single string of 8 Mi characters or more makes the review's secret masking overflow the stack:
		// reported separately, so the strings here stay below that.)
		const rules = Array.from({length: 100_000}, (_, index) => `      "Bash(./scripts/task-${index}.sh --flag ${'é😀'.repeat(4)})"`);
		const text = `{\n  "permissions": {\n    "allow": [\n${rules.join(',\n')}\n    ]\n  },\n  "notes": "${'x'.repeat(4 * 1024 * 1024)}"\n}\n`;
		expect(Buffer.byteLength(text)).toBeGreaterThan(10 * 1024 * 1024);
		await put(file, text);
		const started = Date.now();
		const change = await planned(world, 'user');
		const expected = withInsertion(text, insertion('\n', '  ', await helperCommand(world)));
		expect(change.afterText === expected).toBe(true);
		expect(await commitChange(change, world.ports, 1)).toMatchObject({type: 'committed'});
		expect((await readFile(file)).equals(Buffer.from(expected))).toBe(true);
		console.info(`plan and commit of a ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB settings file took ${Date.now() - started} ms`);
	}, 120_000);
});

describe('what is at the settings path: links, loops, folders, pipes, permissions', () => {
	for (const scope of scopes) {
		it(`${scope}: writes through a relative symlink (the target changes, the link stays a link)`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			const target = path.join(world.root, 'dotfiles', scope, 'settings.json');
			const original = '{\n  "model": "opus"\n}\n';
			await put(target, original, 0o640);
			await mkdir(path.dirname(file), {recursive: true});
			const link = path.relative(path.dirname(file), target);
			await symlink(link, file);

			const change = await planned(world, scope);
			expect(await commitChange(change, world.ports, 1)).toMatchObject({type: 'committed'});
			expect((await lstat(file)).isSymbolicLink()).toBe(true);
			expect(await readlink(file)).toBe(link);
			expect(await readFile(target, 'utf8')).toBe(withInsertion(original, insertion('\n', '  ', await helperCommand(world))));
			expect((await stat(target)).mode & 0o777).toBe(0o640);
			expect(await temporaryFiles(path.dirname(target))).toEqual([]);
			expect(await temporaryFiles(path.dirname(file))).toEqual([]);
		});

		it(`${scope}: a symlink loop is refused and both links stay`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			const other = path.join(path.dirname(file), 'other.json');
			await mkdir(path.dirname(file), {recursive: true});
			await symlink('other.json', file);
			await symlink(path.basename(file), other);
			const result = await plan(world, scope);
			expect(result).toEqual({problem: {kind: 'unparsable', path: file, problem: {message: expect.stringMatching(/symbolic link that leads in a loop.*Point it at a real file/) as string}}});
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/leads in a loop.*Nothing was written/);
			expect(await readlink(file)).toBe('other.json');
			expect(await readlink(other)).toBe(path.basename(file));
		});

		it(`${scope}: a link to itself is a loop too`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			await mkdir(path.dirname(file), {recursive: true});
			await symlink(path.basename(file), file);
			expect((await world.ports.settings.read(scope)).problem?.message).toMatch(/leads in a loop/);
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/leads in a loop/);
			expect(await readlink(file)).toBe(path.basename(file));
		});

		it(`${scope}: a folder on the path that links in a loop is named as such`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			const folderOnPath = path.dirname(file);
			await mkdir(path.dirname(folderOnPath), {recursive: true});
			await symlink(path.basename(folderOnPath), folderOnPath);
			const result = await plan(world, scope);
			expect(result).toMatchObject({problem: {kind: 'unparsable', problem: {message: expect.stringMatching(/cannot be reached: a folder on its path is a symbolic link that leads in a loop/) as string}}});
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/a folder on its path .* loop.*Nothing was written/);
			expect(await readlink(folderOnPath)).toBe(path.basename(folderOnPath));
		});

		it(`${scope}: a folder where the file should be is refused and left alone`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			await put(path.join(file, 'keep.txt'), 'mine');
			const result = await plan(world, scope);
			expect(result).toMatchObject({problem: {kind: 'unparsable', problem: {message: expect.stringMatching(/is a folder, but Claude Code expects a settings file there/) as string}}});
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/is a folder.*Nothing was written/);
			expect(await readFile(path.join(file, 'keep.txt'), 'utf8')).toBe('mine');
		});

		it(`${scope}: a file where its folder should be is refused and left alone`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			await put(path.dirname(file), 'i am a file');
			expect((await world.ports.settings.read(scope)).problem?.message).toMatch(/a folder on its path is a file/);
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/a folder on its path is a file.*Nothing was written/);
			expect(await readFile(path.dirname(file), 'utf8')).toBe('i am a file');
		});

		// Reading a FIFO would block forever; this is also how a root test (which chmod 000 cannot
		// stop) meets a settings path it cannot read.
		it(`${scope}: a named pipe is refused without blocking`, async () => {
			const world = await wizardWorld();
			const file = world.ports.settings.pathOf(scope);
			await mkdir(path.dirname(file), {recursive: true});
			await promisify(execFile)('mkfifo', [file]);
			const result = await plan(world, scope);
			expect(result).toMatchObject({problem: {kind: 'unparsable', problem: {message: expect.stringMatching(/is not a regular file/) as string}}});
			await expect(world.ports.settings.write(scope, '', '{}\n')).rejects.toThrow(/not a regular file.*Nothing was written/);
			expect((await lstat(file)).isFIFO()).toBe(true);
		});

		it(`${scope}: an unreadable file (chmod 000${isRoot ? ', read as nobody since root ignores it' : ''}) is refused and kept`, async () => {
			const {root, paths} = await storeWorld();
			const file = createSettingsStore(paths).pathOf(scope);
			await put(file, '{"model": "opus"}', 0o000);
			const outcome = isRoot
				? await (async () => {
					// `nobody` must be able to walk down to the file and its folder.
					for (let directory = path.dirname(file); directory.startsWith(root); directory = path.dirname(directory)) {
						// eslint-disable-next-line no-await-in-loop -- a handful of folders
						await chmod(directory, 0o755);
					}

					return settingsInChild(root, paths, scope, '{}\n', {user: nobody});
				})()
				: await (async () => {
					const store = createSettingsStore(paths);
					const snapshot = await store.read(scope);
					const writeError = await store.write(scope, snapshot.text, '{}\n').then(() => undefined, (error: unknown) => (error as Error).message);
					return {exists: snapshot.exists, problem: snapshot.problem?.message, hasData: snapshot.data !== undefined, writeError};
				})();
			expect(outcome).toMatchObject({exists: true, hasData: false, problem: expect.stringMatching(/cannot be read: permission denied/) as string, writeError: expect.stringMatching(/permission denied.*Nothing was written/) as string});
			await chmod(file, 0o600);
			expect(await readFile(file, 'utf8')).toBe('{"model": "opus"}');
		});
	}
});
