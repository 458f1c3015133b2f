import {spawn, type IPty} from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {definedEnvironment, stripAnsi, synchronizedUpdateTracker} from './pty-terminal.js';

/**
A pseudo-terminal for the monkey test: like `spawnInPty`, a headless xterm renders what the program
draws, but this one can also be resized (the pty and the xterm together, so the program gets
SIGWINCH and the screen keeps matching), exposes the program's pid, and keeps the output without
escape codes as it arrives, so a test can ask what had been drawn at any moment.
*/

export type MonkeyTerminal = {
	readonly pid: number;
	/** The visible lines, right-trimmed. */
	screen(): string;
	/** Every raw chunk, in order. */
	readonly chunks: readonly string[];
	/** Everything printed so far without escape codes; grows as output arrives. */
	plainOutput(): string;
	write(data: string): void;
	resize(cols: number, rows: number): void;
	/** Resolves on the next complete frame (or the exit), or after `boundMs` with nothing: never rejects. */
	nextActivity(boundMs: number): Promise<'activity' | 'quiet'>;
	readonly exitStatus: {exitCode: number; signal?: number} | undefined;
	/** Resolves with the exit code, or undefined when the program is still running after `timeoutMs`. */
	waitForExit(timeoutMs: number): Promise<number | undefined>;
	dispose(): void;
};

export function spawnMonkeyTerminal(file: string, args: readonly string[], options: {cwd: string; env: Record<string, string | undefined>; cols: number; rows: number}): MonkeyTerminal {
	const env = definedEnvironment(options.env);

	let rows = options.rows;
	const terminal = new xterm.Terminal({cols: options.cols, rows, scrollback: 500, allowProposedApi: true});
	const pty: IPty = spawn(file, [...args], {name: 'xterm-256color', cols: options.cols, rows, cwd: options.cwd, env});
	const chunks: string[] = [];
	let plain = '';
	const listeners = new Set<() => void>();
	let exitStatus: {exitCode: number; signal?: number} | undefined;
	let isDisposed = false;
	const isInSynchronizedUpdate = synchronizedUpdateTracker();

	const notify = () => {
		for (const listener of [...listeners]) {
			listener();
		}
	};

	pty.onData(data => {
		chunks.push(data);
		plain += stripAnsi(data);
		const isFrameOpen = isInSynchronizedUpdate(data);
		if (!isDisposed) {
			terminal.write(data, isFrameOpen ? undefined : notify);
		}
	});
	terminal.onData(data => {
		if (!exitStatus && !isDisposed) {
			pty.write(data);
		}
	});
	pty.onExit(({exitCode, signal}) => {
		exitStatus = {exitCode, signal};
		if (isDisposed) {
			notify();
		} else {
			terminal.write('', notify);
		}
	});

	const screen = (): string => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let y = buffer.viewportY; y < buffer.viewportY + rows; y++) {
			const line = buffer.getLine(y);
			if (line) {
				lines.push(line.translateToString(true));
			}
		}

		return lines.join('\n').replace(/\n+$/, '');
	};

	const waitFor = async (check: () => boolean, timeoutMs: number): Promise<boolean> => {
		if (check()) {
			return true;
		}

		return new Promise<boolean>(resolve => {
			const listener = () => {
				if (check()) {
					clearTimeout(timer);
					listeners.delete(listener);
					resolve(true);
				}
			};

			const timer = setTimeout(() => {
				listeners.delete(listener);
				resolve(check());
			}, timeoutMs);
			listeners.add(listener);
		});
	};

	return {
		get pid() {
			return pty.pid;
		},
		screen,
		chunks,
		plainOutput: () => plain,
		write(data) {
			if (!exitStatus && !isDisposed) {
				pty.write(data);
			}
		},
		resize(cols, newRows) {
			if (exitStatus || isDisposed) {
				return;
			}

			rows = newRows;
			terminal.resize(cols, newRows);
			try {
				pty.resize(cols, newRows);
			} catch {
				// The program ended between the check and the call.
			}
		},
		async nextActivity(boundMs) {
			if (exitStatus) {
				return 'activity';
			}

			return new Promise(resolve => {
				const listener = () => {
					clearTimeout(timer);
					listeners.delete(listener);
					resolve('activity');
				};

				const timer = setTimeout(() => {
					listeners.delete(listener);
					resolve('quiet');
				}, boundMs);
				listeners.add(listener);
			});
		},
		get exitStatus() {
			return exitStatus;
		},
		async waitForExit(timeoutMs) {
			await waitFor(() => exitStatus !== undefined, timeoutMs);
			return exitStatus?.exitCode;
		},
		dispose() {
			if (isDisposed) {
				return;
			}

			isDisposed = true;
			if (!exitStatus) {
				try {
					pty.kill('SIGKILL');
				} catch {}
			}

			notify();
			listeners.clear();
			terminal.dispose();
		},
	};
}
