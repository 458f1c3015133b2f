import {execFile} from 'node:child_process';
import {chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile} from 'node:fs/promises';
import {createServer as createHttpsServer} from 'node:https';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAwsAdapter} from '../../source/adapters/aws.js';
import {createAzAdapter} from '../../source/adapters/az.js';
import {createGcloudAdapter} from '../../source/adapters/gcloud.js';
import {createHttpClient} from '../../source/adapters/http.js';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import {createProcessRunner, maxOutputBytes} from '../../source/adapters/processes.js';
import {createSettingsStore} from '../../source/adapters/settings-file.js';
import {gatewayConfiguration} from '../../source/core/auth/specs/gateway.js';
import type {HttpClient, SettingsScope} from '../../source/core/ports.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {checkMethod} from '../../source/core/wizard/method-effects.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import {runEffect} from '../../source/core/wizard/run-effect.js';
import type {EffectResult} from '../../source/core/wizard/events.js';
import {verifyConfiguration} from '../../source/core/wizard/verify-setup.js';
import {createFakeWorld} from '../helpers/fake-ports.js';
import {hangingSecretServiceHome} from '../helpers/hanging-secret-service.js';
import {buildKeychainFaultScript, runForReport, type KeychainFaultReport} from '../helpers/keychain-in-child.js';
import {settingsInChild, type ChildOutcome} from '../helpers/settings-in-child.js';

/*
"Nothing lost" when the world misbehaves: a keychain that is missing or never answers, a disk that
fills up or a folder that refuses writes, a network that refuses, stalls or lies about TLS, and CLIs
(`claude`, `aws`, `gcloud`, `az`) that hang or print garbage. Everything is real: child processes,
sockets, a tmpfs, a D-Bus session. Times are measured as bounds only (the message comes before the
bound), never as a claim about speed.
*/

const exec = promisify(execFile);
const requireKeychain = process.env['CLAUDE_SETUP_REQUIRE_KEYCHAIN'] === '1';
const isRoot = process.getuid?.() === 0;
const nobody = 65_534;
// Built at runtime so no realistic credential literal sits in the repository.
const token = ['gw', 'TEST', 'not-a-real-token', 'q'.repeat(24)].join('-');

let work = '';
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
	work = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-faults-')));
});

afterAll(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		// eslint-disable-next-line no-await-in-loop -- unmounts before the folder goes
		await cleanup().catch(() => undefined);
	}

	await rm(work, {recursive: true, force: true});
});

async function has(command: string): Promise<boolean> {
	return exec('/bin/sh', ['-c', `command -v ${command}`]).then(() => true, () => false);
}

const dbusRunSession = await has('dbus-run-session');
// `CLAUDE_SETUP_TEST_FORBID=mount,chattr` runs the fallbacks a CI container without those rights takes.
const forbidden = new Set((process.env['CLAUDE_SETUP_TEST_FORBID'] ?? '').split(','));

async function temporaryFiles(directory: string): Promise<string[]> {
	return (await readdir(directory).catch(() => [])).filter(name => name.endsWith('.tmp'));
}

let folderCount = 0;
async function folder(name: string): Promise<string> {
	folderCount += 1;
	const directory = path.join(work, `${folderCount}-${name}`);
	await mkdir(directory, {recursive: true});
	return directory;
}

