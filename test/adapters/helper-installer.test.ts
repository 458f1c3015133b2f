import {execFile} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createHelperInstaller, keyringTriple, parseHelperConfig, quoteForShell, resolveKeyringBinding} from '../../source/adapters/helper-installer.js';
import {createSecretStore} from '../../source/adapters/keychain.js';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import type {SecretRef} from '../../source/core/ports.js';
import {hangingSecretServiceHome} from '../helpers/hanging-secret-service.js';

/*
Installs the real helper into temp config dirs and runs it exactly as Claude Code does:
`/bin/sh -c <apiKeyHelper>`, reading stdout as the key. Real keychain, real files, no mocks.
*/

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const requireKeychain = process.env['CLAUDE_SETUP_REQUIRE_KEYCHAIN'] === '1';
// Built at runtime so no realistic key literal sits in the repository.
const fakeKey = (fill: string): string => ['sk-ant-api03', 'TEST', 'not-a-real-key', fill.repeat(40)].join('-');

const workDirectory = await mkdtemp(path.join(tmpdir(), 'claude-setup-helper-'));
const health = await createSecretStore(resolvePaths({...process.env, CLAUDE_CONFIG_DIR: path.join(workDirectory, 'probe')}, workDirectory)).probe();
const keychainUsable = health.ok || requireKeychain;
const dbusRunSession = (await run('command -v dbus-run-session')).code === 0;

/** Where the build puts the helper, standing in for `dist/` inside an npx cache. */
let builtHelper = '';

beforeAll(async () => {
	builtHelper = path.join(workDirectory, 'dist', 'api-key-helper.cjs');
	// The same options scripts/build.mjs uses for the helper.
	await build({
		entryPoints: [path.join(projectRoot, 'source', 'helper', 'api-key-helper.ts')],
		outfile: builtHelper,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		logLevel: 'silent',
	});
});

afterAll(async () => {
	await rm(workDirectory, {recursive: true, force: true});
});

let configCount = 0;

async function freshPaths(name = 'config'): Promise<Paths> {
	configCount += 1;
	const configDirectory = path.join(workDirectory, `${configCount}`, name);
	return resolvePaths({...process.env, CLAUDE_CONFIG_DIR: configDirectory}, workDirectory);
}

const ref = (paths: Paths): SecretRef => ({service: 'claude-setup-test', account: `anthropic-api-key-${paths.configDirHash}-${randomUUID()}`});

