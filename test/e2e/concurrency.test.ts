import {mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {execa, type Result} from 'execa';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {busyMessage, formatStart, type LockOwner} from '../../source/adapters/run-lock.js';
import {copy} from '../../source/ui/copy.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';
import {treeOf} from '../helpers/tree.js';
import {offlineSessionEnv} from '../helpers/session-env.js';

/**
One claude-setup at a time: the built CLI, real processes, a real terminal. A wizard waiting on its
first screen holds the lock; every command that writes, started meanwhile, says who holds it and
exits 1 without touching a file, while read-only commands answer as usual. Killing the wizard with
SIGKILL leaves a stale lock that the next run takes over; Ctrl-C and SIGTERM release it.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const testTimeoutMs = 120_000;
const slowStepMs = 45_000;
const key = fakeApiKey('LOCK-E2E');

const temporaryDirectories: string[] = [];
const terminals: PtyTerminal[] = [];

afterEach(() => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}
});

afterAll(async () => {
	await Promise.all(temporaryDirectories.map(async directory => rm(directory, {recursive: true, force: true})));
});

type Sandbox = {home: string; project: string; lockFile: string; setupDir: string};

/** A HOME whose user settings already hold something, and a project folder. */
async function sandbox(): Promise<Sandbox> {
	const make = async (name: string) => {
		const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-lock-${name}-`)));
		temporaryDirectories.push(directory);
		return directory;
	};

	const home = await make('home');
	await mkdir(path.join(home, '.claude'), {recursive: true});
	await writeFile(path.join(home, '.claude', 'settings.json'), '{\n\t"model": "sonnet"\n}\n');
	const setupDir = path.join(home, '.claude', 'claude-setup');
	return {home, project: await make('project'), setupDir, lockFile: path.join(setupDir, 'lock')};
}

/** What a terminal session has, a temporary HOME, and nothing that reaches the internet or a browser. */
const childEnv = offlineSessionEnv;

function startWizard(world: Sandbox): PtyTerminal {
	const terminal = spawnInPty(process.execPath, [binPath], {cwd: world.project, env: childEnv(world.home)});
	terminals.push(terminal);
	return terminal;
}

async function cli(world: Sandbox, args: string[], input?: string): Promise<Result> {
	return execa(process.execPath, [binPath, ...args], {
		cwd: world.project,
		env: childEnv(world.home),
		extendEnv: false,
		reject: false,
		timeout: 60_000,
		...(input === undefined ? {stdin: 'ignore' as const} : {input}),
	});
}

const scriptedSetup = ['--auth', 'console-api-key', '--api-key-stdin', '--scope', 'user', '--skip-key-check', '--no-verify', '--secret-storage', 'file'];

async function readOwner(lockFile: string): Promise<LockOwner> {
	return JSON.parse(await readFile(lockFile, 'utf8')) as LockOwner;
}

async function isRunning(pid: number): Promise<boolean> {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function bothTrees(world: Sandbox) {
	return {home: await treeOf(world.home), project: await treeOf(world.project)};
}

async function markers(world: Sandbox): Promise<string[]> {
	return (await readdir(world.setupDir).catch(() => [] as string[])).filter(name => name.startsWith('interrupted.'));
}

describe('while the wizard waits on its first screen', {timeout: testTimeoutMs}, () => {
	it('every command that writes is refused before it touches anything; read-only ones answer', async () => {
		const world = await sandbox();
		const untouched = await bothTrees(world);
		const wizard = startWizard(world);
		await wizard.waitForText(copy.invite.question, {timeoutMs: slowStepMs, screenOnly: true});

		// The lock names the wizard's own process.
		const owner = await readOwner(world.lockFile);
		expect(owner).toEqual({pid: expect.any(Number), startedAt: expect.any(String), command: 'claude-setup', hostname: hostname()});
		expect(await isRunning(owner.pid)).toBe(true);
		expect((await readFile(`/proc/${owner.pid}/cmdline`, 'utf8').catch(() => binPath)).split('\0')).toContain(binPath);
		const expected = `${busyMessage(owner, hostname())}\n`;
		expect(expected).toMatch(new RegExp(`^another claude-setup is running \\(pid ${owner.pid}, started \\d\\d:\\d\\d, \`claude-setup\`\\); wait for it to finish, or if it is gone, run again\\n$`));
		const held = await bothTrees(world);

		const refused: Array<[string, Result]> = [
			['scripted setup', await cli(world, [...scriptedSetup, '--yes'], key)],
			['logout', await cli(world, ['logout', '--yes'])],
			['undo', await cli(world, ['undo', '--yes'])],
			['doctor --fix', await cli(world, ['doctor', '--fix'])],
		];
		for (const [name, result] of refused) {
			expect({name, code: result.exitCode, stderr: result.stderr, stdout: result.stdout}).toEqual({name, code: 1, stderr: expected.trimEnd(), stdout: ''});
		}

		// A second wizard stops before its first screen. It said "starting" at once (before it could
		// know about the lock), and the message takes that line's place.
		const second = startWizard(world);
		expect(await second.waitForExit(slowStepMs)).toBe(1);
		expect(second.output()).toContain(expected.trimEnd());
		expect(second.output()).not.toContain(copy.invite.question);
		expect(second.screen()).not.toContain('claude-setup: starting');
		expect(second.screen().split('\n')[0]).toBe(expected.trimEnd().split('\n')[0]);

		// Read-only commands never wait for the lock, and never say it is held.
		const readOnly: Array<[string, Result]> = [
			['status', await cli(world, ['status'])],
			['status --json', await cli(world, ['status', '--json'])],
			['doctor', await cli(world, ['doctor'])],
			['--help', await cli(world, ['--help'])],
			['--version', await cli(world, ['--version'])],
			['logout --dry-run', await cli(world, ['logout', '--dry-run'])],
			['undo --dry-run', await cli(world, ['undo', '--dry-run'])],
			['setup --dry-run', await cli(world, [...scriptedSetup, '--dry-run'], key)],
		];
		for (const [name, result] of readOnly) {
			expect({name, message: `${result.stdout}${result.stderr}`.includes('another claude-setup is running')}).toEqual({name, message: false});
		}

		expect(readOnly.find(([name]) => name === 'status')?.[1].exitCode).toBe(0);
		expect(readOnly.find(([name]) => name === 'setup --dry-run')?.[1].stdout).toContain('Dry run: nothing was written.');
		expect(await bothTrees(world)).toEqual(held);

		// Ctrl-C: the wizard leaves, the lock goes, and so does the folder made for it.
		wizard.press('ctrl-c');
		expect(await wizard.waitForExit(15_000)).toBe(130);
		expect(await bothTrees(world)).toEqual(untouched);
		for (const [, result] of [...refused, ...readOnly]) {
			expect(`${result.stdout}${result.stderr}`).not.toContain(key);
		}
	});
});