describe('the keychain is missing or never answers: a message within 3 s', () => {
	const threeSeconds = 3000;

	function expectFailedInPlainWords(report: KeychainFaultReport, reason: RegExp): void {
		expect(report.probe.ok).toBe(false);
		expect(report.probe.message).toMatch(reason);
		expect(report.probe.message).toMatch(/file fallback/);
		for (const call of [report.set, report.get, report.remove]) {
			expect(call.ok).toBe(false);
			expect(call.message).toMatch(/^Could not (save the key in|read the key from|remove the key from) the Secret Service/);
			expect(call.message).not.toContain('not-a-real-secret-value');
		}
	}

	it('no D-Bus session at all (no DBUS_SESSION_BUS_ADDRESS, no bus socket, no display)', async () => {
		const script = await buildKeychainFaultScript(work);
		const runtime = await folder('empty-runtime-dir');
		const env: NodeJS.ProcessEnv = {PATH: process.env['PATH'], HOME: await folder('home'), XDG_RUNTIME_DIR: runtime};
		const {report} = await runForReport(process.execPath, [script], env);
		expectFailedInPlainWords(report, /No D-Bus session is running here/);
		for (const call of [report.probe, report.set, report.get, report.remove]) {
			expect(call.elapsedMs).toBeLessThan(threeSeconds);
		}

		console.info(`no session bus: probe ${report.probe.elapsedMs} ms, set ${report.set.elapsedMs} ms, get ${report.get.elapsedMs} ms, remove ${report.remove.elapsedMs} ms`);
	}, 30_000);

	// A private bus (as scripts/test.mjs runs the suite) whose Secret Service is activated and never answers.
	it.runIf(dbusRunSession || requireKeychain)('a Secret Service that never answers (test/helpers/hanging-secret-service.ts)', async () => {
		const script = await buildKeychainFaultScript(work);
		const dataHome = await hangingSecretServiceHome(work);
		const env: NodeJS.ProcessEnv = {PATH: process.env['PATH'], HOME: await folder('home'), XDG_DATA_HOME: dataHome};
		const {report} = await runForReport('dbus-run-session', ['--', process.execPath, script], env);
		expectFailedInPlainWords(report, /did not answer/);
		// The wizard asks the probe before anything else, so this is when the user reads why.
		expect(report.probe.elapsedMs).toBeLessThan(threeSeconds);
		// Each later call is cut at its own bound (3 s), plus the time to give up.
		for (const call of [report.set, report.get, report.remove]) {
			expect(call.elapsedMs).toBeLessThan(threeSeconds + 1000);
		}

		console.info(`hanging Secret Service: probe ${report.probe.elapsedMs} ms, set ${report.set.elapsedMs} ms, get ${report.get.elapsedMs} ms, remove ${report.remove.elapsedMs} ms`);
	}, 60_000);
});

/** Claude's settings paths in `root`, and the store over them. */
async function settingsWorld(name: string): Promise<{root: string; paths: Paths}> {
	const root = await folder(name);
	const home = path.join(root, 'home');
	const projectDir = path.join(root, 'project');
	await mkdir(home, {recursive: true});
	await mkdir(projectDir, {recursive: true});
	return {root, paths: {...resolvePaths({CLAUDE_CONFIG_DIR: path.join(home, '.claude')}, projectDir), home}};
}

async function tryMount(directory: string, options: string): Promise<boolean> {
	if (!isRoot || process.platform !== 'linux' || forbidden.has('mount')) {
		return false;
	}

	const mounted = await exec('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', directory]).then(() => true, () => false);
	if (mounted) {
		cleanups.push(async () => exec('umount', ['-l', directory]));
	}

	return mounted;
}

/** The store's read and write of `next` over what it read, in this process. */
async function readAndWrite(paths: Paths, scope: SettingsScope, next: string): Promise<ChildOutcome> {
	const started = Date.now();
	const store = createSettingsStore(paths);
	const snapshot = await store.read(scope);
	const writeError = await store.write(scope, snapshot.text, next).then(() => undefined, (error: unknown) => (error as Error).message);
	return {exists: snapshot.exists, problem: snapshot.problem?.message, hasData: snapshot.data !== undefined, writeError, elapsedMs: Date.now() - started};
}

