import {execFileSync} from 'node:child_process';
import {closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {hostname as osHostname} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {resolvePaths} from './paths.js';

/**
One claude-setup at a time may change things. Two runs that both plan against the same settings and
keychain would each commit a plan the other made stale, so every command that writes (the wizard,
scripted setup, logout, undo, doctor --fix) first takes `<setupDir>/lock`, and a second run stops
before it touches anything. Read-only commands (status, doctor, --help, --version, any --dry-run)
never take it, so they always answer.

The lock file holds {pid, startedAt, command, hostname}. It is created exclusively and appears with
its content complete (written to a private temp file, then hard-linked into place, which fails if
the lock exists), so a reader never sees half of one.

A lock is STALE, and the next run takes it over with a one-line note, when:
- its pid is not running on this host (the run was killed with SIGKILL, or the machine went down),
- its pid is this process's own (a container restarted with the same pid numbers),
- it is older than an hour and its pid now belongs to something that is not Node.js (the pid was
  reused), or
- it comes from another host (a home folder shared over the network) and is older than an hour,
  since a pid there cannot be checked from here.
A live Node.js process keeps its lock however old it is: a wizard may sit on a screen for hours.

Of several runs that find the same stale lock at once, only the one holding `lock.takeover` (also
created exclusively) moves it aside, after looking at it again, so no run ever moves a live lock.

Taking a free lock is a handful of synchronous calls on a local folder (well under a millisecond),
and the wizard's first screen waits for it: no fsync (a lock file cut short by a power failure is
judged unreadable, and taken over), no random bytes, nothing loaded that only a recovery needs.

A run that ends normally, or by Ctrl-C, SIGTERM or SIGHUP, releases the lock, and leaves the home
folder as it found it. A run stopped half-way through a commit (by a signal while one was under way,
see commit-change.ts, or by SIGKILL, found as a stale lock) may have left a secret stored before any
setting pointed at it, or a temp file: its lock file is kept as `interrupted.<pid>…`, and the next
run that takes the lock cleans up what such a run can leave, then deletes the marker.
*/

export type LockOwner = {pid: number; startedAt: string; command: string; hostname: string};

export const lockName = 'lock';
const interruptedPrefix = 'interrupted.';
export const staleAfterMs = 60 * 60 * 1000;

/** What the lock needs to know about other processes; by default the operating system is asked. */
export type ProcessInfo = {
	isAlive(pid: number): boolean;
	/** Whether `pid` is a Node.js process; undefined when this platform cannot tell. */
	isNode(pid: number): boolean | undefined;
};

export type AcquireOptions = {
	setupDir: string;
	/** The command line as the user typed it (masked), shown to a second run. */
	command: string;
	now?: () => Date;
	pid?: number;
	hostname?: string;
	processes?: ProcessInfo;
};

/** A run that did not finish: found as a stale lock, or as the marker a signal left. */
export type Interrupted = {file: string; owner: LockOwner | undefined};

export type HeldLock = {
	ok: true;
	file: string;
	owner: LockOwner;
	/** Runs before this one that did not finish; cleaned up after, then `settle()`d. */
	interrupted: Interrupted[];
	/** One line each, for stderr: the stale lock that was taken over. */
	notes: string[];
	/** Deletes the interrupted markers, once what those runs may have left is cleaned up. */
	settle(): Promise<void>;
	/** Deletes the lock if it is still ours. Synchronous, so it can run in an `exit` handler. */
	release(): void;
	/** For a signal: keeps the lock as an interrupted marker when a commit is under way, else releases it. Synchronous. */
	abandon(): void;
};

export type Busy = {ok: false; owner: LockOwner | undefined; message: string};

export async function acquireRunLock(options: AcquireOptions): Promise<HeldLock | Busy> {
	const now = options.now ?? (() => new Date());
	const processes = options.processes ?? realProcesses;
	const owner: LockOwner = {
		pid: options.pid ?? process.pid,
		startedAt: now().toISOString(),
		command: options.command,
		hostname: options.hostname ?? osHostname(),
	};
	const file = path.join(options.setupDir, lockName);
	const content = `${JSON.stringify(owner)}\n`;
	const notes: string[] = [];
	// The first folder this made, if any: released with the lock when nothing else was put in it, so a
	// run that changed nothing leaves the home folder exactly as it found it.
	const created = mkdirSync(options.setupDir, {recursive: true, mode: 0o700});

	// Each pass either takes the lock, finds it held, or moves a stale one aside and tries again. A
	// handful of passes only runs out when other runs keep racing for it, and then one of them has it.
	for (let attempt = 0; attempt < 8; attempt++) {
		if (createExclusively(file, content)) {
			const interrupted = readInterrupted(options.setupDir, content);
			return held({file, content, owner, interrupted, notes, created});
		}

		const found = readLock(file);
		if (found === undefined) {
			continue;
		}

		const verdict = judge(found, owner, now(), processes);
		if (!verdict.stale) {
			return {ok: false, owner: found.owner, message: busyMessage(found.owner, owner.hostname)};
		}

		// Moved aside as a marker, which tells the run that next holds the lock that this one was
		// interrupted. Named for both runs, so no recovery ever overwrites another's marker.
		const marker = path.join(options.setupDir, `${interruptedPrefix}${found.owner?.pid ?? 'unknown'}.${owner.pid}`);
		const moved = moveStaleAside(file, found, marker, content, owner, now(), processes);
		if (moved !== 'moved') {
			if (moved === 'again') {
				continue;
			}

			return {ok: false, owner: moved.busy, message: busyMessage(moved.busy, owner.hostname)};
		}

		notes.push(staleNote(found.owner, verdict.reason));
	}

	const found = readLock(file);
	return {ok: false, owner: found?.owner, message: busyMessage(found?.owner, owner.hostname)};
}

/**
Moves the stale lock `found` to `marker`. Only the run holding `lock.takeover` may do this, and it
looks at the lock again while holding it: a stale lock is only ever removed by a run holding the
takeover, so what it moves is the lock it judged, never a live one that replaced it meanwhile. A
run already recovering (a live takeover holder) is reported as the one running; a takeover left by
a run killed while it recovered is removed and the pass repeats.
*/
function moveStaleAside(
	file: string,
	found: FoundLock,
	marker: string,
	content: string,
	self: LockOwner,
	now: Date,
	processes: ProcessInfo,
): 'moved' | 'again' | {busy: LockOwner | undefined} {
	const takeover = `${file}.takeover`;
	if (!createExclusively(takeover, content)) {
		const other = readLock(takeover);
		if (other === undefined) {
			return 'again';
		}

		// A recovery takes milliseconds: one from another host (whose pid cannot be checked) is trusted for a minute.
		const holder = other.owner;
		const isLive =
			holder?.hostname === self.hostname ? holder.pid !== self.pid && processes.isAlive(holder.pid) : now.getTime() - other.modifiedAt.getTime() < 60_000;
		if (isLive) {
			return {busy: other.owner};
		}

		removeIfSame(takeover, other.bytes);
		return 'again';
	}

	try {
		const current = readIfThere(file);
		if (current === undefined || !current.equals(found.bytes)) {
			return 'again';
		}

		renameSync(file, marker);
		// Belt and braces for two runs that both removed a takeover left by a killed run: if what moved
		// is not the stale lock after all, it goes back.
		const moved = readIfThere(marker);
		if (moved === undefined || !moved.equals(found.bytes)) {
			ignoringErrors(() => {
				linkSync(marker, file);
			});
			ignoringErrors(() => {
				unlinkSync(marker);
			});
			return 'again';
		}

		return 'moved';
	} finally {
		removeIfSame(takeover, Buffer.from(content));
	}
}

/** Deletes `file` only while it still holds `bytes`: never a lock or takeover someone else just made. */
function removeIfSame(file: string, bytes: Buffer): void {
	if (readIfThere(file)?.equals(bytes)) {
		ignoringErrors(() => {
			unlinkSync(file);
		});
	}
}

function readIfThere(file: string): Buffer | undefined {
	try {
		return readFileSync(file);
	} catch {
		return undefined;
	}
}

function ignoringErrors(action: () => void): void {
	try {
		action();
	} catch {}
}

function held({file, content, owner, interrupted, notes, created}: {file: string; content: string; owner: LockOwner; interrupted: Interrupted[]; notes: string[]; created: string | undefined}): HeldLock {
	const isOurs = (): boolean => {
		try {
			return readFileSync(file, 'utf8') === content;
		} catch {
			return false;
		}
	};

	const release = (): void => {
		// Never someone else's: a lock taken over (wrongly judged stale) belongs to its new holder.
		if (isOurs()) {
			try {
				unlinkSync(file);
			} catch {}
		}

		if (created !== undefined) {
			// From the lock's folder up to the first one made: each only if empty (rmdir refuses otherwise).
			for (let folder = path.dirname(file); folder.startsWith(created); folder = path.dirname(folder)) {
				try {
					rmdirSync(folder);
				} catch {
					break;
				}
			}
		}
	};

	return {
		ok: true,
		file,
		owner,
		interrupted,
		notes,
		async settle() {
			await Promise.all(interrupted.map(async each => rm(each.file, {force: true})));
		},
		release,
		abandon() {
			if (!isCommitUnderWay()) {
				release();
				return;
			}

			if (isOurs()) {
				try {
					renameSync(file, path.join(path.dirname(file), `${interruptedPrefix}${owner.pid}`));
				} catch {}
			}
		},
	};
}

/**
Creates the lock with its content already in it: a private temp file, hard-linked to the lock's name
(which fails with EEXIST when it exists, like O_EXCL). Where hard links are not supported, falls back
to an O_EXCL open and write. The temp file's name only has to be unique within this process (its pid
is in it, and it is created with O_EXCL), so a counter does, in the `.<name>.<pid>.<hex>.tmp` form
that the clean-up after a killed run recognises.
*/
function createExclusively(file: string, content: string): boolean {
	temporaryCount += 1;
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${temporaryCount.toString(16)}.tmp`);
	writeNew(temporary, content);
	try {
		linkSync(temporary, file);
		return true;
	} catch (error) {
		if (codeOf(error) === 'EEXIST') {
			return false;
		}

		if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(codeOf(error) ?? '')) {
			throw error;
		}
	} finally {
		ignoringErrors(() => {
			unlinkSync(temporary);
		});
	}

	try {
		writeNew(file, content);
		return true;
	} catch (error) {
		if (codeOf(error) === 'EEXIST') {
			return false;
		}

		throw error;
	}
}

let temporaryCount = 0;

/** Creates `file` (failing with EEXIST if it exists), readable by its owner only, holding `content`. */
function writeNew(file: string, content: string): void {
	const descriptor = openSync(file, 'wx', 0o600);
	try {
		writeFileSync(descriptor, content, 'utf8');
	} finally {
		closeSync(descriptor);
	}
}

type FoundLock = {bytes: Buffer; owner: LockOwner | undefined; modifiedAt: Date};

function readLock(file: string): FoundLock | undefined {
	try {
		const bytes = readFileSync(file);
		return {bytes, owner: parseOwner(bytes.toString('utf8')), modifiedAt: statSync(file).mtime};
	} catch (error) {
		if (codeOf(error) === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

function parseOwner(text: string): LockOwner | undefined {
	try {
		const data = JSON.parse(text) as Partial<LockOwner>;
		if (Number.isSafeInteger(data.pid) && (data.pid ?? 0) > 0 && typeof data.startedAt === 'string' && typeof data.command === 'string' && typeof data.hostname === 'string') {
			return data as LockOwner;
		}
	} catch {}

	return undefined;
}

function judge(found: FoundLock, self: LockOwner, now: Date, processes: ProcessInfo): {stale: false} | {stale: true; reason: string} {
	const {owner} = found;
	if (!owner) {
		// Written whole (see createExclusively), except where hard links are missing: a fresh one may
		// still be being written; an older one is damaged, and nobody holds it.
		return now.getTime() - found.modifiedAt.getTime() < 10_000 ? {stale: false} : {stale: true, reason: 'its lock file was unreadable'};
	}

	const startedAt = Date.parse(owner.startedAt);
	const ageMs = now.getTime() - (Number.isNaN(startedAt) ? found.modifiedAt.getTime() : startedAt);
	const isOld = ageMs > staleAfterMs;
	if (owner.hostname !== self.hostname) {
		return isOld ? {stale: true, reason: `it ran on ${owner.hostname} over an hour ago`} : {stale: false};
	}

	if (owner.pid === self.pid) {
		return {stale: true, reason: 'its pid is now this run'};
	}

	if (!processes.isAlive(owner.pid)) {
		return {stale: true, reason: 'it is not running any more'};
	}

	if (isOld && processes.isNode(owner.pid) === false) {
		return {stale: true, reason: 'its pid now belongs to another program'};
	}

	return {stale: false};
}

/** The markers of interrupted runs; not this run's own lock, which a recovery may hold aside for a moment. */
function readInterrupted(setupDir: string, ownContent: string): Interrupted[] {
	let names: string[];
	try {
		names = readdirSync(setupDir);
	} catch {
		names = [];
	}

	return names
		.filter(name => name.startsWith(interruptedPrefix))
		.sort()
		.map(name => {
			const file = path.join(setupDir, name);
			const text = readIfThere(file)?.toString('utf8') ?? '';
			return {file, text, owner: parseOwner(text)};
		})
		.filter(each => each.text !== ownContent)
		.map(({file, owner}) => ({file, owner}));
}

export const realProcesses: ProcessInfo = {
	isAlive(pid) {
		try {
			process.kill(pid, 0);
			return true;
		} catch (error) {
			// EPERM: it exists, as another user.
			return codeOf(error) === 'EPERM';
		}
	},
	isNode(pid) {
		if (process.platform === 'win32') {
			return undefined;
		}

		try {
			const name =
				process.platform === 'linux'
					? (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '')
					: execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], {encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore']}).trim();
			return /node/i.test(path.basename(name));
		} catch {
			return undefined;
		}
	},
};

/** `14:05` today, `2025-01-31 14:05` on another day, in local time. */
export function formatStart(startedAt: string, now: Date = new Date()): string {
	const date = new Date(startedAt);
	if (Number.isNaN(date.getTime())) {
		return 'at an unknown time';
	}

	const pad = (value: number) => String(value).padStart(2, '0');
	const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
	return date.toDateString() === now.toDateString() ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

function describeOwner(owner: LockOwner | undefined, ownHostname: string): string {
	if (!owner) {
		return 'its lock file cannot be read yet';
	}

	const host = owner.hostname === ownHostname ? '' : ` on ${owner.hostname}`;
	return `pid ${owner.pid}${host}, started ${formatStart(owner.startedAt)}, \`${owner.command}\``;
}

export function busyMessage(owner: LockOwner | undefined, ownHostname: string): string {
	return `another claude-setup is running (${describeOwner(owner, ownHostname)}); wait for it to finish, or if it is gone, run again`;
}

function staleNote(owner: LockOwner | undefined, reason: string): string {
	return owner
		? `claude-setup: an earlier run (${describeOwner(owner, owner.hostname)}) did not finish and ${reason}; its lock was cleared.`
		: `claude-setup: an earlier run did not finish and ${reason}; its lock was cleared.`;
}

/**
Releases the lock when this process ends: normally, by process.exit, or by SIGINT, SIGTERM or
SIGHUP (then, when a commit was under way, as an interrupted marker). A signal is acted on only when nobody else listens for it
but signal-exit (Ink's): the terminal handoff listens for SIGINT while a login program has the
terminal, and then the Ctrl-C is that program's, not a reason to stop. Returns the uninstaller.
*/
export function releaseOnExit(lock: HeldLock): () => void {
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	const onExit = () => {
		lock.release();
	};

	const onSignal = (signal: NodeJS.Signals) => {
		const others = process.listeners(signal).length - 1 - signalExitListeners();
		if (others > 0) {
			return;
		}

		lock.abandon();
		uninstall();
		// Dying by the signal skips 'exit' handlers: end the children (a `claude auth status` under
		// way) now, or they would outlive this process unbounded. Found on a global rather than
		// imported, so the lock does not load the process runner to ask.
		const stopChildren = (globalThis as Record<symbol, unknown>)[Symbol.for('claude-setup.stop-running-children')];
		if (typeof stopChildren === 'function') {
			(stopChildren as () => void)();
		}

		// Ends the process as the signal would have (exit status 128 + n), after signal-exit's own
		// clean-up (Ink restores the terminal) when it is there to see it.
		process.kill(process.pid, signal);
	};

	const uninstall = () => {
		process.off('exit', onExit);
		for (const signal of signals) {
			process.off(signal, onSignal);
		}
	};

	process.on('exit', onExit);
	for (const signal of signals) {
		process.on(signal, onSignal);
	}

	return uninstall;
}

/** Whether this process is in the middle of a commit: a global that commit-change.ts keeps. */
function isCommitUnderWay(): boolean {
	return ((globalThis as Record<symbol, number | undefined>)[Symbol.for('claude-setup.commits-under-way')] ?? 0) > 0;
}

/** How many listeners per signal signal-exit (v3 and v4, both may be loaded) has added. */
function signalExitListeners(): number {
	const v3 = (process as {__signal_exit_emitter__?: {count?: unknown}}).__signal_exit_emitter__?.count;
	const v4 = (globalThis as Record<symbol, {count?: unknown} | undefined>)[Symbol.for('signal-exit emitter')]?.count;
	return (typeof v3 === 'number' ? v3 : 0) + (typeof v4 === 'number' ? v4 : 0);
}

export type TakeRunLockOptions = {
	env: NodeJS.ProcessEnv;
	cwd: string;
	helperScriptPath: string;
	command: string;
};

/**
The CLI's one call: takes the lock (or says who holds it), releases it when the process ends, and
cleans up after runs that were interrupted. `lines` go to stderr either way.
*/
export async function takeRunLock(options: TakeRunLockOptions): Promise<{ok: boolean; lines: string[]}> {
	const paths = resolvePaths(options.env, options.cwd);
	let lock: HeldLock | Busy;
	try {
		lock = await acquireRunLock({setupDir: paths.setupDir, command: options.command});
	} catch (error) {
		return {ok: false, lines: [`claude-setup could not take its lock ${path.join(paths.setupDir, lockName)} (${error instanceof Error ? error.message : String(error)}), so nothing was changed.`]};
	}

	if (!lock.ok) {
		return {ok: false, lines: [lock.message]};
	}

	releaseOnExit(lock);
	const lines = [...lock.notes];
	if (lock.interrupted.length > 0) {
		// Rare (a run was killed), so its code loads only then.
		const {cleanUpAfterInterruptedRuns} = await import('./run-lock-recovery.js');
		const cleaned = await cleanUpAfterInterruptedRuns(options, lock.interrupted);
		lines.push(...cleaned.lines);
		// Otherwise the markers stay, and the next run tries again.
		if (cleaned.isDone) {
			await lock.settle();
		}
	}

	return {ok: true, lines};
}

function codeOf(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