describe('the installed helper, run as Claude Code runs it', () => {
	it('inspect() gives the same command before and after install', async () => {
		const paths = await freshPaths();
		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper});
		const before = await installer.inspect();
		expect(before).toEqual({command: quoteForShell(path.join(paths.helperDir, 'api-key-helper')), directory: paths.helperDir, installed: false});

		const secretRef = ref(paths);
		const after = await installer.install(secretRef, 'file');
		expect(after).toEqual({...before, installed: true, configured: {ref: secretRef, backend: 'file'}});
		expect(await installer.inspect()).toEqual(after);
	});

	it('prints exactly the key from the file backend, and a clear message once it is gone', async () => {
		const paths = await freshPaths();
		const secretRef = ref(paths);
		const store = createSecretStore(paths);
		const {command} = await createHelperInstaller(paths, {helperScriptPath: builtHelper}).install(secretRef, 'file');
		await store.set(secretRef, fakeKey('a'), 'file');

		const found = await run(command);
		expect(found).toMatchObject({code: 0, stdout: fakeKey('a'), stderr: ''});

		await store.remove(secretRef, 'file');
		const missing = await run(command);
		expect(missing.code).toBe(1);
		expect(missing.stdout).toBe('');
		expect(missing.stderr).toBe(`claude-setup: the stored key is not in ${paths.secretsFile} any more. Run \`npx claude-setup\` to store it again.\n`);
	});

	it.runIf(keychainUsable)(
		'prints exactly the key from the keychain, and a clear message once it is gone',
		async () => {
			const paths = await freshPaths();
			const secretRef = ref(paths);
			const store = createSecretStore(paths);
			try {
				const installation = await createHelperInstaller(paths, {helperScriptPath: builtHelper}).install(secretRef, 'keychain');
				expect(installation).toMatchObject({installed: true, configured: {ref: secretRef, backend: 'keychain'}});
				await store.set(secretRef, fakeKey('b'), 'keychain');

				const found = await run(installation.command);
				expect(found).toMatchObject({code: 0, stdout: fakeKey('b'), stderr: ''});
				console.info(`the helper answered from the keychain in ${found.elapsedMs} ms`);
				// Claude Code waits on this at every start; a loose bound catches a helper gone slow.
				expect(found.elapsedMs).toBeLessThan(3000);

				await store.remove(secretRef, 'keychain');
				const missing = await run(installation.command);
				expect(missing).toEqual({
					code: 1,
					stdout: '',
					stderr: 'claude-setup: the stored key is not in the keychain any more. Run `npx claude-setup` to store it again.\n',
					elapsedMs: expect.any(Number),
				});
			} finally {
				await store.remove(secretRef, 'keychain');
			}
		},
		20_000,
	);

	it('works from a config dir whose path has spaces, quotes and shell characters', async () => {
		const paths = await freshPaths(`it's a "claude" dir $HOME *`);
		const secretRef = ref(paths);
		const {command} = await createHelperInstaller(paths, {helperScriptPath: builtHelper}).install(secretRef, 'file');
		await createSecretStore(paths).set(secretRef, fakeKey('c'), 'file');
		expect(await run(command)).toMatchObject({code: 0, stdout: fakeKey('c'), stderr: ''});
	});

	it.runIf(keychainUsable)('works from the keychain in such a dir too', async () => {
		const paths = await freshPaths(`it's a "claude" dir`);
		const secretRef = ref(paths);
		const store = createSecretStore(paths);
		try {
			const {command} = await createHelperInstaller(paths, {helperScriptPath: builtHelper}).install(secretRef, 'keychain');
			await store.set(secretRef, fakeKey('d'), 'keychain');
			expect(await run(command)).toMatchObject({code: 0, stdout: fakeKey('d'), stderr: ''});
		} finally {
			await store.remove(secretRef, 'keychain');
		}
	});

	it('keeps working after the copy it was installed from is deleted (npx cache cleared)', async () => {
		const paths = await freshPaths();
		const secretRef = ref(paths);
		const npxCache = path.join(workDirectory, 'npx-cache', `${configCount}`);
		await mkdir(npxCache, {recursive: true});
		const cachedHelper = path.join(npxCache, 'api-key-helper.cjs');
		await copyFile(builtHelper, cachedHelper);

		const backend = health.ok ? 'keychain' : 'file';
		const store = createSecretStore(paths);
		try {
			const {command} = await createHelperInstaller(paths, {helperScriptPath: cachedHelper}).install(secretRef, backend);
			await store.set(secretRef, fakeKey('e'), backend);
			await rm(npxCache, {recursive: true});
			expect(await run(command)).toMatchObject({code: 0, stdout: fakeKey('e'), stderr: ''});
		} finally {
			await store.remove(secretRef, backend);
		}
	});

	it('uses node from PATH when the recorded node is gone, and says so when there is none', async () => {
		const paths = await freshPaths();
		const secretRef = ref(paths);
		const {command} = await createHelperInstaller(paths, {helperScriptPath: builtHelper, nodePath: '/nonexistent/node'}).install(secretRef, 'file');
		await createSecretStore(paths).set(secretRef, fakeKey('f'), 'file');

		const nodeDirectory = path.dirname(process.execPath);
		expect(await run(command, {PATH: `${nodeDirectory}:/usr/bin:/bin`})).toMatchObject({code: 0, stdout: fakeKey('f'), stderr: ''});

		const emptyDirectory = await mkdtemp(path.join(workDirectory, 'empty-path-'));
		const noNode = await run(command, {PATH: emptyDirectory});
		expect(noNode.code).toBe(1);
		expect(noNode.stdout).toBe('');
		expect(noNode.stderr).toMatch(/^claude-setup: cannot read the Anthropic API key: Node\.js is not at \/nonexistent\/node any more and there is no node on PATH\./);
	});

	it('fails clearly, with nothing on stdout, when its config is damaged', async () => {
		const paths = await freshPaths();
		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper});
		const {command} = await installer.install(ref(paths), 'file');
		await writeFile(path.join(paths.helperDir, 'config.json'), '{"service": ');

		const result = await run(command);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^claude-setup: the key helper's settings \(.*config\.json\) are missing or damaged\. Run `npx claude-setup` to set the key up again\.\n$/);
		expect((await installer.inspect()).configured).toBeUndefined();
	});

	// A real bus whose Secret Service never starts: D-Bus activates a program that never claims the
	// name, so the helper's keychain call waits until the binding gives up (about 2 s).
	it.runIf(dbusRunSession || requireKeychain)(
		'gives up with a clear message when the Secret Service hangs',
		async () => {
			const paths = await freshPaths();
			const {command} = await createHelperInstaller(paths, {helperScriptPath: builtHelper}).install(ref(paths), 'keychain');
			const dataHome = await hangingSecretServiceHome(workDirectory);
			const result = await runFile('dbus-run-session', ['--', '/bin/sh', '-c', command], {XDG_DATA_HOME: dataHome});
			expect(result.code).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/claude-setup: could not read the stored key from the keychain \(.*Did not receive a reply/);
			console.info(`the helper gave up on a hanging Secret Service after ${result.elapsedMs} ms`);
		},
		30_000,
	);
});