describe('a write that fails leaves the old file and no temp file', () => {
	const original = '{\n  "model": "opus",\n  "permissions": {"allow": ["Bash(npm test)"]}\n}\n';
	// Far bigger than the room left: the new file cannot be written whole.
	const next = `{\n  "model": "opus",\n  "notes": "${'n'.repeat(2 * 1024 * 1024)}"\n}\n`;

	it('the disk fills up while the new file is written (ENOSPC on a 64 KiB tmpfs, or RLIMIT_FSIZE where mounting is not allowed)', async () => {
		const {root, paths} = await settingsWorld('disk-full');
		const disk = path.join(root, 'small-disk');
		await mkdir(disk);
		const isTmpfs = await tryMount(disk, 'size=64k,mode=0755');
		// The settings live on the small disk through a symlink; the backups stay on the big one.
		const target = path.join(disk, 'settings.json');
		await writeFile(target, original);
		await chmod(target, 0o640);
		await mkdir(paths.claudeConfigDir, {recursive: true});
		await symlink(target, paths.userSettings);

		const outcome = isTmpfs ? await readAndWrite(paths, 'user', next) : await settingsInChild(root, paths, 'user', next, {fileSizeBlocks: 256});
		console.info(isTmpfs ? 'disk full: a real 64 KiB tmpfs (ENOSPC)' : 'disk full: mounting is not allowed here, so RLIMIT_FSIZE (EFBIG) stands in');
		expect(outcome.problem).toBeUndefined();
		expect(outcome.writeError).toMatch(isTmpfs ? /^Could not write ~\/\.claude\/settings\.json \(ENOSPC/ : /^Could not write ~\/\.claude\/settings\.json \(EFBIG/);
		expect(outcome.writeError).toMatch(/The file was left as it was\. Its previous content is also saved in ~\/\.claude\/claude-setup\/backups\/.*disk has free space/);
		expect(await readFile(target, 'utf8')).toBe(original);
		expect((await lstat(target)).mode & 0o777).toBe(0o640);
		expect((await lstat(paths.userSettings)).isSymbolicLink()).toBe(true);
		expect(await temporaryFiles(disk)).toEqual([]);
		expect(await temporaryFiles(paths.claudeConfigDir)).toEqual([]);
	}, 30_000);

	it('the backups cannot be written (the disk is full there): nothing is written at all', async () => {
		const {root, paths} = await settingsWorld('backups-full');
		await mkdir(paths.claudeConfigDir, {recursive: true});
		await writeFile(paths.userSettings, original);
		const isTmpfs = await tryMount(await mkdir(paths.setupDir, {recursive: true}).then(() => paths.setupDir), 'size=16k,mode=0700');
		if (isTmpfs) {
			// Fill it, so even a small backup does not fit.
			await writeFile(path.join(paths.setupDir, 'filler'), Buffer.alloc(16 * 1024)).catch(() => undefined);
		}

		// Without a mount: a backup bigger than the child's RLIMIT_FSIZE cannot be written either.
		const bigOriginal = `{\n  "notes": "${'o'.repeat(300 * 1024)}"\n}\n`;
		if (!isTmpfs) {
			await writeFile(paths.userSettings, bigOriginal);
		}

		const before = await readFile(paths.userSettings);
		const outcome = isTmpfs ? await readAndWrite(paths, 'user', '{}\n') : await settingsInChild(root, paths, 'user', '{}\n', {fileSizeBlocks: 256});
		expect(outcome.writeError).toMatch(/^Could not back up ~\/\.claude\/settings\.json into .*\((ENOSPC|EFBIG).*so nothing was written/);
		expect((await readFile(paths.userSettings)).equals(before)).toBe(true);
		expect(await temporaryFiles(paths.claudeConfigDir)).toEqual([]);
	}, 30_000);

	it('a folder that refuses writes (read-only mount; else immutable; else owned by another user)', async () => {
		const {root, paths} = await settingsWorld('read-only');
		const locked = path.join(root, 'dotfiles');
		await mkdir(locked);
		let how: 'read-only mount' | 'immutable (chattr +i)' | 'another user' | 'chmod 555';
		let outcome: ChildOutcome;
		const target = path.join(locked, 'settings.json');
		const prepare = async () => {
			await writeFile(target, original);
			await chmod(target, 0o644);
			await mkdir(paths.claudeConfigDir, {recursive: true});
			await symlink(target, paths.userSettings);
		};

		if (await tryMount(locked, 'size=64k,mode=0755')) {
			await prepare();
			await exec('mount', ['-o', 'remount,ro', locked]);
			how = 'read-only mount';
			outcome = await readAndWrite(paths, 'user', '{"model": "haiku"}\n');
			expect(outcome.writeError).toMatch(/\(EROFS/);
		} else if (isRoot && !forbidden.has('chattr') && (await exec('chattr', ['+i', locked]).then(() => true, () => false))) {
			cleanups.push(async () => exec('chattr', ['-i', locked]));
			await exec('chattr', ['-i', locked]);
			await prepare();
			await exec('chattr', ['+i', locked]);
			how = 'immutable (chattr +i)';
			outcome = await readAndWrite(paths, 'user', '{"model": "haiku"}\n');
			expect(outcome.writeError).toMatch(/\(EPERM/);
		} else if (isRoot) {
			// The folder stays root's (0755); the store runs as nobody, who may read it but not write in it.
			await prepare();
			for (const directory of [work, root, paths.home, paths.claudeConfigDir]) {
				// eslint-disable-next-line no-await-in-loop -- a few folders
				await chmod(directory, 0o755);
			}

			await mkdir(paths.backupsDir, {recursive: true});
			await exec('chown', ['-R', `${nobody}:${nobody}`, paths.setupDir]);
			how = 'another user';
			outcome = await settingsInChild(root, paths, 'user', '{"model": "haiku"}\n', {user: nobody});
			expect(outcome.writeError).toMatch(/\(EACCES/);
		} else {
			await prepare();
			await chmod(locked, 0o555);
			cleanups.push(async () => chmod(locked, 0o755));
			how = 'chmod 555';
			outcome = await readAndWrite(paths, 'user', '{"model": "haiku"}\n');
			expect(outcome.writeError).toMatch(/\(EACCES/);
		}

		console.info(`read-only folder: ${how}`);
		expect(outcome.writeError).toMatch(/^Could not write ~\/\.claude\/settings\.json .*The file was left as it was\. Its previous content is also saved in .*Check that .*dotfiles is writable/);
		expect(await readFile(target, 'utf8')).toBe(original);
		expect(await temporaryFiles(locked)).toEqual([]);
	}, 30_000);

	it('through the wizard: a failed commit says why, and the settings file is as it was', async () => {
		const world = await createFakeWorld();
		cleanups.push(async () => rm(path.dirname(world.configDir), {recursive: true, force: true}));
		const disk = await folder('wizard-disk');
		const isTmpfs = await tryMount(disk, 'size=64k,mode=0755');
		// Without a mount, a target name so long that the temp name beside it is too long (ENAMETOOLONG).
		const target = path.join(disk, isTmpfs ? 'settings.json' : `${'s'.repeat(240)}.json`);
		await writeFile(target, original);
		await mkdir(world.configDir, {recursive: true});
		await symlink(target, world.ports.settings.pathOf('user'));
		const configuration = gatewayConfiguration('https://llm.example.com', 'helper', token);
		const planned = await planChange(world.ports, 'user', 'keychain', configuration);
		if (!('plan' in planned)) {
			throw new Error(JSON.stringify(planned.problem));
		}

		if (isTmpfs) {
			// Leaves less room than the new file needs (the plan is made; the disk fills meanwhile).
			await writeFile(path.join(disk, 'filler'), Buffer.alloc(64 * 1024 - 4096 - original.length)).catch(() => undefined);
		}

		const committed = await commitChange(planned.plan, world.ports, 7);
		expect(committed).toEqual({type: 'commit-failed', id: 7, message: expect.stringMatching(/^Could not write .*settings\.json \((ENOSPC|ENAMETOOLONG).*The file was left as it was/) as string});
		expect(committed.type === 'commit-failed' ? committed.message : '').not.toContain(token);
		expect(await readFile(target, 'utf8')).toBe(original);
		expect(await temporaryFiles(disk)).toEqual([]);
	}, 30_000);
});

// ---- the network ----

type Listening = {port: number; close: () => Promise<void>};

async function listen(server: Server): Promise<Listening> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('secureConnection', (socket: Socket) => {
		sockets.add(socket);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	const close = async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
		});
	};

	cleanups.push(close);
	return {port, close};
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
	const {port, close} = await listen(createServer());
	await close();
	return port;
}

/** Accepts, reads, and never says a word. */
async function silentServer(): Promise<number> {
	return (await listen(createServer(socket => {
		socket.on('data', () => undefined);
	}))).port;
}

/** Sends the status line and headers, then stalls in the middle of the body. */
async function stallingServer(): Promise<number> {
	return (await listen(createServer(socket => {
		socket.once('data', () => {
			socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"partial": ');
		});
	}))).port;
}

let selfSigned: {cert: string; key: string} | undefined;

async function selfSignedServer(): Promise<number> {
	if (!selfSigned) {
		const pki = await folder('pki');
		await exec('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=llm.example.com', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], {cwd: pki, timeout: 20_000});
		selfSigned = {cert: await readFile(path.join(pki, 'cert.pem'), 'utf8'), key: await readFile(path.join(pki, 'key.pem'), 'utf8')};
	}

	const server = createHttpsServer(selfSigned, (_request, response) => {
		response.end('{}');
	});
	return (await listen(server as unknown as Server)).port;
}

describe('the network fails during the key or gateway check: a clear message, bounded', () => {
	const http = createHttpClient();
	const bound = 400;

	async function failure(run: () => Promise<unknown>): Promise<{message: string; elapsedMs: number}> {
		const started = Date.now();
		const error = await run().then(() => undefined, (error_: unknown) => error_);
		expect(error, 'the request should have failed').toBeInstanceOf(Error);
		return {message: (error as Error).message, elapsedMs: Date.now() - started};
	}

	it.each([
		['a closed port (network down)', async () => `http://127.0.0.1:${await closedPort()}`, /^127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)\.$/],
		['a server that never answers', async () => `http://127.0.0.1:${await silentServer()}`, /^127\.0\.0\.1:\d+ did not answer within 0\.4 s\.$/],
		['a server that stalls in the middle of its answer', async () => `http://127.0.0.1:${await stallingServer()}`, /^127\.0\.0\.1:\d+ did not answer within 0\.4 s\.$/],
		['TLS to a server that never answers', async () => `https://127.0.0.1:${await silentServer()}`, /^127\.0\.0\.1:\d+ did not answer within 0\.4 s\.$/],
		['a self-signed certificate', async () => `https://127.0.0.1:${await selfSignedServer()}`, /^127\.0\.0\.1:\d+ presented a certificate this machine does not trust \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. .*NODE_EXTRA_CA_CERTS/],
		['plain HTTP to a TLS server', async () => `http://127.0.0.1:${await selfSignedServer()}`, /^Could not reach 127\.0\.0\.1:\d+ \(\w+\): \S/],
	] as const)('%s: GET and POST end in a sentence, within the bound', async (_name, url, message) => {
		const base = await url();
		for (const request of [async () => http.get(`${base}/v1/models`, {'x-api-key': token}, bound), async () => http.post(`${base}/v1/messages`, {'x-api-key': token}, '{}', bound)]) {
			// eslint-disable-next-line no-await-in-loop -- two requests, one after the other
			const result = await failure(request);
			expect(result.message).toMatch(message);
			expect(result.message).not.toContain(token);
			// A bound, not a speed: the timer plus the time to tear the connection down.
			expect(result.elapsedMs).toBeLessThan(bound + 2000);
		}
	});

	it('a token with a line break or a non-ASCII character is not sent, and not repeated', async () => {
		const base = `http://127.0.0.1:${await silentServer()}`;
		// (A line break at the very end is trimmed by fetch, as HTTP allows, and sent: harmless.)
		for (const bad of [`${token}\nX-Injected: 1`, `${token}\rX-Injected: 1`, `${token}€`]) {
			// eslint-disable-next-line no-await-in-loop -- three values, in order
			const {message} = await failure(async () => http.post(`${base}/v1/messages`, {authorization: `Bearer ${bad}`}, '{}', bound));
			expect(message).toMatch(/^The request to 127\.0\.0\.1:\d+ was not sent: a header value .* holds a line break or a character that cannot be sent in a header/);
			expect(message).not.toContain(token);
		}
	});

	async function checkGateway(url: string, client: HttpClient = http) {
		const world = await createFakeWorld();
		cleanups.push(async () => rm(path.dirname(world.configDir), {recursive: true, force: true}));
		world.ports.http = client;
		return checkMethod('gateway', {url, credential: 'helper', token}, {}, world.ports, undefined);
	}

	it('the wizard\'s gateway check reports a refused connection and a self-signed certificate as failures, with the fix', async () => {
		const refused = await checkGateway(`http://127.0.0.1:${await closedPort()}`);
		expect(refused.checks).toEqual([{id: 'gateway', outcome: 'fail', title: 'Could not reach the gateway', detail: expect.stringMatching(/refused the connection \(ECONNREFUSED\)/) as string, fix: expect.stringMatching(/VPN and HTTPS_PROXY/) as string}]);
		const tls = await checkGateway(`https://127.0.0.1:${await selfSignedServer()}`);
		expect(tls.checks).toEqual([{id: 'gateway', outcome: 'fail', title: 'Could not reach the gateway', detail: expect.stringMatching(/certificate this machine does not trust/) as string, fix: expect.any(String) as string}]);
		expect(JSON.stringify([refused, tls])).not.toContain(token);
	});

	// The real bounds of the wizard (10 s each), run side by side.
	it('the wizard\'s gateway and key checks against servers that never answer end at their own bound', async () => {
		const gatewayBase = `http://127.0.0.1:${await silentServer()}`;
		const keyBase = `http://127.0.0.1:${await stallingServer()}`;
		const started = Date.now();
		const world = await createFakeWorld();
		cleanups.push(async () => rm(path.dirname(world.configDir), {recursive: true, force: true}));
		world.ports.http = http;
		world.ports.env = {ANTHROPIC_BASE_URL: keyBase};
		const results: EffectResult[] = [];
		const [gateway] = await Promise.all([
			checkGateway(gatewayBase),
			runEffect({type: 'check-key', id: 3, key: token}, world.ports, result => results.push(result), new AbortController().signal),
		]);
		const elapsedMs = Date.now() - started;
		expect(gateway.checks).toEqual([{id: 'gateway', outcome: 'fail', title: 'Could not reach the gateway', detail: expect.stringMatching(/^127\.0\.0\.1:\d+ did not answer within 10 s\.$/) as string, fix: expect.any(String) as string}]);
		expect(results).toEqual([{type: 'key-checked', id: 3, outcome: {kind: 'network-error', message: expect.stringMatching(/^127\.0\.0\.1:\d+ did not answer within 10 s\.$/) as string}}]);
		expect(JSON.stringify([gateway, results])).not.toContain(token);
		expect(elapsedMs).toBeLessThan(10_000 + 3000);
		console.info(`gateway and key checks against silent servers ended after ${elapsedMs} ms`);
	}, 30_000);
});

// ---- child processes ----

/*
Each stand-in is put first on PATH under the real program's name and behaves as its mode says:
`hang` sleeps, `hang-detached` leaves a descendant in its own session holding our pipes (a daemon
that forgot to close stdout), `garbage` prints random bytes and terminal escapes, `flood` prints
without end. The pid of any descendant that escapes our process group is written down, so the test
ends exactly that process afterwards.
*/
const standIn = String.raw`#!/bin/sh
case "$STANDIN_MODE" in
	hang) exec sleep 600 ;;
	hang-detached) setsid sh -c 'echo $$ > "$STANDIN_PIDS/$$"; exec sleep 600' & echo started; wait ;;
	garbage) head -c 2048 /dev/urandom; printf '\033[2J\033]0;pwned\007\r\n{"not": json' ; printf '\033[31mERROR\033[0m \001\002 something broke\n' >&2; exit 1 ;;
	garbage-ok) head -c 2048 /dev/urandom; printf '\033[2J\033]0;pwned\007\r\n'; exit 0 ;;
	flood) exec yes 'garbage garbage garbage garbage' ;;
esac
`;

describe('a CLI that hangs or prints garbage is bounded and reported', () => {
	let bin = '';
	let pids = '';

	beforeAll(async () => {
		bin = await folder('stand-in-bin');
		pids = await folder('escaped-pids');
		for (const name of ['claude', 'aws', 'gcloud', 'az']) {
			// eslint-disable-next-line no-await-in-loop -- four small files
			await writeFile(path.join(bin, name), standIn);
			// eslint-disable-next-line no-await-in-loop -- as above
			await chmod(path.join(bin, name), 0o755);
		}

		cleanups.push(async () => {
			for (const name of await readdir(pids)) {
				try {
					process.kill(Number(name), 'SIGKILL');
				} catch {}
			}
		});
	});

	const runner = (mode: string) => createProcessRunner({PATH: `${bin}:/usr/bin:/bin`, STANDIN_MODE: mode, STANDIN_PIDS: pids});
	const bound = 600;

	for (const mode of ['hang', 'hang-detached']) {
		it(`${mode}: \`claude auth status\`, as the wizard runs it, ends at the bound`, async () => {
			const started = Date.now();
			const result = await runner(mode).run('claude', ['auth', 'status'], {timeoutMs: bound});
			const elapsedMs = Date.now() - started;
			expect(result).toMatchObject({timedOut: true, exitCode: undefined});
			expect(elapsedMs).toBeLessThan(bound + 2000);
		});

		it(`${mode}: aws, gcloud and az end at their bounds with a message that says so`, async () => {
			const processes = runner(mode);
			const started = Date.now();
			const [aws, gcloud, az] = await Promise.all([
				createAwsAdapter({processes, env: {}, home: work, timeouts: {callMs: bound, versionMs: bound}}).callerIdentity({kind: 'profile', profile: 'dev'}, 'us-east-1'),
				createGcloudAdapter({processes, timeoutMs: bound}).applicationDefaultCredentials(),
				createAzAdapter({processes, timeoutMs: bound}).account(),
			]);
			expect(aws).toEqual({ok: false, timedOut: true, message: expect.stringMatching(/^aws sts get-caller-identity did not answer within 600 ms/) as string});
			expect(gcloud).toMatchObject({ok: false, timedOut: true, message: expect.stringMatching(/^gcloud did not answer within/) as string});
			expect(az).toMatchObject({ok: false, timedOut: true, message: expect.stringMatching(/^az did not answer within/) as string});
			expect(Date.now() - started).toBeLessThan(bound + 3000);
		});
	}

	it('garbage: every adapter reports a failure instead of crashing, and no secret stands in it', async () => {
		const processes = runner('garbage');
		const aws = await createAwsAdapter({processes, env: {}, home: work, timeouts: {callMs: 5000}}).callerIdentity({kind: 'keys', accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: token}, 'us-east-1');
		const gcloud = await createGcloudAdapter({processes, timeoutMs: 5000}).applicationDefaultCredentials();
		const az = await createAzAdapter({processes, timeoutMs: 5000}).account();
		for (const result of [aws, gcloud, az]) {
			expect(result.ok).toBe(false);
			expect(result.ok ? '' : result.message.length).toBeGreaterThan(0);
			expect(JSON.stringify(result)).not.toContain(token);
		}
	});

	it('garbage with exit code 0: the CLIs\' output is refused as not theirs', async () => {
		const processes = runner('garbage-ok');
		const aws = await createAwsAdapter({processes, env: {}, home: work, timeouts: {callMs: 5000}}).callerIdentity({kind: 'profile', profile: 'dev'}, 'us-east-1');
		expect(aws).toMatchObject({ok: false, message: expect.stringMatching(/printed something other than the JSON it should/) as string});
		expect(await createAzAdapter({processes, timeoutMs: 5000}).account()).toMatchObject({ok: false, message: expect.stringMatching(/did not print JSON/) as string});
		expect(await createGcloudAdapter({processes, timeoutMs: 5000}).applicationDefaultCredentials()).toMatchObject({ok: false, message: expect.stringMatching(/did not print an access token/) as string});
	});

	it('garbage from `claude auth status`: the wizard\'s verify step says it printed something unexpected', async () => {
		const world = await createFakeWorld();
		cleanups.push(async () => rm(path.dirname(world.configDir), {recursive: true, force: true}));
		const real = runner('garbage-ok');
		world.ports.processes.run = real.run;
		const verification = await verifyConfiguration(world.ports, gatewayConfiguration('https://llm.example.com', 'none', ''), path.join(bin, 'claude'));
		expect(verification).toMatchObject({kind: 'failed', message: expect.stringMatching(/^`claude auth status` printed something unexpected: /) as string});
		// Bounded: at most 200 characters of what it printed are repeated.
		expect(verification.kind === 'failed' ? verification.message.length : 0).toBeLessThan(300);
	});

	it('a CLI that prints without end is stopped at the output cap, long before its bound, and says why', async () => {
		const started = Date.now();
		const result = await runner('flood').run('claude', ['auth', 'status'], {timeoutMs: 60_000});
		const elapsedMs = Date.now() - started;
		expect(result.timedOut).toBe(false);
		expect(result.exitCode).toBeUndefined();
		expect(result.stdout.length).toBeLessThanOrEqual(maxOutputBytes);
		expect(result.stderr).toMatch(/claude-setup stopped claude: it printed more than 8 MB\.$/);
		expect(elapsedMs).toBeLessThan(30_000);
		console.info(`a flooding stand-in was stopped after ${elapsedMs} ms`);
	}, 60_000);
});
