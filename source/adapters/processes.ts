import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import type {ProcessResult, ProcessRunner, RunOptions} from '../core/ports.js';
import {loadExeca} from './lazy-execa.js';

/**
Child processes through execa: argument arrays only (no shell strings built from input), every run
bounded by a timeout, output captured rather than shown.
*/

/**
The most output kept from one stream. Everything read here (JSON from a CLI, a key) is far smaller;
a program that prints without end is stopped at this, instead of filling memory until the timeout
(64 MB and 15 s of buffering for a `yes` stand-in bounded at 2 s).
*/
export const maxOutputBytes = 8 * 1024 * 1024;

export function createProcessRunner(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ProcessRunner {
	const run = async (file: string, args: readonly string[], timeoutMs: number, shell = false, extraEnv: RunOptions['env'] = undefined): Promise<ProcessResult> => {
		// On POSIX the child leads its own process group, so a timeout ends everything it started: a
		// helper script's own children (a `sleep`, a hung `security` call) would otherwise live on and
		// hold the output pipes open.
		const isGroupLeader = platform !== 'win32';
		const execa = await loadExeca();
		const subprocess = execa(file, args, {
			env: extraEnv ? withExtraEnv(env, extraEnv) : env,
			extendEnv: false,
			timeout: isGroupLeader ? undefined : timeoutMs,
			reject: false,
			stdin: 'ignore',
			stripFinalNewline: false,
			shell,
			windowsHide: true,
			detached: isGroupLeader,
			maxBuffer: maxOutputBytes,
		});
		const stopOnExit = isGroupLeader ? stopWhenWeExit(subprocess.pid) : () => {};
		let isTimedOut = false;
		const timer = isGroupLeader
			? setTimeout(() => {
				isTimedOut = true;
				killGroup(subprocess.pid);
				// A descendant that left the group (setsid: a daemon that kept our pipes) would hold them
				// open past the kill, and the run would wait for it, unbounded. What was read is kept.
				subprocess.stdout?.destroy();
				subprocess.stderr?.destroy();
			}, timeoutMs)
			: undefined;
		const result = await subprocess.finally(() => {
			clearTimeout(timer);
			stopOnExit();
		});
		const isCut = (result as {isMaxBuffer?: boolean}).isMaxBuffer === true;
		if (isCut && isGroupLeader) {
			// execa stops only the program itself; what it started goes too.
			killGroup(subprocess.pid);
		}

		const code = (result as {code?: string}).code;
		const notFound = code === 'ENOENT';
		const timedOut = isTimedOut || result.timedOut;
		const cutNote = isCut ? `${result.stderr ? '\n' : ''}claude-setup stopped ${path.basename(file)}: it printed more than ${maxOutputBytes / 1024 / 1024} MB.` : '';
		return {
			exitCode: timedOut || isCut ? undefined : result.exitCode,
			stdout: String(result.stdout ?? ''),
			stderr: String(result.stderr ?? '') + cutNote,
			timedOut,
			notFound,
			failedToStart: result.failed && result.exitCode === undefined && !timedOut && !result.isTerminated && !isCut ? result.shortMessage : undefined,
		};
	};

	return {
		run: async (file, args, options) => run(file, args, options.timeoutMs, false, options.env),
		async runShellCommand(command, options) {
			// Claude Code runs apiKeyHelper through /bin/sh (cmd on Windows); verify it the same way.
			return platform === 'win32' ? run(command, [], options.timeoutMs, true) : run('/bin/sh', ['-c', command], options.timeoutMs);
		},
		which: async file => findOnPath(file, env, platform),
	};
}

function withExtraEnv(base: NodeJS.ProcessEnv, extra: NonNullable<RunOptions['env']>): NodeJS.ProcessEnv {
	const merged: NodeJS.ProcessEnv = {...base};
	for (const [name, value] of Object.entries(extra)) {
		if (value === undefined) {
			delete merged[name];
		} else {
			merged[name] = value;
		}
	}

	return merged;
}

/**
The process groups of children still running. Each leads its own group (so a timeout can end all it
started), which also means the terminal's Ctrl-C never reaches it: when the wizard ends while one
still runs (Ctrl-C during the final check), it would live on, detached, past its timeout, which only
this process enforces. So they are ended when we exit, however we exit.
*/
const liveGroups = new Set<number>();
let isExitHookInstalled = false;

function stopWhenWeExit(pid: number | undefined): () => void {
	if (pid === undefined) {
		return () => {};
	}

	if (!isExitHookInstalled) {
		isExitHookInstalled = true;
		process.on('exit', stopRunningChildren);
		// A signal that ends the process skips 'exit': the run lock's signal handler calls this first.
		(globalThis as Record<symbol, unknown>)[stopChildrenHook] = stopRunningChildren;
	}

	liveGroups.add(pid);
	return () => liveGroups.delete(pid);
}

/** Where the run lock finds `stopRunningChildren` without loading this module (see adapters/run-lock.ts). */
export const stopChildrenHook = Symbol.for('claude-setup.stop-running-children');

/** Ends every child still running, with everything it started (the wizard is over: nothing waits for them). */
export function stopRunningChildren(): void {
	for (const group of liveGroups) {
		killGroup(group);
	}

	liveGroups.clear();
}

function killGroup(pid: number | undefined): void {
	if (pid === undefined) {
		return;
	}

	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

export async function findOnPath(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
	const directories = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
	const extensions = platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
	for (const directory of directories) {
		for (const extension of extensions) {
			const candidate = path.join(directory, file + extension);
			try {
				// eslint-disable-next-line no-await-in-loop -- the first match on PATH wins, in order
				await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
				return candidate;
			} catch {}
		}
	}

	return undefined;
}
