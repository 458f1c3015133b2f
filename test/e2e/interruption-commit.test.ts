import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {watch} from 'node:fs';
import {mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry} from '@napi-rs/keyring';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createSecretStore} from '../../source/adapters/keychain.js';
import {resolvePaths} from '../../source/adapters/paths.js';
import {createRealPorts} from '../../source/adapters/real-ports.js';
import {consoleKeyConfiguration} from '../../source/core/auth/console-key.js';
import {secretPurposes, secretRef} from '../../source/core/auth/configuration.js';
import type {SecretBackend} from '../../source/core/ports.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import {copy} from '../../source/ui/copy.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';
import {treeOf} from '../helpers/tree.js';
import {focusedLine} from '../helpers/screen-list.js';
import {offlineSessionEnv} from '../helpers/session-env.js';

/**
SIGTERM and SIGKILL in the middle of a commit, many times, at moments picked by what the commit is
doing on disk (each kill fires on a file-system event of the running CLI: the review printed, the
secret stored, each helper file, the backup, the manifest, the temp file, the rename). The settings
file is almost a megabyte of unrelated JSON, so every step takes long enough to land in. After each
kill: the settings are the old bytes or the new bytes exactly, every backup the manifest names is
intact, nothing Claude Code reads is left half-written. Then the next run (the wizard, as a person
would start it) cleans up after the killed one: no lock, no temp file, and no secret that no
setting uses, in the real keychain or the secrets file.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const requireKeychain = process.env['CLAUDE_SETUP_REQUIRE_KEYCHAIN'] === '1';
const key = fakeApiKey('INTERRUPT-E2E');
const slowStepMs = 45_000;

const workDirectory = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-interrupt-')));
const home = path.join(workDirectory, 'home');
const project = path.join(workDirectory, 'project');
const paths = resolvePaths({HOME: home}, project);
const keychainHealth = await createSecretStore(paths).probe();
const backends: SecretBackend[] = keychainHealth.ok || requireKeychain ? ['keychain', 'file'] : ['file'];
const terminals: PtyTerminal[] = [];

afterEach(() => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}
});

afterAll(async () => {
	await forgetSecrets();
	await rm(workDirectory, {recursive: true, force: true});
});

async function forgetSecrets(): Promise<void> {
	if (!backends.includes('keychain')) {
		return;
	}

	for (const purpose of secretPurposes) {
		// eslint-disable-next-line no-await-in-loop -- four entries, one keychain
		await new AsyncEntry('claude-setup', secretRef(purpose, paths.configDirHash).account, {linux: {store: 'secret-service'}}).deleteCredential().catch(() => false);
	}
}

/** ~0.8 MB of settings Claude Code ignores, around the few keys that matter: every step of the commit takes a while. */
function bigSettings(): string {
	const unrelated = Array.from({length: 4000}, (_, index) => ({id: index, name: `item-${index}`, tags: ['a', 'b', 'c'], note: 'lorem ipsum dolor sit amet '.repeat(2)}));
	return `${JSON.stringify({model: 'sonnet', permissions: {allow: ['Bash(ls)']}, unrelated}, undefined, 2)}\n`;
}

const oldBytes = Buffer.from(bigSettings());
let newBytes: Buffer;

function childEnv(): Record<string, string | undefined> {
	return offlineSessionEnv(home);
}

/** Back to before the setup: the big settings file, and nothing of claude-setup's anywhere. */
async function reset(): Promise<void> {
	await rm(paths.setupDir, {recursive: true, force: true});
	for (const name of await readdir(paths.claudeConfigDir).catch(() => [] as string[])) {
		if (name !== 'settings.json') {
			// eslint-disable-next-line no-await-in-loop -- a few files
			await rm(path.join(paths.claudeConfigDir, name), {recursive: true, force: true});
		}
	}

	await mkdir(paths.claudeConfigDir, {recursive: true});
	await writeFile(paths.userSettings, oldBytes);
	await forgetSecrets();
}

type FsEvent = {kind: 'fs'; name: string} | {kind: 'stdout'; text: string};

/** Fires on the first matching event; `seen` holds the names of the files already touched. */
type Trigger = {moment: string; fires(event: FsEvent, seen: ReadonlySet<string>): boolean; backends?: SecretBackend[]};

