import {spawnSync} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import type {HandOverResult, RunOptions, TerminalHandoff} from '../core/ports.js';

export type TerminalHandoffOptions = {
	/** Takes the wizard's frame off the screen; the wizard passes Ink's `instance.clear()`. */
	suspend: () => void;
	/**
	Called once the program has ended and the terminal is the wizard's again. Ink draws again only
	when the frame changes: the wizard shows the outcome, so it does.
	*/
	resume: () => void;
	stdin?: NodeJS.ReadStream;
	/** Where the wizard draws (Ink's stdout). */
	stdout?: NodeJS.WriteStream;
	/** The environment the program inherits, before the per-call additions. */
	env?: NodeJS.ProcessEnv;
	/** Told the command line about to run (`claude auth login --claudeai`), so the caller can print where the user is. */
	announce?: (line: string) => void;
};

const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';
/** What Ink (through ansi-escapes' eraseLines) writes once per line of its frame when it clears it. */
const eraseLine = '\u001B[2K';

/**
Lends the whole terminal to another program (`claude auth login`, `gcloud auth application-default
login`, `az login`, `aws sso login`) and takes it back when that program ends.
*/
export function createTerminalHandoff(options: TerminalHandoffOptions): TerminalHandoff {
	const {suspend, resume, announce} = options;
	const stdin = options.stdin ?? process.stdin;
	const stdout = options.stdout ?? process.stdout;
	const baseEnv = options.env ?? process.env;

	return {
		async handOver(file, args, {env} = {}) {
			// Ink believes its cleared frame is still on the screen: its next draw first erases that
			// many lines upward from the cursor, which would now be the program's last lines (the login
			// link, "Login successful", an error). Count them as they are erased, and leave that many
			// empty lines under the program's output for Ink to erase instead.
			const erasedLines = countErasedLines(stdout, suspend);
			const isTerminal = stdin.isTTY && typeof stdin.setRawMode === 'function';
			const wasRaw = isTerminal && stdin.isRaw;
			const isScreen = Boolean(stdout.isTTY);
			// Ctrl-C in a terminal in normal (cooked) mode sends SIGINT to the whole foreground process
			// group: the program, which should end, and the wizard, which must not. Node's default (or
			// Ink's signal-exit, when it holds the only listener) would end the wizard, so for the
			// duration one more listener swallows it.
			const ignoreInterrupt = () => {};
			process.on('SIGINT', ignoreInterrupt);
			let result: HandOverResult;
			try {
				announce?.([path.basename(file), ...args].join(' '));
				if (wasRaw) {
					// The program expects a terminal as a shell leaves it: line editing, echo, Ctrl-C as a signal.
					stdin.setRawMode(false);
				}

				if (isScreen) {
					// Ink hides the cursor while it draws; the program needs it to show where typing goes.
					stdout.write(showCursor);
				}

				// Synchronous on purpose. While the program runs, this process does nothing else: Ink cannot
				// draw (no timers or renders run), and Node does not read the terminal (the event loop that
				// would read stdin is blocked), so every key goes to the program and nothing it prints is
				// drawn over. An asynchronous spawn would leave Ink's stdin reader competing for keys.
				const child = spawnSync(file, [...args], {stdio: 'inherit', env: mergeEnvironment(baseEnv, env)});
				result = toResult(child);
			} finally {
				if (isScreen) {
					stdout.write('\n'.repeat(erasedLines) + hideCursor);
				}

				if (isTerminal) {
					// Whatever the program did to the terminal modes, put back what the wizard had.
					stdin.setRawMode(wasRaw);
				}

				resume();
				// A Ctrl-C that reached this process while the program ran is only delivered to listeners
				// when the event loop next polls, after this synchronous part. Removing the listener before
				// then would let that SIGINT end the wizard after all.
				await afterNextPoll();
				process.off('SIGINT', ignoreInterrupt);
			}

			return result;
		},
	};
}

/** The program's environment: the base one, plus `extra`, where an undefined value removes the variable. */
export function mergeEnvironment(base: NodeJS.ProcessEnv, extra: RunOptions['env']): NodeJS.ProcessEnv {
	const merged: NodeJS.ProcessEnv = {...base};
	for (const [name, value] of Object.entries(extra ?? {})) {
		if (value === undefined) {
			delete merged[name];
		} else {
			merged[name] = value;
		}
	}

	return merged;
}

function toResult(child: ReturnType<typeof spawnSync>): HandOverResult {
	if (child.error) {
		const code = (child.error as NodeJS.ErrnoException).code;
		const failedToStart = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'permission denied' : child.error.message;
		return {exitCode: undefined, failedToStart};
	}

	return {exitCode: child.status ?? undefined, ...(child.signal ? {signal: child.signal} : {})};
}

/** Runs `action` and counts the lines it erased on `stream`. */
function countErasedLines(stream: NodeJS.WriteStream, action: () => void): number {
	const write = stream.write;
	const hadOwnWrite = Object.hasOwn(stream, 'write');
	let written = '';
	stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
		written += typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
		return (write as (...parameters: unknown[]) => boolean).call(this, chunk, ...rest);
	} as typeof stream.write;
	try {
		action();
	} finally {
		if (hadOwnWrite) {
			stream.write = write;
		} else {
			// Back to the prototype's method, leaving the stream exactly as it was.
			delete (stream as {write?: unknown}).write;
		}
	}

	return written.split(eraseLine).length - 1;
}

/**
Two turns of the check phase have at least one poll phase between them, and libuv delivers signals
in the poll phase: after this, a signal that arrived earlier has reached its listeners.
*/
async function afterNextPoll(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}