describe('doctor in a terminal while the wizard runs', {timeout: testTimeoutMs}, () => {
	it('still checks, but offers its fixes only once the wizard has finished', async () => {
		const world = await sandbox();
		expect((await cli(world, [...scriptedSetup, '--yes'], key)).exitCode).toBe(0);
		// An exported key outranks the helper just set up: a finding doctor can fix by itself.
		const doctorIn = () => {
			const terminal = spawnInPty(process.execPath, [binPath, 'doctor'], {cwd: world.project, env: {...childEnv(world.home), ANTHROPIC_API_KEY: fakeApiKey('EXPORTED')}});
			terminals.push(terminal);
			return terminal;
		};

		const wizard = startWizard(world);
		// A machine already set up: the wizard opens on what to do with that setup.
		await wizard.waitForText(copy.current.question, {timeoutMs: slowStepMs, screenOnly: true});
		const held = await bothTrees(world);
		const owner = await readOwner(world.lockFile);
		const blocked = doctorIn();
		expect(await blocked.waitForExit(slowStepMs)).toBe(1);
		expect(blocked.output()).toContain('outranks the apiKeyHelper');
		expect(blocked.output()).toContain(busyMessage(owner, hostname()));
		expect(blocked.output()).toContain('Fixes are not offered while another claude-setup is running');
		expect(blocked.output()).not.toContain('Apply this fix?');
		expect(await bothTrees(world)).toEqual(held);

		wizard.press('ctrl-c');
		expect(await wizard.waitForExit(15_000)).toBe(130);
		const free = doctorIn();
		await free.waitForText('Apply this fix?', {timeoutMs: slowStepMs});
		free.write('n\r');
		expect(await free.waitForExit(slowStepMs)).toBe(1);
		expect(free.output()).toContain('Not changed.');
	});
});

describe('when the wizard is killed', {timeout: testTimeoutMs}, () => {
	it('with SIGKILL, its lock stays; the next run takes it over with a note and sets up', async () => {
		const world = await sandbox();
		const wizard = startWizard(world);
		await wizard.waitForText(copy.invite.question, {timeoutMs: slowStepMs, screenOnly: true});
		const owner = await readOwner(world.lockFile);

		process.kill(owner.pid, 'SIGKILL');
		await wizard.waitForExit(15_000);
		expect(await readOwner(world.lockFile)).toEqual(owner);
		expect(await isRunning(owner.pid)).toBe(false);

		const next = await cli(world, [...scriptedSetup, '--yes'], key);
		expect(next.exitCode, String(next.stderr)).toBe(0);
		const notes = String(next.stderr).split('\n').filter(Boolean);
		expect(notes).toEqual([`claude-setup: an earlier run (pid ${owner.pid}, started ${formatStart(owner.startedAt)}, \`claude-setup\`) did not finish and it is not running any more; its lock was cleared.`]);
		expect(JSON.parse(await readFile(path.join(world.home, '.claude', 'settings.json'), 'utf8'))).toMatchObject({model: 'sonnet', apiKeyHelper: expect.any(String)});
		// Released, and the killed run's marker cleared once it was cleaned up after.
		expect(await readdir(world.setupDir)).not.toContain('lock');
		expect(await markers(world)).toEqual([]);
	});

	it('with SIGTERM, it releases the lock and leaves the home folder as it was; the next run needs no note', async () => {
		const world = await sandbox();
		const untouched = await bothTrees(world);
		const wizard = startWizard(world);
		await wizard.waitForText(copy.invite.question, {timeoutMs: slowStepMs, screenOnly: true});
		const owner = await readOwner(world.lockFile);

		process.kill(owner.pid, 'SIGTERM');
		await wizard.waitForExit(15_000);
		// No commit was under way, so there is nothing for the next run to look for either.
		expect(await bothTrees(world)).toEqual(untouched);

		const next = await cli(world, [...scriptedSetup, '--yes'], key);
		expect(next.exitCode, String(next.stderr)).toBe(0);
		expect(next.stderr).toBe('');
		expect(await markers(world)).toEqual([]);
	});
});
