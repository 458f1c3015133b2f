// Runs a program in a real pseudo-terminal and times what a person would see: the first output that
// shows on the screen, the first screen that matches a test (the first select list), and how long a
// key takes to move the focus. The output is rendered by a headless xterm so "the screen" means the
// cells a terminal would show, not raw bytes that may be cursor moves or half a frame.
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {spawn} from '@lydell/node-pty';
import xterm from '@xterm/headless';

export const keys = {down: '\u001B[B', up: '\u001B[A', enter: '\r', ctrlC: '\u0003'};

const beginSynchronizedUpdate = '\u001B[?2026h';
const endSynchronizedUpdate = '\u001B[?2026l';

/**
@param {string} file
@param {string[]} args
@param {{cwd: string, env: Record<string, string>, cols?: number, rows?: number}} options
*/
export function openPty(file, args, {cwd, env, cols = 100, rows = 40}) {
	const terminal = new xterm.Terminal({cols, rows, scrollback: 1000, allowProposedApi: true});
	const waiters = new Set();
	let firstByteAt;
	let firstVisibleAt;
	let exit;
	let isInSynchronizedUpdate = false;
	let tail = '';
	let onExit;
	const exited = new Promise(resolve => {
		onExit = resolve;
	});

	const startedAt = performance.now();
	const pty = spawn(file, args, {name: 'xterm-256color', cols, rows, cwd, env});
	pty.onData(data => {
		// Stamp the chunk when it arrives: xterm parses asynchronously, and its parse time is ours, not the program's.
		const arrivedAt = performance.now();
		if (firstByteAt === undefined && data.length > 0) {
			firstByteAt = arrivedAt;
		}

		// Ink draws each frame between begin and end "synchronized update" marks, and a terminal shows the
		// frame only at the end mark; judging the screen half-way through a frame would time a screen
		// nobody sees.
		const scanned = tail + data;
		const begin = scanned.lastIndexOf(beginSynchronizedUpdate);
		const end = scanned.lastIndexOf(endSynchronizedUpdate);
		if (begin !== -1 || end !== -1) {
			isInSynchronizedUpdate = begin > end;
		}

		tail = scanned.slice(-beginSynchronizedUpdate.length);
		const isFrameComplete = !isInSynchronizedUpdate;
		terminal.write(data, () => {
			// Visible: a cell that is not blank. Control sequences alone (hide the cursor, set a title) are
			// bytes, not output anyone sees, so they do not count, however early they come.
			if (firstVisibleAt === undefined && /\S/.test(screen())) {
				firstVisibleAt = arrivedAt;
			}

			if (isFrameComplete) {
				check(arrivedAt);
			}
		});
	});
	// A real terminal answers queries (cursor position, device attributes); so does this one.
	terminal.onData(data => {
		if (!exit) {
			pty.write(data);
		}
	});
	pty.onExit(status => {
		exit = {...status, at: performance.now()};
		terminal.write('', () => {
			check(exit.at);
			for (const waiter of [...waiters]) {
				waiter.fail(new Error(`the program exited (code ${status.exitCode}) before ${waiter.description}`));
			}

			onExit(exit);
		});
	});

	function check(at) {
		for (const waiter of [...waiters]) {
			if (waiter.predicate(screen())) {
				waiter.done(at);
			}
		}
	}

	function screen() {
		const buffer = terminal.buffer.active;
		const lines = [];
		for (let y = buffer.viewportY; y < buffer.viewportY + rows; y++) {
			lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
		}

		return lines.join('\n').trimEnd();
	}

	return {
		pid: pty.pid,
		startedAt,
		screen,
		/** Milliseconds from spawn to the first byte the program printed, or undefined. */
		get firstByteMs() {
			return firstByteAt === undefined ? undefined : firstByteAt - startedAt;
		},
		/** Milliseconds from spawn to the first chunk after which the screen showed anything, or undefined. */
		get firstVisibleMs() {
			return firstVisibleAt === undefined ? undefined : firstVisibleAt - startedAt;
		},
		/**
		Resolves with the arrival time (performance.now()) of the chunk that completed the first frame for
		which `predicate(screen)` holds.
		*/
		async waitForScreen(predicate, description, timeoutMs) {
			if (predicate(screen()) && !isInSynchronizedUpdate) {
				return performance.now();
			}

			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiter.fail(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
				}, timeoutMs);
				const waiter = {
					predicate,
					description,
					done(at) {
						clearTimeout(timer);
						waiters.delete(waiter);
						resolve(at);
					},
					fail(error) {
						clearTimeout(timer);
						waiters.delete(waiter);
						error.screen = screen();
						reject(error);
					},
				};
				waiters.add(waiter);
			});
		},
		write(data) {
			pty.write(data);
		},
		/** The process's peak resident set (VmHWM) so far, in KiB; undefined where /proc is missing. */
		peakRssKiB() {
			return readPeakRssKiB(pty.pid);
		},
		async waitForExit(timeoutMs) {
			return Promise.race([exited, new Promise(resolve => setTimeout(resolve, timeoutMs).unref())]);
		},
		/** Ends the program (SIGHUP, as when a terminal window closes; SIGKILL if that is ignored) and frees the terminal. */
		async close() {
			if (!exit) {
				try {
					pty.kill();
				} catch {}

				if (!(await this.waitForExit(3000))) {
					try {
						pty.kill('SIGKILL');
					} catch {}

					await this.waitForExit(3000);
				}
			}

			terminal.dispose();
			return exit;
		},
	};
}