const file = (name: string) => (event: FsEvent) => event.kind === 'fs' && event.name === name;
const triggers: Trigger[] = [
	{moment: 'the review is printed', fires: event => event.kind === 'stdout' && event.text.includes('Nothing has been written yet')},
	{moment: 'the secret is in the secrets file', fires: file('claude-setup/secrets.json'), backends: ['file']},
	{moment: 'the helper folder appears', fires: file('claude-setup/bin')},
	{moment: 'the keychain module is copied', fires: file('claude-setup/bin/keyring.node')},
	{moment: 'the helper config is written', fires: file('claude-setup/bin/config.json')},
	{moment: 'the helper launcher is written', fires: file('claude-setup/bin/api-key-helper')},
	{moment: 'the backups folder appears', fires: file('claude-setup/backups')},
	{moment: 'the backup is being written', fires: event => event.kind === 'fs' && /^claude-setup\/backups\/.+-user-settings\.json$/.test(event.name)},
	{moment: 'the manifest is appended', fires: file('claude-setup/backups/manifest.jsonl')},
	{moment: 'the temp file appears', fires: event => event.kind === 'fs' && /^\.settings\.json\..+\.tmp$/.test(event.name)},
	{moment: 'the settings file is replaced', fires: file('settings.json')},
	{moment: 'the lock is released', fires: (event, seen) => seen.has('settings.json') && event.kind === 'fs' && event.name === 'claude-setup/lock'},
];

type Killed = {signal: NodeJS.Signals; firedAt?: string; pid: number; exit: {code: number | null; signal: NodeJS.Signals | null}; output: string};

/** Scripted setup, killed with `signal` at the first event `trigger` fires on. */
async function setupKilledAt(trigger: Trigger | undefined, signal: NodeJS.Signals, backend: SecretBackend): Promise<Killed> {
	const child = spawn(
		process.execPath,
		[binPath, '--auth', 'console-api-key', '--api-key-stdin', '--scope', 'user', '--skip-key-check', '--no-verify', '--yes', '--secret-storage', backend],
		{cwd: project, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe']},
	);
	let firedAt: string | undefined;
	let output = '';
	const seen = new Set<string>();
	const observe = (event: FsEvent) => {
		if (firedAt === undefined && trigger?.fires(event, seen)) {
			firedAt = event.kind === 'fs' ? event.name : 'stdout';
			child.kill(signal);
		}

		if (event.kind === 'fs') {
			seen.add(event.name);
		}
	};

	const watcher = watch(paths.claudeConfigDir, {recursive: true}, (_type, name) => {
		observe({kind: 'fs', name: String(name)});
	});
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
		observe({kind: 'stdout', text: output});
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
	});
	child.stdin.end(key);
	const [code, exitSignal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
	watcher.close();
	return {signal, firedAt, pid: child.pid!, exit: {code, signal: exitSignal}, output};
}

async function storedKey(backend: SecretBackend): Promise<string | undefined> {
	return createSecretStore(paths).get(secretRef('api-key', paths.configDirHash), backend);
}

/** Every file under HOME whose bytes hold the key, relative to HOME. */
async function filesWithKey(): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await treeOf(home)) {
		// eslint-disable-next-line no-await-in-loop -- a small tree
		if (entry.kind === 'file' && (await readFile(path.join(home, entry.path))).includes(key)) {
			found.push(entry.path);
		}
	}

	return found;
}

type BackupCheck = {records: number; intact: number; unrecorded: number; unrecordedPartial: number; cutLines: number};

/** Every backup the manifest names holds the old settings exactly; files it does not name are counted. */
async function checkBackups(): Promise<BackupCheck> {
	const manifest = await readFile(path.join(paths.backupsDir, 'manifest.jsonl'), 'utf8').catch(() => '');
	const lines = manifest.split('\n').filter(Boolean);
	const result: BackupCheck = {records: 0, intact: 0, unrecorded: 0, unrecordedPartial: 0, cutLines: 0};
	const named = new Set<string>();
	for (const [index, line] of lines.entries()) {
		let record: {original: string; backup: string | null};
		try {
			record = JSON.parse(line) as typeof record;
		} catch {
			// Only the last line can be cut short by a kill, and appending ends it first.
			expect(index, `manifest line ${index + 1} is damaged: ${line}`).toBe(lines.length - 1);
			result.cutLines++;
			continue;
		}

		result.records++;
		expect(record.original).toBe(paths.userSettings);
		expect(record.backup, 'the settings existed, so the record names a backup').not.toBeNull();
		named.add(path.basename(record.backup!));
		expect((await readFile(record.backup!)).equals(oldBytes), `backup ${record.backup} differs from the old settings`).toBe(true);
		result.intact++;
	}

	// A backup is written to a temp file first (the next run removes one a kill left: checked below).
	const files = (await readdir(paths.backupsDir).catch(() => [] as string[])).filter(name => name !== 'manifest.jsonl' && !name.endsWith('.tmp'));
	// A kill between writing a backup and recording it leaves one that undo never reads; counted, and
	// counted apart when it was cut short too (never: a backup appears whole or not at all).
	const unrecorded = files.filter(name => !named.has(name));
	result.unrecorded = unrecorded.length;
	for (const name of unrecorded) {
		// eslint-disable-next-line no-await-in-loop -- at most one
		if (!(await readFile(path.join(paths.backupsDir, name))).equals(oldBytes)) {
			result.unrecordedPartial++;
		}
	}
	return result;
}

