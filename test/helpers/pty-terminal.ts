import {spawn, type IPty} from '@lydell/node-pty';
import xterm from '@xterm/headless';

/**
A program running in a real pseudo-terminal, its output rendered by a headless xterm, so a test sees
the screen a person would see and types the keys a person would type. Everything waits on events
(each output chunk, the exit): no polling, no fixed sleeps.
*/

export const keys = {
	enter: '\r',
	esc: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	'ctrl-c': '\u0003',
	backspace: '\u007F',
} as const;

export type KeyName = keyof typeof keys;

export type PtyOptions = {
	cwd: string;
	/** The child's whole environment: nothing is inherited. */
	env: Record<string, string | undefined>;
	cols?: number;
	rows?: number;
};

export type ExitStatus = {exitCode: number; signal?: number};

export type WaitOptions = {
	timeoutMs?: number;
	/** Match the rendered screen only, not text that was on an earlier screen. */
	screenOnly?: boolean;
};

export type PtyTerminal = {
	/** The visible lines, right-trimmed, joined with newlines (lines the terminal wrapped are joined back). */
	screen(): string;
	/** Everything the program printed so far, escape sequences removed. */
	output(): string;
	/** Every raw chunk the program printed, in order (for secret-leak checks). */
	readonly chunks: readonly string[];
	/** Resolves once the screen (or, unless screenOnly, the output so far) contains the text. */
	waitForText(text: string | RegExp, options?: WaitOptions | number): Promise<void>;
	/** Resolves once `predicate(screen)` holds; `description` names it in the timeout message. */
	waitForScreen(predicate: (screen: string) => boolean, description: string, timeoutMs?: number): Promise<void>;
	/** Resolves once the screen differs from `previous`. */
	waitForChange(previous: string, timeoutMs?: number): Promise<void>;
	write(data: string): void;
	press(key: KeyName, times?: number): void;
	waitForExit(timeoutMs?: number): Promise<number>;
	readonly exitStatus: ExitStatus | undefined;
	/** Kills the program if it still runs and frees the terminal. */
	dispose(): void;
};

const beginSynchronizedUpdate = '\u001B[?2026h';
const endSynchronizedUpdate = '\u001B[?2026l';
const defaultTimeoutMs = 20_000;
/** Output can still be in flight when the exit is reported; only then do we give it a moment. */
const exitGraceMs = 500;

/** The environment without its undefined entries, as node-pty wants it. */
export function definedEnvironment(env: Record<string, string | undefined>): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
Ink draws each frame inside a synchronized update (BSU ... ESU) that a real terminal shows at once.
Fed every chunk in order, the returned function says whether one is still open after it (a sequence
may be split across chunks).
*/
export function synchronizedUpdateTracker(): (data: string) => boolean {
	let isOpen = false;
	let tail = '';
	return data => {
		const scanned = tail + data;
		const begin = scanned.lastIndexOf(beginSynchronizedUpdate);
		const end = scanned.lastIndexOf(endSynchronizedUpdate);
		if (begin !== -1 || end !== -1) {
			isOpen = begin > end;
		}

		tail = scanned.slice(-beginSynchronizedUpdate.length);
		return isOpen;
	};
}

