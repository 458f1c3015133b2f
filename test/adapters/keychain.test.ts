import {execFile} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build, type Plugin} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createSecretStore, explainKeychainError, keychainName, type KeyringBinding, type KeyringEntry} from '../../source/adapters/keychain.js';
import {resolvePaths} from '../../source/adapters/paths.js';
import type {SecretRef} from '../../source/core/ports.js';
import {hangingSecretServiceHome} from '../helpers/hanging-secret-service.js';

/*
Real keychain, real files, real child processes. The only fakes are bindings injected through
`loadBinding`, for what a healthy machine cannot produce on demand (a call that never returns, a
binding that echoes a secret); those tests check this module's own logic and say so.
*/

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const requireKeychain = process.env['CLAUDE_SETUP_REQUIRE_KEYCHAIN'] === '1';
// Built at runtime so no realistic key literal sits in the repository.
const fakeKey = (fill: string): string => ['sk-ant-api03', 'TEST', 'not-a-real-key', fill.repeat(40)].join('-');

const workDirectory = await mkdtemp(path.join(tmpdir(), 'claude-setup-keychain-'));
const paths = resolvePaths({...process.env, CLAUDE_CONFIG_DIR: path.join(workDirectory, 'claude config')}, workDirectory);
const health = await createSecretStore(paths).probe();
const keychainUsable = health.ok || requireKeychain;
const dbusRunSession = await which('dbus-run-session');

let probeScript = '';

beforeAll(async () => {
	// The binding stays a real import (by absolute URL, as the child runs outside the project).
	probeScript = path.join(workDirectory, 'probe.mjs');
	const keyringUrl = pathToFileURL(createRequire(import.meta.url).resolve('@napi-rs/keyring')).href;
	await buildProbe(probeScript, [
		{
			name: 'keyring-by-absolute-url',
			setup(builder) {
				builder.onResolve({filter: /^@napi-rs\/keyring$/}, () => ({path: keyringUrl, external: true}));
			},
		},
	]);
});

