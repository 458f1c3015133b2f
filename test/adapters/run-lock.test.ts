import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createSecretStore} from '../../source/adapters/keychain.js';
import {resolvePaths} from '../../source/adapters/paths.js';
import {createRealPorts} from '../../source/adapters/real-ports.js';
import {acquireRunLock, formatStart, lockName, type HeldLock, type LockOwner} from '../../source/adapters/run-lock.js';
import {cleanUpAfterInterruptedRuns} from '../../source/adapters/run-lock-recovery.js';
import {secretRef, type SecretPurpose} from '../../source/core/auth/configuration.js';
import {upsertAwsProfileBlock} from '../../source/core/setup/aws-profile-block.js';
import {blockEnd, blockStart} from '../../source/core/setup/shell-block.js';
import {fakeApiKey} from '../helpers/fake-key.js';

/*
The run lock with real files and real processes: holders are real child processes (alive, killed,
Node or not), races are real processes started at once, and signals are real signals. Only the
clock of a lock is set by hand (a lock "two hours old" is written with that start time).
*/

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const requireKeychain = process.env['CLAUDE_SETUP_REQUIRE_KEYCHAIN'] === '1';
const workDirectory = await mkdtemp(path.join(tmpdir(), 'claude-setup-run-lock-'));
const keychainHealth = await createSecretStore(resolvePaths({...process.env, HOME: workDirectory}, workDirectory)).probe();
const keychainUsable = keychainHealth.ok || requireKeychain;
const children = new Set<ChildProcess>();
let driver = '';
let counter = 0;

beforeAll(async () => {
	// A child process cannot load TypeScript: the lock module is bundled into a small program that
	// takes the lock, says so as one JSON line, and holds it until its stdin closes.
	driver = path.join(workDirectory, 'lock-driver.mjs');
	const signalExit = createRequire(createRequire(import.meta.url).resolve('ink')).resolve('signal-exit');
	await build({
		stdin: {
			contents: `
import {writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {acquireRunLock, releaseOnExit} from './source/adapters/run-lock.ts';
const [setupDir, command, ...modes] = process.argv.slice(2);
const lock = await acquireRunLock({setupDir, command});
if (!lock.ok) {
	process.stdout.write(JSON.stringify({ok: false, pid: process.pid, message: lock.message}) + '\\n');
	process.exit(1);
}
releaseOnExit(lock);
if (modes.includes('signal-exit')) {
	// What Ink does: signal-exit restores the terminal when a signal ends the process.
	createRequire(import.meta.url)(${JSON.stringify(signalExit)})(() => writeFileSync(setupDir + '/../signal-exit-ran', 'yes'));
}
if (modes.includes('committing')) {
	// What commit-change.ts does while it commits.
	globalThis[Symbol.for('claude-setup.commits-under-way')] = 1;
}
if (modes.includes('swallow-sigint')) {
	// What the terminal handoff does while a login program has the terminal.
	process.on('SIGINT', () => process.stdout.write('swallowed SIGINT\\n'));
}
process.stdout.write(JSON.stringify({ok: true, pid: process.pid, notes: lock.notes, interrupted: lock.interrupted.map(each => each.owner?.pid ?? null)}) + '\\n');
process.stdin.on('data', () => {});
process.stdin.on('end', () => process.exit(modes.includes('exit-3') ? 3 : 0));
`,
			resolveDir: projectRoot,
			sourcefile: 'lock-driver.ts',
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: driver,
		external: ['@napi-rs/keyring'],
		logLevel: 'silent',
	});
});

afterEach(() => {
	for (const child of children) {
		child.kill('SIGKILL');
	}

	children.clear();
});

afterAll(async () => {
	await rm(workDirectory, {recursive: true, force: true});
});

async function freshSetupDir(): Promise<string> {
	counter++;
	return path.join(workDirectory, `case-${counter}`, '.claude', 'claude-setup');
}

/** A real process that runs until killed: `node` (a Node.js process) or `sleep` (not one). */
async function startProcess(kind: 'node' | 'sleep'): Promise<ChildProcess> {
	const child = kind === 'node' ? spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {stdio: 'ignore'}) : spawn('sleep', ['600'], {stdio: 'ignore'});
	children.add(child);
	await once(child, 'spawn');
	return child;
}