/** The next run, as a person starts it: the wizard, up to its first question, then Ctrl-C. */
async function nextRun(): Promise<string> {
	const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env: childEnv()});
	terminals.push(terminal);
	await terminal.waitForScreen(screen => screen.includes(copy.invite.question) || screen.includes(copy.current.question), 'the first question', slowStepMs);
	// A key the wizard answers first: the frame can be drawn a moment before the terminal is in raw
	// mode, and a Ctrl-C in that moment is a SIGINT (an interruption) rather than the wizard's quit.
	const focused = focusedLine(terminal.screen());
	terminal.press('down');
	await terminal.waitForScreen(screen => focusedLine(screen) !== focused, 'the focus to move');
	terminal.press('ctrl-c');
	// 130 on the first screen of a new setup; 0 on the screen of one that is already there.
	expect([0, 130]).toContain(await terminal.waitForExit(15_000));
	return terminal.output();
}

beforeAll(async () => {
	await mkdir(project, {recursive: true});
	await reset();
	// The new bytes, from a run nothing interrupts (the helper path in them is this HOME's).
	const whole = await setupKilledAt(undefined, 'SIGKILL', 'file');
	expect(whole.exit, whole.output).toEqual({code: 0, signal: null});
	newBytes = await readFile(paths.userSettings);
	expect(newBytes.equals(oldBytes)).toBe(false);
	expect(JSON.parse(newBytes.toString('utf8'))).toMatchObject({model: 'sonnet', apiKeyHelper: expect.stringContaining(paths.helperDir)});
}, 120_000);

