import {createInterface} from 'node:readline';
import {displayPath, type Paths} from '../adapters/paths.js';
import type {DiffLine} from '../core/settings/diff.js';

/**
What a non-interactive command gets from the CLI instead of `process`, so tests can run a command
in-process against temp folders and read what it printed.
*/
export type CommandIo = {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** The built helper (`dist/api-key-helper.cjs`) that setup copies into the config folder. */
	helperScriptPath: string;
	/** Both stdin and stdout are terminals: a question can be asked and answered. */
	isInteractive: boolean;
};

/** The exit codes every command uses (documented in `--help` and the README). */
export const exitCodes = {ok: 0, failed: 1, usage: 2, cancelled: 130} as const;

/** Writes lines to a stream, each ending in a newline. */
export function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
	if (lines.length > 0) {
		stream.write(lines.map(line => `${line}\n`).join(''));
	}
}

/** `~/…` for paths in the home folder: shorter, and what people recognise. */
export function displayFor(paths: Paths): (target: string) => string {
	return target => displayPath(target, paths.home);
}

const marks = {added: '+', removed: '-', context: ' '} as const;

/** A masked settings diff as text, indented under its heading, with the wizard's +/- marks. */
export function formatDiff(lines: readonly DiffLine[], indent = '    '): string[] {
	return lines.map(line => `${indent}${marks[line.kind]} ${line.text}`);
}

/** A y/N answer; `cancelled` is Ctrl-C, which callers report like the wizard's cancel (exit 130). */
export type Answer = 'yes' | 'no' | 'cancelled';

/**
Asks a y/N question on the terminal. Anything but y/yes is no (the safe answer), end of input is no,
and Ctrl-C is a cancel so the caller can exit 130 like the wizard does.
*/
export async function askYesNo(io: CommandIo, question: string): Promise<Answer> {
	const lines = createInterface({input: io.stdin, output: io.stdout, terminal: Boolean(io.stdin.isTTY)});
	return new Promise<Answer>(resolve => {
		let answered = false;
		const finish = (answer: Answer) => {
			if (!answered) {
				answered = true;
				lines.close();
				resolve(answer);
			}
		};

		lines.on('SIGINT', () => {
			io.stdout.write('\n');
			finish('cancelled');
		});
		lines.on('close', () => {
			finish('no');
		});
		lines.question(`${question} [y/N] `, text => {
			finish(/^\s*y(?:es)?\s*$/i.test(text) ? 'yes' : 'no');
		});
	});
}

/** What arrived on stdin, or why reading it stopped. */
export type StdinRead = {kind: 'text'; text: string} | {kind: 'timeout'} | {kind: 'too-large'};

/**
Reads stdin to its end. Bounded in time and size: a CI job that forgot to pipe the key in must get
an error, not a job that hangs until its own timeout.
*/
export async function readStdin(stdin: NodeJS.ReadableStream, timeoutMs: number, maxBytes = 64 * 1024): Promise<StdinRead> {
	return new Promise<StdinRead>(resolve => {
		const chunks: Buffer[] = [];
		let size = 0;
		const stop = (result: StdinRead) => {
			clearTimeout(timer);
			stdin.off('data', onData);
			stdin.off('end', onEnd);
			stdin.off('error', onError);
			stdin.pause();
			resolve(result);
		};

		const onData = (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += bytes.length;
			if (size > maxBytes) {
				stop({kind: 'too-large'});
				return;
			}

			chunks.push(bytes);
		};

		const onEnd = () => {
			stop({kind: 'text', text: Buffer.concat(chunks).toString('utf8')});
		};

		// A closed or unreadable stdin holds no key: the same as an empty one.
		const onError = () => {
			stop({kind: 'text', text: ''});
		};

		const timer = setTimeout(() => {
			stop({kind: 'timeout'});
		}, timeoutMs);
		timer.unref();
		stdin.on('data', onData);
		stdin.once('end', onEnd);
		stdin.once('error', onError);
		stdin.resume();
	});
}