export function spawnInPty(file: string, args: readonly string[], options: PtyOptions): PtyTerminal {
	const cols = options.cols ?? 100;
	const rows = options.rows ?? 40;
	const env = definedEnvironment(options.env);

	const terminal = new xterm.Terminal({cols, rows, scrollback: 1000, allowProposedApi: true});
	const pty: IPty = spawn(file, [...args], {name: 'xterm-256color', cols, rows, cwd: options.cwd, env});
	const chunks: string[] = [];
	const listeners = new Set<() => void>();
	let exitStatus: ExitStatus | undefined;
	let isDisposed = false;

	const notify = () => {
		for (const listener of [...listeners]) {
			listener();
		}
	};

	// A frame can reach us in several chunks; looking at the screen half-way through one (the old
	// list erased, the new one half drawn) would make a test act on a screen nobody sees, so waiters
	// are only woken once no synchronized update is open.
	const isInSynchronizedUpdate = synchronizedUpdateTracker();
	pty.onData(data => {
		chunks.push(data);
		terminal.write(data, isInSynchronizedUpdate(data) ? undefined : notify);
	});
	// A real terminal answers queries (cursor position, device attributes); so does this one.
	terminal.onData(data => {
		if (!exitStatus && !isDisposed) {
			pty.write(data);
		}
	});
	pty.onExit(({exitCode, signal}) => {
		exitStatus = {exitCode, signal};
		// Let xterm finish parsing what is queued before anyone looks at the final screen.
		terminal.write('', notify);
	});

	const screen = (): string => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let y = buffer.viewportY; y < buffer.viewportY + rows; y++) {
			const line = buffer.getLine(y);
			if (!line) {
				continue;
			}

			const text = line.translateToString(true);
			if (line.isWrapped && lines.length > 0) {
				lines[lines.length - 1] += text;
			} else {
				lines.push(text);
			}
		}

		return lines.join('\n').replace(/\n+$/, '');
	};

	const output = (): string => stripAnsi(chunks.join(''));

	const write = (data: string): void => {
		if (exitStatus) {
			throw new Error(`Cannot type into a program that has exited. ${describe()}`);
		}

		pty.write(data);
	};

	const describe = (): string => {
		const status = exitStatus ? `exited with code ${exitStatus.exitCode}${exitStatus.signal ? ` (signal ${exitStatus.signal})` : ''}` : 'still running';
		return `The program is ${status}. Current screen:\n${'-'.repeat(cols)}\n${screen()}\n${'-'.repeat(cols)}`;
	};

	const waitUntil = async (check: () => boolean, description: string, timeoutMs: number): Promise<void> => {
		if (check()) {
			return;
		}

		return new Promise<void>((resolve, reject) => {
			let graceTimer: NodeJS.Timeout | undefined;
			const finish = (error?: Error) => {
				clearTimeout(timer);
				clearTimeout(graceTimer);
				listeners.delete(listener);
				if (error) {
					reject(error);
				} else {
					resolve();
				}
			};

			const listener = () => {
				if (check()) {
					finish();
				} else if (exitStatus && !graceTimer) {
					graceTimer = setTimeout(() => {
						finish(check() ? undefined : new Error(`Waited for ${description}, but the program exited first. ${describe()}`));
					}, exitGraceMs);
				}
			};

			const timer = setTimeout(() => {
				finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}. ${describe()}`));
			}, timeoutMs);
			listeners.add(listener);
			// The exit may already have happened: start the grace period now.
			listener();
		});
	};

	return {
		screen,
		output,
		chunks,
		async waitForText(text, options = {}) {
			const {timeoutMs = defaultTimeoutMs, screenOnly = false} = typeof options === 'number' ? {timeoutMs: options} : options;
			const matches = (haystack: string) =>
				typeof text === 'string' ? flatten(haystack).includes(flatten(text)) : text.test(haystack) || text.test(flatten(haystack));
			await waitUntil(() => matches(screen()) || (!screenOnly && matches(output())), `${JSON.stringify(String(text))}${screenOnly ? ' on the screen' : ''}`, timeoutMs);
		},
		async waitForScreen(predicate, description, timeoutMs = defaultTimeoutMs) {
			await waitUntil(() => predicate(screen()), description, timeoutMs);
		},
		async waitForChange(previous, timeoutMs = defaultTimeoutMs) {
			await waitUntil(() => screen() !== previous, 'the screen to change', timeoutMs);
		},
		write,
		press(key, times = 1) {
			for (let index = 0; index < times; index++) {
				write(keys[key]);
			}
		},
		async waitForExit(timeoutMs = defaultTimeoutMs) {
			await waitUntil(() => exitStatus !== undefined, 'the program to exit', timeoutMs);
			return exitStatus!.exitCode;
		},
		get exitStatus() {
			return exitStatus;
		},
		dispose() {
			if (isDisposed) {
				return;
			}

			isDisposed = true;
			listeners.clear();
			if (!exitStatus) {
				try {
					pty.kill();
				} catch {}
			}

			terminal.dispose();
		},
	};
}

/** Ink wraps long sentences at the terminal width, so text is compared with all whitespace runs as one space. */
function flatten(text: string): string {
	return text.replaceAll(/\s+/g, ' ').trim();
}

export function stripAnsi(text: string): string {
	return text
		.replaceAll(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '')
		.replaceAll(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
		.replaceAll(/\u001B[@-Z\\-_]/g, '')
		.replaceAll('\r', '');
}