async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', ''], {stdio: 'ignore'});
	const [code] = (await once(child, 'exit')) as [number];
	expect(code).toBe(0);
	return child.pid!;
}

async function writeLock(setupDir: string, owner: Partial<LockOwner> & {pid: number}): Promise<string> {
	await mkdir(setupDir, {recursive: true});
	const file = path.join(setupDir, lockName);
	await writeFile(file, JSON.stringify({startedAt: new Date().toISOString(), command: 'claude-setup', hostname: hostname(), ...owner}));
	return file;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

type DriverLine = {ok: boolean; pid: number; message?: string; notes?: string[]; interrupted?: Array<number | null>};

/** The driver as a real process; resolves with it and its first line (the lock taken, or refused). */
async function startDriver(setupDir: string, command: string, modes: string[] = []): Promise<{child: ChildProcess; line: DriverLine; lines: AsyncIterator<string>}> {
	const child = spawn(process.execPath, [driver, setupDir, command, ...modes], {stdio: ['pipe', 'pipe', 'inherit']});
	children.add(child);
	const lines = createInterface({input: child.stdout!})[Symbol.asyncIterator]();
	const first = await lines.next();
	expect(first.done, 'the driver printed nothing').toBe(false);
	return {child, line: JSON.parse(first.value as string) as DriverLine, lines};
}

async function exitOf(child: ChildProcess): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return {code: child.exitCode, signal: child.signalCode};
	}

	const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
	return {code, signal};
}

async function exists(file: string): Promise<boolean> {
	return stat(file).then(
		() => true,
		() => false,
	);
}

async function markers(setupDir: string): Promise<string[]> {
	return (await readdir(setupDir).catch(() => [] as string[])).filter(name => name.startsWith('interrupted.'));
}