describe('what install() writes', () => {
	it('a private folder, an executable launcher, and a config without the key', async () => {
		const paths = await freshPaths();
		const secretRef = ref(paths);
		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper});
		await createSecretStore(paths).set(secretRef, fakeKey('g'), 'file');
		await installer.install(secretRef, 'file');

		const modeOf = async (name: string) => (await stat(path.join(paths.helperDir, name))).mode & 0o777;
		expect((await stat(paths.helperDir)).mode & 0o777).toBe(0o700);
		expect(await modeOf('api-key-helper')).toBe(0o700);
		expect(await modeOf('api-key-helper.cjs')).toBe(0o600);
		expect(await modeOf('config.json')).toBe(0o600);
		expect(await modeOf('keyring.node')).toBe(0o700);
		expect((await readFile(path.join(paths.helperDir, 'api-key-helper'), 'utf8')).startsWith('#!/bin/sh\n')).toBe(true);

		const configText = await readFile(path.join(paths.helperDir, 'config.json'), 'utf8');
		expect(configText).not.toContain('gggg');
		expect(JSON.parse(configText)).toEqual({...secretRef, backend: 'file', secretsFile: paths.secretsFile});

		// Reinstalling switches the backend in place and leaves no temp files.
		await installer.install(secretRef, 'keychain');
		expect((await installer.inspect()).configured).toEqual({ref: secretRef, backend: 'keychain'});
		expect((await readdir(paths.helperDir)).sort()).toEqual(['api-key-helper', 'api-key-helper.cjs', 'config.json', 'keyring.node']);
	});

	it('keeps an install of the earlier ES-module helper working until it is replaced, then removes that script', async () => {
		const paths = await freshPaths();
		const secretRef = ref(paths);
		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper});
		await installer.install(secretRef, 'file');
		// As an earlier version left it: the launcher runs api-key-helper.mjs.
		await rename(path.join(paths.helperDir, 'api-key-helper.cjs'), path.join(paths.helperDir, 'api-key-helper.mjs'));
		const launcher = path.join(paths.helperDir, 'api-key-helper');
		await writeFile(launcher, (await readFile(launcher, 'utf8')).replaceAll('api-key-helper.cjs', 'api-key-helper.mjs'));
		expect((await installer.inspect()).installed).toBe(true);

		await installer.install(secretRef, 'file');
		expect((await readdir(paths.helperDir)).sort()).toEqual(['api-key-helper', 'api-key-helper.cjs', 'config.json', 'keyring.node']);
		expect(await readFile(launcher, 'utf8')).toContain('api-key-helper.cjs');
	});

	it('needs the keychain module only for the keychain backend', async () => {
		const paths = await freshPaths();
		const missingBinding = () => {
			throw new Error('no keychain module is published for plan9-mips');
		};

		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper, resolveNativeBinding: missingBinding});
		await expect(installer.install(ref(paths), 'keychain')).rejects.toThrow(/keychain module for this system .* was not found.*choose the file fallback/);
		expect(await installer.install(ref(paths), 'file')).toMatchObject({installed: true});
		expect(await readdir(paths.helperDir)).not.toContain('keyring.node');
	});

	it('says clearly when the helper program it should copy is missing', async () => {
		const paths = await freshPaths();
		const installer = createHelperInstaller(paths, {helperScriptPath: path.join(workDirectory, 'nowhere', 'api-key-helper.cjs')});
		await expect(installer.install(ref(paths), 'file')).rejects.toThrow(/The key helper program .* is missing/);
	});

	it('counts a keychain install without its keychain module as not installed', async () => {
		const paths = await freshPaths();
		const installer = createHelperInstaller(paths, {helperScriptPath: builtHelper});
		await installer.install(ref(paths), 'keychain');
		await rm(path.join(paths.helperDir, 'keyring.node'));
		expect((await installer.inspect()).installed).toBe(false);
	});
});