describe('killing claude-setup during the commit', () => {
	it('can use the keychain when CI requires it (CLAUDE_SETUP_REQUIRE_KEYCHAIN=1)', () => {
		if (requireKeychain) {
			expect(keychainHealth.ok).toBe(true);
		}
	});

	it(`never leaves partial settings, broken backups, or a secret nothing uses (${backends.join(' and ')})`, {timeout: 900_000}, async () => {
		const tally = {cases: 0, old: 0, new: 0, partial: 0, lost: 0, tempLeftByKill: 0, unrecordedBackups: 0, unrecordedPartialBackups: 0, danglingRemoved: 0, staleLocks: 0};
		const landed = new Map<string, string>();
		for (const backend of backends) {
			for (const trigger of triggers.filter(each => !each.backends || each.backends.includes(backend))) {
				for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
					const label = `${backend}, ${signal} when ${trigger.moment}`;
					// eslint-disable-next-line no-await-in-loop -- one run at a time, on one HOME
					await reset();
					// eslint-disable-next-line no-await-in-loop -- see above
					const killed = await setupKilledAt(trigger, signal, backend);
					tally.cases++;

					// The settings: the old bytes or the new bytes, nothing in between.
					// eslint-disable-next-line no-await-in-loop -- see above
					const settings = await readFile(paths.userSettings).catch(() => undefined);
					if (settings === undefined) {
						tally.lost++;
					} else if (settings.equals(oldBytes)) {
						tally.old++;
					} else if (settings.equals(newBytes)) {
						tally.new++;
					} else {
						tally.partial++;
					}

					expect(settings === undefined ? 'missing' : settings.equals(oldBytes) ? 'old' : settings.equals(newBytes) ? 'new' : 'partial', label).toMatch(/^(old|new)$/);
					const isNew = settings!.equals(newBytes);
					landed.set(label, `${isNew ? 'new' : 'old'} (fired on ${killed.firedAt ?? 'nothing: it finished first'}, exit ${killed.exit.signal ?? killed.exit.code})`);

					// Nothing else Claude Code reads: in its folder only settings.json, claude-setup's own
					// folder, and perhaps the temp file of the write that was cut short (a dot file).
					// eslint-disable-next-line no-await-in-loop -- see above
					const names = await readdir(paths.claudeConfigDir);
					const temporary = names.filter(name => new RegExp(String.raw`^\.settings\.json\.${killed.pid}\.[\da-f]+\.tmp$`).test(name));
					expect(names.filter(name => !temporary.includes(name)).sort(), label).toEqual(['claude-setup', 'settings.json']);
					tally.tempLeftByKill += temporary.length;

					// eslint-disable-next-line no-await-in-loop -- see above
					const backups = await checkBackups();
					tally.unrecordedBackups += backups.unrecorded;
					tally.unrecordedPartialBackups += backups.unrecordedPartial;
					if (isNew) {
						expect(backups.intact, `${label}: new settings without a recorded backup`).toBe(1);
					}

					// SIGTERM releases the lock; SIGKILL leaves it (unless the run got that far).
					// eslint-disable-next-line no-await-in-loop -- see above
					const lockLeft = (await readdir(paths.setupDir)).includes('lock');
					if (signal === 'SIGTERM') {
						expect(lockLeft, label).toBe(false);
					}

					// The next run cleans up after this one.
					// eslint-disable-next-line no-await-in-loop -- see above
					const output = await nextRun();
					if (lockLeft) {
						tally.staleLocks++;
						expect(output, label).toContain(`claude-setup: an earlier run (pid ${killed.pid}, `);
					}

					// eslint-disable-next-line no-await-in-loop -- see above
					expect((await readFile(paths.userSettings)).equals(settings!), `${label}: the next run changed the settings`).toBe(true);
					// eslint-disable-next-line no-await-in-loop -- see above
					const leftovers = (await treeOf(home)).filter(entry => entry.path.endsWith('.tmp') || /(^|\/)(lock|interrupted\.[^/]*)$/.test(entry.path));
					expect(leftovers.map(entry => entry.path), `${label} killed pid ${killed.pid}\n${output}`).toEqual([]);

					// The key is stored exactly when the settings use it, and is nowhere else.
					// eslint-disable-next-line no-await-in-loop -- see above
					const stored = await storedKey(backend);
					expect(stored, label).toBe(isNew ? key : undefined);
					if (!isNew && output.includes('removed the API key or gateway token')) {
						tally.danglingRemoved++;
					}

					// eslint-disable-next-line no-await-in-loop -- see above
					expect(await filesWithKey(), label).toEqual(isNew && backend === 'file' ? ['.claude/claude-setup/secrets.json'] : []);
					expect(`${killed.output}${output}`, label).not.toContain(key);
				}
			}
		}

		// The kills landed on both sides of the rename, and some between storing the secret and writing the settings.
		console.info(`interrupted commits: ${JSON.stringify(tally)}\n${[...landed].map(([label, outcome]) => `  ${label}: ${outcome}`).join('\n')}`);
		expect(tally.partial + tally.lost).toBe(0);
		expect(tally.unrecordedPartialBackups, 'backups cut short').toBe(0);
		expect(tally.old).toBeGreaterThan(0);
		expect(tally.new).toBeGreaterThan(0);
		expect(tally.danglingRemoved).toBeGreaterThan(0);
		expect(tally.staleLocks).toBeGreaterThan(0);
	});
});

describe('a commit that fails before any file is written', () => {
	it.each(backends)('takes back the secret it stored (%s)', async backend => {
		await reset();
		const {ports} = createRealPorts({env: childEnv(), cwd: project, helperScriptPath: path.join(root, 'dist', 'api-key-helper.cjs')});
		const planned = await planChange(ports, 'user', backend, consoleKeyConfiguration(key));
		if (!('plan' in planned)) {
			throw new Error(`no plan: ${JSON.stringify(planned.problem)}`);
		}

		// Someone saves the settings after the review: the write refuses, after the secret was stored.
		await writeFile(paths.userSettings, '{"model": "opus"}\n');
		const result = await commitChange(planned.plan, ports, 1);
		expect(result).toMatchObject({type: 'commit-failed', message: expect.stringContaining('changed since you reviewed it')});
		expect(await storedKey(backend)).toBeUndefined();
		expect(await readFile(paths.userSettings, 'utf8')).toBe('{"model": "opus"}\n');
	});

	it('keeps a secret it replaced: whatever used the old value now gets this one', async () => {
		await reset();
		const {ports} = createRealPorts({env: childEnv(), cwd: project, helperScriptPath: path.join(root, 'dist', 'api-key-helper.cjs')});
		await ports.secrets.set(secretRef('api-key', paths.configDirHash), fakeApiKey('OLDER'), 'file');
		const planned = await planChange(ports, 'user', 'file', consoleKeyConfiguration(key));
		if (!('plan' in planned)) {
			throw new Error('no plan');
		}

		await writeFile(paths.userSettings, '{"model": "opus"}\n');
		expect((await commitChange(planned.plan, ports, 1)).type).toBe('commit-failed');
		expect(await storedKey('file')).toBe(key);
	});
});