describe('taking the lock', () => {
	it('creates the lock with who holds it, and releasing removes it and the folders it made', async () => {
		const setupDir = await freshSetupDir();
		const lock = await acquireRunLock({setupDir, command: 'claude-setup logout --yes'});
		expect(lock.ok).toBe(true);
		const held = lock as HeldLock;
		const file = path.join(setupDir, lockName);
		const data = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
		expect(data).toEqual({pid: process.pid, startedAt: expect.any(String), command: 'claude-setup logout --yes', hostname: hostname()});
		expect(Math.abs(Date.parse(data.startedAt) - Date.now())).toBeLessThan(60_000);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		// No temp file of the exclusive create is left next to it.
		expect(await readdir(setupDir)).toEqual([lockName]);
		expect(held.notes).toEqual([]);
		expect(held.interrupted).toEqual([]);

		held.release();
		expect(await exists(file)).toBe(false);
		// Both .claude and claude-setup were made for the lock and are empty again: both are gone.
		expect(await exists(path.dirname(setupDir))).toBe(false);
	});

	it('keeps folders that hold something else when it is released', async () => {
		const setupDir = await freshSetupDir();
		const lock = (await acquireRunLock({setupDir, command: 'claude-setup'})) as HeldLock;
		await writeFile(path.join(path.dirname(setupDir), 'settings.json'), '{}');
		lock.release();
		expect(await readdir(path.dirname(setupDir))).toEqual(['settings.json']);
	});

	it('refuses while a live process holds it, naming its pid, start time and command', async () => {
		const setupDir = await freshSetupDir();
		const holder = await startProcess('node');
		const file = await writeLock(setupDir, {pid: holder.pid!, command: 'claude-setup --auth console-api-key --yes'});
		const before = await readFile(file);
		const startedAt = (JSON.parse(before.toString('utf8')) as LockOwner).startedAt;

		const lock = await acquireRunLock({setupDir, command: 'claude-setup undo'});
		expect(lock.ok).toBe(false);
		expect(lock.ok ? '' : lock.message).toBe(
			`another claude-setup is running (pid ${holder.pid}, started ${formatStart(startedAt)}, \`claude-setup --auth console-api-key --yes\`); wait for it to finish, or if it is gone, run again`,
		);
		expect(formatStart(startedAt)).toMatch(/^\d\d:\d\d$/);
		// Nothing touched: the holder's lock is byte for byte the same, and nothing was added.
		expect(await readFile(file)).toEqual(before);
		expect(await readdir(setupDir)).toEqual([lockName]);
	});

	it('takes over the lock of a process that is gone, with a note, and keeps a marker until settled', async () => {
		const setupDir = await freshSetupDir();
		const pid = await deadPid();
		await writeLock(setupDir, {pid, command: 'claude-setup'});

		const lock = await acquireRunLock({setupDir, command: 'claude-setup logout'});
		expect(lock.ok).toBe(true);
		const held = lock as HeldLock;
		expect(held.notes).toHaveLength(1);
		expect(held.notes[0]).toMatch(new RegExp(`^claude-setup: an earlier run \\(pid ${pid}, started \\d\\d:\\d\\d, \`claude-setup\`\\) did not finish and it is not running any more; its lock was cleared\\.$`));
		expect(held.interrupted.map(each => each.owner?.pid)).toEqual([pid]);
		expect((JSON.parse(await readFile(path.join(setupDir, lockName), 'utf8')) as LockOwner).pid).toBe(process.pid);
		expect(await markers(setupDir)).toHaveLength(1);

		await held.settle();
		expect(await markers(setupDir)).toEqual([]);
		held.release();
	});

	it.each([
		{holder: 'sleep', age: 2, stale: true, why: 'an old lock whose pid is now another program'},
		{holder: 'sleep', age: 0, stale: false, why: 'a fresh lock of a live process (it cannot tell a reused pid yet)'},
		{holder: 'node', age: 2, stale: false, why: 'an old lock of a live Node.js process (a wizard left open)'},
	] as const)('$why: stale=$stale', async ({holder, age, stale}) => {
		const setupDir = await freshSetupDir();
		const child = await startProcess(holder);
		await writeLock(setupDir, {pid: child.pid!, startedAt: hoursAgo(age)});
		const lock = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(lock.ok).toBe(stale);
		if (lock.ok) {
			expect(lock.notes[0]).toContain('its pid now belongs to another program');
			lock.release();
		}
	});

	it('trusts a lock from another host for an hour, then takes it over', async () => {
		const setupDir = await freshSetupDir();
		await writeLock(setupDir, {pid: 1, hostname: 'other-machine'});
		const refused = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(refused.ok ? '' : refused.message).toContain('(pid 1 on other-machine, started');

		await writeLock(setupDir, {pid: 1, hostname: 'other-machine', startedAt: hoursAgo(2)});
		const taken = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(taken.ok).toBe(true);
		expect((taken as HeldLock).notes[0]).toContain('it ran on other-machine over an hour ago');
		(taken as HeldLock).release();
	});

	it('takes over a lock that names this very pid (a container restarted with the same pids)', async () => {
		const setupDir = await freshSetupDir();
		await writeLock(setupDir, {pid: process.pid});
		const lock = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(lock.ok).toBe(true);
		(lock as HeldLock).release();
	});

	it('leaves a stale lock to the run already recovering it, and removes a recovery left by a killed run', async () => {
		const setupDir = await freshSetupDir();
		await writeLock(setupDir, {pid: await deadPid()});
		const recovering = await startProcess('node');
		await writeFile(path.join(setupDir, 'lock.takeover'), JSON.stringify({pid: recovering.pid, startedAt: new Date().toISOString(), command: 'claude-setup undo', hostname: hostname()}));
		const refused = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(refused.ok ? '' : refused.message).toContain(`(pid ${recovering.pid}, started `);

		await writeFile(path.join(setupDir, 'lock.takeover'), JSON.stringify({pid: await deadPid(), startedAt: new Date().toISOString(), command: 'claude-setup undo', hostname: hostname()}));
		const taken = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(taken.ok).toBe(true);
		expect((await readdir(setupDir)).sort()).toEqual([lockName, ...(await markers(setupDir))].sort());
		(taken as HeldLock).release();
	});

	it('waits on a lock file still being written, and takes over a damaged one', async () => {
		const setupDir = await freshSetupDir();
		await mkdir(setupDir, {recursive: true});
		await writeFile(path.join(setupDir, lockName), '{"pid": 12');
		// Just written, it may still be being written (where hard links are not supported).
		const refused = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(refused.ok ? '' : refused.message).toBe('another claude-setup is running (its lock file cannot be read yet); wait for it to finish, or if it is gone, run again');

		const minuteAgo = new Date(Date.now() - 60_000);
		await utimes(path.join(setupDir, lockName), minuteAgo, minuteAgo);
		const lock = await acquireRunLock({setupDir, command: 'claude-setup'});
		expect(lock.ok).toBe(true);
		expect((lock as HeldLock).notes[0]).toContain('its lock file was unreadable');
		(lock as HeldLock).release();
	});
});