describe('the settings command and the native module', () => {
	it('quotes for /bin/sh', () => {
		expect(quoteForShell('/home/a b/it\'s/$x')).toBe(String.raw`'/home/a b/it'\''s/$x'`);
	});

	it('on Windows runs node.exe on the script directly', async () => {
		const paths = await freshPaths();
		const windowsPaths: Paths = {...paths, helperDir: String.raw`C:\Users\Ada Lovelace\.claude\claude-setup\bin`};
		const installer = createHelperInstaller(windowsPaths, {helperScriptPath: builtHelper, platform: 'win32', nodePath: String.raw`C:\Program Files\nodejs\node.exe`});
		expect((await installer.inspect()).command).toBe(String.raw`"C:\Program Files\nodejs\node.exe" "C:\Users\Ada Lovelace\.claude\claude-setup\bin\api-key-helper.cjs"`);
	});

	it('finds the keychain module of this machine', async () => {
		const binding = resolveKeyringBinding();
		expect(path.basename(binding)).toMatch(/^keyring\..+\.node$/);
		expect((await stat(binding)).isFile()).toBe(true);
	});

	it('knows the keychain module of each supported platform', () => {
		expect(keyringTriple('linux', 'x64', false)).toBe('linux-x64-gnu');
		expect(keyringTriple('linux', 'x64', true)).toBe('linux-x64-musl');
		expect(keyringTriple('linux', 'arm64', false)).toBe('linux-arm64-gnu');
		expect(keyringTriple('linux', 'arm64', true)).toBe('linux-arm64-musl');
		expect(keyringTriple('darwin', 'x64', false)).toBe('darwin-x64');
		expect(keyringTriple('darwin', 'arm64', false)).toBe('darwin-arm64');
		expect(keyringTriple('win32', 'x64', false)).toBe('win32-x64-msvc');
		expect(keyringTriple('win32', 'arm64', false)).toBe('win32-arm64-msvc');
		expect(keyringTriple('aix', 'ppc64', false)).toBeUndefined();
	});

	it('reads only a complete config', () => {
		expect(parseHelperConfig('{"service":"s","account":"a","backend":"keychain"}')).toEqual({service: 's', account: 'a', backend: 'keychain'});
		expect(parseHelperConfig('{"service":"s","account":"a","backend":"file"}')).toBeUndefined();
		expect(parseHelperConfig('{"service":"s","account":"","backend":"keychain"}')).toBeUndefined();
		expect(parseHelperConfig('not json')).toBeUndefined();
	});
});

type RunResult = {code: number | undefined; stdout: string; stderr: string; elapsedMs: number};

/** Exactly how Claude Code runs `apiKeyHelper`. */
async function run(command: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
	return runFile('/bin/sh', ['-c', command], env);
}

async function runFile(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
	const started = Date.now();
	return new Promise(resolve => {
		execFile(file, args, {env: {...process.env, ...env}, timeout: 25_000, encoding: 'utf8'}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : undefined) : 0, stdout, stderr, elapsedMs: Date.now() - started});
		});
	});
}