export function readPeakRssKiB(pid) {
	try {
		const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/** The first select list: the question is on the screen and an item is focused. */
export function isFirstSelectList(question) {
	return screen => screen.includes(question) && /^\s*❯ /m.test(screen);
}

/** The focused line, to tell when an arrow key has moved the focus. */
export function focusedLine(screen) {
	return /^\s*❯ .*$/m.exec(screen)?.[0];
}

/**
Opens the program, waits for its first select list, and returns the times (milliseconds since spawn)
of the first byte, the first visible output and that frame, and the peak RSS at that moment.
*/
export async function timeFirstFrame(file, args, {cwd, env, question, timeoutMs}) {
	const session = openPty(file, args, {cwd, env});
	try {
		const readyAt = await session.waitForScreen(isFirstSelectList(question), `"${question}" with a focused item`, timeoutMs);
		return {firstByteMs: session.firstByteMs, firstVisibleMs: session.firstVisibleMs, interactiveMs: readyAt - session.startedAt, peakRssKiB: session.peakRssKiB()};
	} finally {
		await session.close();
	}
}

/** Runs a program that prints and exits; returns the time to its first byte, its first visible output and its exit. */
export async function timeFirstOutput(file, args, {cwd, env, timeoutMs}) {
	const session = openPty(file, args, {cwd, env});
	try {
		const exit = await session.waitForExit(timeoutMs);
		if (!exit) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${file} to exit`);
		}

		return {firstByteMs: session.firstByteMs, firstVisibleMs: session.firstVisibleMs, exitMs: exit.at - session.startedAt, exitCode: exit.exitCode};
	} finally {
		await session.close();
	}
}

/**
Presses Down `presses` times in the first select list; for each press, the time from writing the key
to the frame in which the focused item has moved. `gapMs` waits between presses (0: the next key goes
as soon as the frame is seen, like a held key). Returns the latencies and the program's peak RSS.
*/
export async function timeKeystrokes(file, args, {cwd, env, question, timeoutMs, presses, gapMs}) {
	const session = openPty(file, args, {cwd, env});
	try {
		await session.waitForScreen(isFirstSelectList(question), `"${question}" with a focused item`, timeoutMs);
		const latencies = [];
		for (let press = 0; press < presses; press++) {
			const before = focusedLine(session.screen());
			const pressedAt = performance.now();
			session.write(keys.down);
			// eslint-disable-next-line no-await-in-loop -- one key at a time: each latency is its own frame
			const movedAt = await session.waitForScreen(screen => focusedLine(screen) !== before, 'the focus to move', 5000);
			latencies.push(movedAt - pressedAt);
			if (gapMs > 0) {
				// eslint-disable-next-line no-await-in-loop -- the pause between presses is the point
				await new Promise(resolve => setTimeout(resolve, gapMs));
			}
		}

		return {latencies, peakRssKiB: session.peakRssKiB()};
	} finally {
		await session.close();
	}
}

/**
The wizard's requirements step: from the first select list, choose `choice` (by pressing Up from the
first item, as a person would reach the last one), then time from Enter to the first frame in which
the step is finished: `isDone(screen)` holds and an item is focused. Returns that time and the time
to the first checked row (`isFirstRow`).
*/
export async function timeStep(file, args, {cwd, env, question, choice, isFirstRow, isDone, timeoutMs}) {
	const session = openPty(file, args, {cwd, env});
	try {
		await session.waitForScreen(isFirstSelectList(question), `"${question}" with a focused item`, timeoutMs);
		session.write(keys.up);
		await session.waitForScreen(screen => (focusedLine(screen) ?? '').includes(choice), `"${choice}" focused`, timeoutMs);
		const pressedAt = performance.now();
		session.write(keys.enter);
		const firstRowAt = await session.waitForScreen(isFirstRow, 'the first checked row', timeoutMs);
		const doneAt = await session.waitForScreen(screen => isDone(screen) && /^\s*❯ /m.test(screen), 'the step to finish', timeoutMs);
		return {firstRowMs: firstRowAt - pressedAt, doneMs: doneAt - pressedAt};
	} finally {
		await session.close();
	}
}