/**
A child process cannot load TypeScript, so the adapter is bundled into a tiny program that probes and
prints the result as JSON.
*/
async function buildProbe(outfile: string, plugins: Plugin[]): Promise<void> {
	await build({
		stdin: {
			contents: [
				"import {createSecretStore} from './source/adapters/keychain.ts';",
				"import {resolvePaths} from './source/adapters/paths.ts';",
				'const started = Date.now();',
				'const health = await createSecretStore(resolvePaths()).probe();',
				'process.stdout.write(JSON.stringify({health, elapsedMs: Date.now() - started}));',
				'process.exit(0);',
			].join('\n'),
			resolveDir: projectRoot,
			sourcefile: 'probe-entry.ts',
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		external: ['@napi-rs/keyring'],
		logLevel: 'silent',
		plugins,
	});
}

afterAll(async () => {
	await rm(workDirectory, {recursive: true, force: true});
});

describe(`the real keychain${health.ok ? '' : ` (unavailable here: ${health.reason})`}`, () => {
	const ref: SecretRef = {service: 'claude-setup-test', account: `test-${randomUUID()}`};
	const store = createSecretStore(paths);

	afterAll(async () => {
		if (health.ok) {
			await store.remove(ref, 'keychain');
		}
	});

	it('is available when CI requires it (CLAUDE_SETUP_REQUIRE_KEYCHAIN=1)', () => {
		if (requireKeychain) {
			expect(health, 'CLAUDE_SETUP_REQUIRE_KEYCHAIN=1 but the keychain probe failed').toEqual({ok: true, backendName: keychainName(process.platform)});
		}
	});

	it.runIf(keychainUsable)('probe() reports the keychain by name', async () => {
		expect(await store.probe()).toEqual({ok: true, backendName: 'Secret Service (GNOME Keyring / KWallet)'});
	});

	it.runIf(keychainUsable)('stores, reads, replaces and removes a key', async () => {
		expect(await store.get(ref, 'keychain')).toBeUndefined();

		await store.set(ref, fakeKey('a'), 'keychain');
		expect(await store.get(ref, 'keychain')).toBe(fakeKey('a'));

		await store.set(ref, fakeKey('b'), 'keychain');
		expect(await store.get(ref, 'keychain')).toBe(fakeKey('b'));

		await store.remove(ref, 'keychain');
		expect(await store.get(ref, 'keychain')).toBeUndefined();
		// Removing what is already gone is not an error.
		await store.remove(ref, 'keychain');
	});

	it.runIf(keychainUsable)('keeps keys of different accounts apart', async () => {
		const other: SecretRef = {...ref, account: `${ref.account}-other`};
		try {
			await store.set(ref, fakeKey('c'), 'keychain');
			await store.set(other, fakeKey('d'), 'keychain');
			expect(await store.get(ref, 'keychain')).toBe(fakeKey('c'));
			expect(await store.get(other, 'keychain')).toBe(fakeKey('d'));
		} finally {
			await store.remove(other, 'keychain');
			await store.remove(ref, 'keychain');
		}
	});
});

describe('when the keychain cannot be reached', () => {
	it('probe() fails quickly, in plain words, when the D-Bus session is gone', async () => {
		const result = await runNode([probeScript], {DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'});
		expect(result.stderr).toBe('');
		const {health: childHealth, elapsedMs} = JSON.parse(result.stdout) as {health: {ok: boolean; reason: string; fix: string}; elapsedMs: number};
		expect(childHealth.ok).toBe(false);
		expect(childHealth.reason).toMatch(/no D-Bus session/i);
		expect(childHealth.fix).toMatch(/gnome-keyring/);
		expect(childHealth.fix).toMatch(/file fallback/);
		console.info(`probe without a session bus answered in ${elapsedMs} ms (child process ran ${result.elapsedMs} ms)`);
	});

	// A real bus whose Secret Service never starts: D-Bus activates a program that never claims the
	// name, so every call waits. The binding gives up by itself after about 2 s.
	it.runIf(Boolean(dbusRunSession) || requireKeychain)(
		'probe() fails with "did not answer" when the Secret Service hangs',
		async () => {
			const dataHome = await hangingSecretServiceHome(workDirectory);
			const result = await runCommand('dbus-run-session', ['--', process.execPath, probeScript], {XDG_DATA_HOME: dataHome});
			const {health: childHealth, elapsedMs} = JSON.parse(result.stdout) as {health: {ok: boolean; reason: string; fix: string}; elapsedMs: number};
			expect(childHealth).toMatchObject({ok: false, reason: expect.stringMatching(/did not answer/)});
			expect(childHealth.fix).toMatch(/unlock/i);
			console.info(`probe against a hanging Secret Service answered in ${elapsedMs} ms`);
		},
		30_000,
	);

	// A session bus that accepts the connection and then never says a word: the binding's connect
	// blocks the thread it runs on, so only the probe's child process (killed at the bound) keeps the
	// wizard alive. Real socket, real binding, real child process.
	it('probe() gives up within its bound when the session bus accepts and never answers', async () => {
		const socketPath = path.join(workDirectory, 'silent-bus.sock');
		const silent = createServer(() => undefined);
		await new Promise<void>(resolve => {
			silent.listen(socketPath, resolve);
		});
		try {
			// Built inside node_modules so the probe's own child resolves the binding like the real CLI does.
			const cacheDirectory = path.join(projectRoot, 'node_modules', '.cache', 'keychain-probe');
			const script = path.join(cacheDirectory, `probe-${randomUUID()}.mjs`);
			await buildProbe(script, []);
			const result = await runNode([script], {DBUS_SESSION_BUS_ADDRESS: `unix:path=${socketPath}`});
			await rm(script, {force: true});
			const {health: childHealth} = JSON.parse(result.stdout) as {health: {ok: boolean; reason: string}};
			expect(childHealth).toMatchObject({ok: false, reason: expect.stringMatching(/did not answer/)});
			// Bounded: the probe's 2 s plus start-up, far from the minutes a blocked connect would take.
			expect(result.elapsedMs).toBeLessThan(10_000);
		} finally {
			silent.close();
		}
	}, 30_000);

	// Fake binding (pure logic): a call that never returns cannot be produced on demand for real.
	it('probe() gives up after its timeout when the keychain never answers', async () => {
		const store = createSecretStore(paths, {probeTimeoutMs: 150, loadBinding: async () => fakeBinding({hang: true})});
		const started = Date.now();
		const result = await store.probe();
		expect(result).toEqual({ok: false, reason: 'The Secret Service (GNOME Keyring / KWallet) did not answer within 0.15 s.', fix: expect.stringMatching(/file fallback/)});
		expect(Date.now() - started).toBeLessThan(2000);
	});

	// Fake binding (pure logic), as above.
	it('get/set/remove reject with a clear error when the keychain never answers', async () => {
		const store = createSecretStore(paths, {operationTimeoutMs: 100, loadBinding: async () => fakeBinding({hang: true})});
		const ref: SecretRef = {service: 'claude-setup-test', account: 'hang'};
		await expect(store.get(ref, 'keychain')).rejects.toThrow(/^Could not read the key from the Secret Service .*did not answer within 0\.1 s/);
		await expect(store.set(ref, fakeKey('e'), 'keychain')).rejects.toThrow(/^Could not save the key in .*did not answer/);
		await expect(store.remove(ref, 'keychain')).rejects.toThrow(/^Could not remove the key from .*did not answer/);
	});

	it('probe() says so when the keychain module cannot be loaded', async () => {
		const store = createSecretStore(paths, {
			loadBinding: async () => {
				throw new Error('Cannot find native binding');
			},
		});
		const result = await store.probe();
		expect(result).toMatchObject({ok: false, reason: expect.stringMatching(/could not be loaded on this system/), fix: expect.stringMatching(/file fallback/)});
		await expect(store.get({service: 's', account: 'a'}, 'keychain')).rejects.toThrow(/could not be loaded on this system/);
	});

	it('explains the binding errors a user meets', () => {
		const linux = (message: string) => explainKeychainError(new Error(message), 'linux').reason;
		expect(linux('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead')).toMatch(
			/No D-Bus session/,
		);
		expect(linux("Couldn't access platform storage: AccessDenied")).toMatch(/No D-Bus session/);
		expect(linux('Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files')).toMatch(/No Secret Service is running/);
		expect(linux("Couldn't access platform storage: Secret Service: no result found")).toMatch(/no default keyring/);
		expect(linux("Couldn't access platform storage: Secret Service: unlock prompt was dismissed")).toMatch(/locked/);
		expect(linux('Platform failure: DBus error: Did not receive a reply. Possible causes include: ...')).toMatch(/did not answer/);
		expect(explainKeychainError(new Error('User interaction is not allowed. (-25308)'), 'darwin').reason).toMatch(/macOS login keychain is locked/);
		expect(explainKeychainError(new Error('something new'), 'win32')).toEqual({
			reason: 'The Windows Credential Manager did not work (something new).',
			fix: expect.stringMatching(/file fallback/),
		});
	});
});

describe('secrets never appear in errors', () => {
	// Fake binding (pure logic): a well-behaved binding never echoes a secret, so a bad one is faked.
	it('scrubs the key from a keychain error', async () => {
		const store = createSecretStore(paths, {loadBinding: async () => fakeBinding({echoSecretInErrors: true})});
		const error = await store.set({service: 'claude-setup-test', account: 'echo'}, fakeKey('f'), 'keychain').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^Could not save the key in/);
		expect((error as Error).message).not.toContain(fakeKey('f'));
		expect((error as Error).message).not.toContain('fffffffff');
	});

	it('does not quote a damaged secrets file', async () => {
		const damagedPaths = resolvePaths({...process.env, CLAUDE_CONFIG_DIR: path.join(workDirectory, 'damaged')}, workDirectory);
		await mkdir(path.dirname(damagedPaths.secretsFile), {recursive: true});
		// Not JSON, and JSON.parse would quote this text in its own message.
		await writeFile(damagedPaths.secretsFile, `{"claude-setup/a": "${fakeKey('g')}" oops`);
		const store = createSecretStore(damagedPaths);
		const error = await store.get({service: 'claude-setup', account: 'a'}, 'file').catch((error_: unknown) => error_);
		expect((error as Error).message).toMatch(/is damaged \(not valid JSON\)/);
		expect((error as Error).message).not.toContain('gggggggg');
		await expect(store.set({service: 'claude-setup', account: 'b'}, fakeKey('h'), 'file')).rejects.toThrow(/is damaged/);
		// Left alone for the user to look at.
		expect(await readFile(damagedPaths.secretsFile, 'utf8')).toContain('oops');
	});
});

describe('the file backend', () => {
	const filePaths = resolvePaths({...process.env, CLAUDE_CONFIG_DIR: path.join(workDirectory, "file's config")}, workDirectory);
	const ref: SecretRef = {service: 'claude-setup', account: 'anthropic-api-key-0123abcd'};

	it('reports where the file is', () => {
		expect(createSecretStore(filePaths).fileLocation()).toBe(filePaths.secretsFile);
	});

	it('reads nothing and removes nothing when there is no file yet', async () => {
		const store = createSecretStore(filePaths);
		expect(await store.get(ref, 'file')).toBeUndefined();
		await store.remove(ref, 'file');
	});

	it('stores a key in a 0600 file in a 0700 folder and keeps other entries', async () => {
		const store = createSecretStore(filePaths);
		const directory = path.dirname(filePaths.secretsFile);
		await mkdir(directory, {recursive: true, mode: 0o755});
		await writeFile(filePaths.secretsFile, JSON.stringify({'other/account': 'keep me', meta: {version: 1}}), {mode: 0o644});

		await store.set(ref, fakeKey('i'), 'file');
		expect(await store.get(ref, 'file')).toBe(fakeKey('i'));
		expect((await stat(filePaths.secretsFile)).mode & 0o777).toBe(0o600);
		expect((await stat(directory)).mode & 0o777).toBe(0o700);
		expect(JSON.parse(await readFile(filePaths.secretsFile, 'utf8'))).toEqual({
			'other/account': 'keep me',
			meta: {version: 1},
			'claude-setup/anthropic-api-key-0123abcd': fakeKey('i'),
		});

		await store.set(ref, fakeKey('j'), 'file');
		expect(await store.get(ref, 'file')).toBe(fakeKey('j'));

		await store.remove(ref, 'file');
		expect(await store.get(ref, 'file')).toBeUndefined();
		await store.remove(ref, 'file');
		expect(JSON.parse(await readFile(filePaths.secretsFile, 'utf8'))).toEqual({'other/account': 'keep me', meta: {version: 1}});
		// Atomic writes leave no temp files behind.
		expect(await readdir(directory)).toEqual(['secrets.json']);
	});

	it('loses nothing when writes overlap', async () => {
		const store = createSecretStore(filePaths);
		const refs = Array.from({length: 8}, (_, index): SecretRef => ({service: 'claude-setup', account: `parallel-${index}`}));
		await Promise.all(refs.map(async (each, index) => store.set(each, fakeKey(String(index)), 'file')));
		for (const [index, each] of refs.entries()) {
			expect(await store.get(each, 'file')).toBe(fakeKey(String(index)));
		}
	});
});

type FakeOptions = {hang?: boolean; echoSecretInErrors?: boolean};

function fakeBinding(options: FakeOptions): KeyringBinding {
	const never = async <T>(): Promise<T> => new Promise<T>(() => undefined);
	class FakeEntry implements KeyringEntry {
		async setPassword(password: string): Promise<void> {
			if (options.hang) {
				return never();
			}

			throw new Error(`refused to store ${password}`);
		}

		async getPassword(): Promise<string | null> {
			return options.hang ? never() : null;
		}

		async deleteCredential(): Promise<boolean> {
			return options.hang ? never() : false;
		}
	}

	return {AsyncEntry: FakeEntry};
}

type RunResult = {code: number | undefined; stdout: string; stderr: string; elapsedMs: number};

async function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
	return runCommand(process.execPath, args, env);
}

async function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
	const started = Date.now();
	return new Promise(resolve => {
		execFile(file, args, {env: {...process.env, ...env}, timeout: 25_000, encoding: 'utf8'}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : undefined) : 0, stdout, stderr, elapsedMs: Date.now() - started});
		});
	});
}

async function which(program: string): Promise<string | undefined> {
	const result = await runCommand('/bin/sh', ['-c', `command -v ${program}`], {});
	return result.code === 0 ? result.stdout.trim() : undefined;
}