describe('runs started at the same moment', {timeout: 60_000}, () => {
	it.each([
		{initial: 'no lock', stale: false},
		{initial: 'the stale lock of a killed run', stale: true},
	])('exactly one of 12 real processes gets the lock ($initial)', async ({stale}) => {
		const setupDir = await freshSetupDir();
		const killed = stale ? await deadPid() : undefined;
		if (killed !== undefined) {
			await writeLock(setupDir, {pid: killed});
		}

		const runs = await Promise.all(Array.from({length: 12}, async (_, index) => startDriver(setupDir, `run ${index}`)));
		const winners = runs.filter(run => run.line.ok);
		const report = JSON.stringify(runs.map(run => run.line));
		expect(winners, report).toHaveLength(1);
		const winner = winners[0]!;
		// Each other run names one that was taking the lock at that moment (the winner, or a run that was
		// recovering the stale lock), and exits 1.
		const pids = runs.map(run => run.line.pid);
		for (const run of runs.filter(each => !each.line.ok)) {
			expect(pids.map(pid => `another claude-setup is running (pid ${pid}, `)).toContain(/^another claude-setup is running \(pid \d+, /.exec(run.line.message ?? '')?.[0]);
			expect(await exitOf(run.child)).toEqual({code: 1, signal: null});
		}

		if (killed !== undefined) {
			// The killed run is recovered once, and the winner is the one told to clean up after it.
			expect(winner.line.interrupted, report).toEqual([killed]);
			expect(await markers(setupDir)).toHaveLength(1);
		}

		expect((JSON.parse(await readFile(path.join(setupDir, lockName), 'utf8')) as LockOwner).pid).toBe(winner.line.pid);
		winner.child.stdin!.end();
		expect(await exitOf(winner.child)).toEqual({code: 0, signal: null});
		expect(await exists(path.join(setupDir, lockName))).toBe(false);
	});
});

describe('releasing when the process ends', {timeout: 60_000}, () => {
	it.each([
		{how: 'a normal exit', modes: [], end: (child: ChildProcess) => child.stdin!.end(), expected: {code: 0, signal: null}},
		{how: 'process.exit(3)', modes: ['exit-3'], end: (child: ChildProcess) => child.stdin!.end(), expected: {code: 3, signal: null}},
		{how: 'SIGTERM', modes: [], end: (child: ChildProcess) => child.kill('SIGTERM'), expected: {code: null, signal: 'SIGTERM'}},
		{how: 'SIGINT (Ctrl-C)', modes: [], end: (child: ChildProcess) => child.kill('SIGINT'), expected: {code: null, signal: 'SIGINT'}},
		{how: 'SIGHUP (terminal closed)', modes: [], end: (child: ChildProcess) => child.kill('SIGHUP'), expected: {code: null, signal: 'SIGHUP'}},
	])('$how releases the lock and leaves the folders as they were', async ({modes, end, expected}) => {
		const setupDir = await freshSetupDir();
		const {child, line} = await startDriver(setupDir, 'claude-setup', modes);
		expect(line.ok).toBe(true);
		end(child);
		expect(await exitOf(child)).toEqual(expected);
		// .claude and claude-setup were made for the lock: both are gone again.
		expect(await exists(path.dirname(setupDir))).toBe(false);
	});

	it.each([
		{how: 'SIGTERM', modes: ['committing'], signal: 'SIGTERM'},
		{how: 'SIGINT', modes: ['committing'], signal: 'SIGINT'},
		{how: 'SIGTERM with signal-exit loaded, as Ink does', modes: ['committing', 'signal-exit'], signal: 'SIGTERM'},
	] as const)('$how during a commit releases the lock but leaves the next run a marker', async ({modes, signal}) => {
		const setupDir = await freshSetupDir();
		const modeList: string[] = [...modes];
		const {child, line} = await startDriver(setupDir, 'claude-setup', modeList);
		expect(line.ok).toBe(true);
		child.kill(signal);
		expect(await exitOf(child)).toEqual({code: null, signal});
		expect(await exists(path.join(setupDir, lockName))).toBe(false);
		// Stopped half-way through a commit: the next run is told to look for leftovers.
		expect(await markers(setupDir)).toEqual([`interrupted.${line.pid}`]);
		if (modeList.includes('signal-exit')) {
			expect(await readFile(path.join(setupDir, '..', 'signal-exit-ran'), 'utf8')).toBe('yes');
		}

		const next = await startDriver(setupDir, 'claude-setup');
		expect(next.line.interrupted).toEqual([line.pid]);
		expect(next.line.notes).toEqual([]);
	});

	it('SIGKILL leaves the lock, and the next run takes it over', async () => {
		const setupDir = await freshSetupDir();
		const first = await startDriver(setupDir, 'claude-setup');
		first.child.kill('SIGKILL');
		expect(await exitOf(first.child)).toEqual({code: null, signal: 'SIGKILL'});
		expect((JSON.parse(await readFile(path.join(setupDir, lockName), 'utf8')) as LockOwner).pid).toBe(first.line.pid);

		const second = await startDriver(setupDir, 'claude-setup undo');
		expect(second.line.ok).toBe(true);
		expect(second.line.notes?.[0]).toContain(`(pid ${first.line.pid}, `);
		expect(second.line.interrupted).toEqual([first.line.pid]);
	});

	it('a Ctrl-C that belongs to a program the wizard handed the terminal to does not end it or release the lock', async () => {
		const setupDir = await freshSetupDir();
		const {child, line, lines} = await startDriver(setupDir, 'claude-setup', ['swallow-sigint']);
		expect(line.ok).toBe(true);
		child.kill('SIGINT');
		expect((await lines.next()).value).toBe('swallowed SIGINT');
		expect((JSON.parse(await readFile(path.join(setupDir, lockName), 'utf8')) as LockOwner).pid).toBe(line.pid);

		child.kill('SIGTERM');
		expect(await exitOf(child)).toEqual({code: null, signal: 'SIGTERM'});
		expect(await exists(path.join(setupDir, lockName))).toBe(false);
	});
});

describe('cleaning up after an interrupted run', {timeout: 60_000}, () => {
	/** A home and project with claude-setup's helper installed and settings pointing at it. */
	async function world(backend: 'keychain' | 'file') {
		counter++;
		const home = path.join(workDirectory, `world-${counter}`, 'home');
		const project = path.join(workDirectory, `world-${counter}`, 'project');
		await mkdir(project, {recursive: true});
		await mkdir(home, {recursive: true});
		const env = {...process.env, HOME: home, ZDOTDIR: undefined, SHELL: '/bin/bash', AWS_CONFIG_FILE: undefined};
		const helperScriptPath = path.join(projectRoot, 'dist', 'api-key-helper.cjs');
		const {ports, paths} = createRealPorts({env, cwd: project, helperScriptPath});
		// A stand-in helper script: only the helper's configuration matters here.
		const scriptPath = path.join(workDirectory, `helper-${counter}.mjs`);
		await writeFile(scriptPath, '');
		const {createHelperInstaller} = await import('../../source/adapters/helper-installer.js');
		const helper = await createHelperInstaller(paths, {helperScriptPath: scriptPath}).install(secretRef('api-key', paths.configDirHash), backend);
		const ref = (purpose: SecretPurpose) => secretRef(purpose, paths.configDirHash);
		const stored: Array<{purpose: SecretPurpose; backend: 'keychain' | 'file'}> = [];
		const store = async (purpose: SecretPurpose, value = fakeApiKey(purpose.toUpperCase())) => {
			await ports.secrets.set(ref(purpose), value, backend);
			stored.push({purpose, backend});
		};

		const read = async (purpose: SecretPurpose) => ports.secrets.get(ref(purpose), backend);
		// Set by a test that leaves a settings file unreadable: the clean-up must then report itself not done.
		let unreadable = false;
		const expectUnreadable = () => {
			unreadable = true;
		};
		const cleanUp = async () => {
			const cleaned = await cleanUpAfterInterruptedRuns({env, cwd: project, helperScriptPath}, [{file: path.join(paths.setupDir, 'interrupted.1'), owner: {pid: 4_000_000, startedAt: '', command: '', hostname: hostname()}}]);
			expect(cleaned.isDone, 'isDone').toBe(!unreadable);
			return cleaned.lines;
		};
		const removeAll = async () => {
			for (const each of stored) {
				// eslint-disable-next-line no-await-in-loop -- a few entries
				await ports.secrets.remove(ref(each.purpose), each.backend).catch(() => undefined);
			}
		};

		return {home, project, env, paths, helper, ref, store, read, cleanUp, removeAll, expectUnreadable};
	}

	it.each(['file', 'keychain'] as const)('removes the secrets nothing refers to and keeps the rest (%s)', async backend => {
		if (backend === 'keychain' && !keychainUsable) {
			return;
		}

		const w = await world(backend);
		try {
			// In use: the API key (apiKeyHelper) and the Foundry key (the claude function).
			await mkdir(w.paths.claudeConfigDir, {recursive: true});
			await writeFile(w.paths.userSettings, JSON.stringify({apiKeyHelper: w.helper.command}));
			const foundry = `${w.helper.command} --secret ${w.ref('foundry-api-key').account}`;
			await writeFile(path.join(w.home, '.bashrc'), `${blockStart}\nclaude() { ANTHROPIC_FOUNDRY_API_KEY="$(${foundry})" command claude "$@"; }\n${blockEnd}\n`);
			await w.store('api-key');
			await w.store('foundry-api-key');
			// Left by a run killed between storing and writing the settings.
			await w.store('bedrock-credentials', '{"Credentials":{}}');
			await w.store('bedrock-api-key');

			const lines = await w.cleanUp();
			expect(lines).toEqual([
				`claude-setup: an earlier run was interrupted after storing a secret and before any setting used it; removed the AWS access key (${backend === 'file' ? 'secrets file' : 'keychain'}), the Bedrock API key (${backend === 'file' ? 'secrets file' : 'keychain'}).`,
			]);
			expect(await w.read('bedrock-credentials')).toBeUndefined();
			expect(await w.read('bedrock-api-key')).toBeUndefined();
			expect(await w.read('api-key')).toBe(fakeApiKey('API-KEY'));
			expect(await w.read('foundry-api-key')).toBe(fakeApiKey('FOUNDRY-API-KEY'));
			// Nothing left to do the second time.
			expect(await w.cleanUp()).toEqual([]);
		} finally {
			await w.removeAll();
		}
	});

	it('keeps the AWS access keys an AWS profile hands Claude Code through credential_process', async () => {
		const w = await world('file');
		await w.store('bedrock-credentials', '{"Credentials":{}}');
		await mkdir(path.join(w.home, '.aws'), {recursive: true});
		await writeFile(path.join(w.home, '.aws', 'config'), upsertAwsProfileBlock('', 'claude-setup', `${w.helper.command} --secret ${w.ref('bedrock-credentials').account}`));
		expect(await w.cleanUp()).toEqual([]);
		expect(await w.read('bedrock-credentials')).toBe('{"Credentials":{}}');

		await writeFile(path.join(w.home, '.aws', 'config'), '');
		expect(await w.cleanUp()).toHaveLength(1);
		expect(await w.read('bedrock-credentials')).toBeUndefined();
	});

	it('keeps a secret another folder\'s settings use, known from the backup manifest', async () => {
		const w = await world('file');
		const elsewhere = path.join(w.project, '..', 'other-project', '.claude', 'settings.local.json');
		await mkdir(path.dirname(elsewhere), {recursive: true});
		await writeFile(elsewhere, JSON.stringify({awsCredentialExport: `${w.helper.command} --secret ${w.ref('bedrock-credentials').account}`}));
		await w.store('bedrock-credentials', '{"Credentials":{}}');

		await mkdir(w.paths.backupsDir, {recursive: true});
		await writeFile(path.join(w.paths.backupsDir, 'manifest.jsonl'), `${JSON.stringify({time: new Date().toISOString(), scope: 'local', original: elsewhere, backup: null})}\n`);
		expect(await w.cleanUp()).toEqual([]);
		expect(await w.read('bedrock-credentials')).toBe('{"Credentials":{}}');

		// Without the record, nothing visible from here uses it: proof the manifest is what kept it.
		await rm(path.join(w.paths.backupsDir, 'manifest.jsonl'));
		expect(await w.cleanUp()).toHaveLength(1);
		expect(await w.read('bedrock-credentials')).toBeUndefined();
	});

	it('removes nothing while a settings file cannot be read, and leaves the clean-up to the next run', async () => {
		const w = await world('file');
		await mkdir(w.paths.claudeConfigDir, {recursive: true});
		await writeFile(w.paths.userSettings, '{"apiKeyHelper": ');
		await w.store('api-key');
		w.expectUnreadable();
		expect(await w.cleanUp()).toEqual([]);
		expect(await w.read('api-key')).toBe(fakeApiKey('API-KEY'));
	});

	it('removes the temp files of the interrupted run, and only those', async () => {
		const w = await world('file');
		await mkdir(w.paths.claudeConfigDir, {recursive: true});
		const ours = [
			path.join(w.paths.claudeConfigDir, '.settings.json.4000000.0123456789ab.tmp'),
			path.join(w.paths.setupDir, '.secrets.json.4000000.01234567.tmp'),
			path.join(w.home, '.bashrc.claude-setup-4000000-1712345678901.tmp'),
		];
		const others = [path.join(w.paths.claudeConfigDir, '.settings.json.4000001.0123456789ab.tmp'), path.join(w.paths.claudeConfigDir, 'notes.4000000.tmp')];
		for (const file of [...ours, ...others]) {
			// eslint-disable-next-line no-await-in-loop -- a few files
			await writeFile(file, 'x');
		}

		await w.cleanUp();
		expect(await Promise.all(ours.map(async file => exists(file)))).toEqual([false, false, false]);
		expect(await Promise.all(others.map(async file => exists(file)))).toEqual([true, true]);
	});

	it('is required to reach the keychain when CI says so (CLAUDE_SETUP_REQUIRE_KEYCHAIN=1)', () => {
		if (requireKeychain) {
			expect(keychainHealth.ok).toBe(true);
		}
	});
});
