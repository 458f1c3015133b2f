import {mkdtemp, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build, type Plugin} from 'esbuild';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createTerminalHandoff, mergeEnvironment} from '../../source/adapters/terminal-handoff.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';

/**
The terminal handoff in a real pseudo-terminal: a small Ink app (test/fixtures/handoff-app.tsx,
rendered like the wizard) lends the terminal to another program and takes it back. What a person
would see is checked on the screen of a headless xterm; every step waits on output, never a sleep.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const {inkPatchesPlugin} = (await import(pathToFileURL(path.join(root, 'scripts', 'ink-patches.mjs')).href)) as {inkPatchesPlugin: () => Plugin};
const testTimeoutMs = 60_000;

let directory: string;
let appPath: string;
const terminals: PtyTerminal[] = [];

beforeAll(async () => {
	directory = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-handoff-')));
	appPath = path.join(directory, 'handoff-app.mjs');
	const empty = path.join(directory, 'empty.js');
	await writeFile(empty, 'export default undefined;\n');
	// Plain Node cannot run the TypeScript fixture, so it is bundled the way scripts/build.mjs bundles
	// the CLI, into a temporary folder (dist/ belongs to the build).
	await build({
		entryPoints: [path.join(root, 'test', 'fixtures', 'handoff-app.tsx')],
		outfile: appPath,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		mainFields: ['module', 'main'],
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': empty, ws: empty},
		banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
		// The Ink the CLI ships: with the bundle's patches (scripts/ink-patches.mjs).
		plugins: [inkPatchesPlugin()],
	});
}, 60_000);

afterEach(() => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}
});

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

function startApp(program: 'echo' | 'missing'): PtyTerminal {
	const terminal = spawnInPty(process.execPath, [appPath, program], {
		cwd: directory,
		env: {
			PATH: process.env['PATH'],
			HOME: directory,
			LANG: process.env['LANG'] ?? 'C.UTF-8',
			TERM: 'xterm-256color',
			// Set here, removed by the handoff's `{HANDOFF_REMOVED: undefined}`.
			HANDOFF_REMOVED: 'still here',
		},
		cols: 100,
		rows: 30,
	});
	terminals.push(terminal);
	return terminal;
}

function occurrences(text: string, part: string): number {
	return text.split(part).length - 1;
}

function lineIndex(screen: string, part: string): number {
	return screen.split('\n').findIndex(line => line.includes(part));
}

/**
Proves the app is alive and reads keys (single keys reach it without Enter only once raw mode is
back), then quits. A Ctrl-C the app caught during the handoff has been delivered by the time it reads
the next key, so an app it was going to kill is dead by then, or ends by the signal instead of by "q".
*/
async function pingAndQuit(terminal: PtyTerminal): Promise<void> {
	terminal.write('p');
	await terminal.waitForText('pings: 1', {screenOnly: true});
	terminal.write('q');
	await terminal.waitForExit(10_000);
	expect(terminal.exitStatus).toEqual({exitCode: 0, signal: 0});
}

describe('lending the terminal to another program', {timeout: testTimeoutMs}, () => {
	it('gives the program the keyboard, then the app draws again in place of its cleared frame', async () => {
		const terminal = startApp('echo');
		await terminal.waitForText('Press Enter to lend the terminal.', {screenOnly: true});
		expect(occurrences(terminal.screen(), 'Before')).toBe(1);
		terminal.press('enter');

		await terminal.waitForText('child: type something', {screenOnly: true});
		// The app's frame was erased, not left above the program's output.
		expect(terminal.screen()).not.toContain('Before');
		expect(terminal.screen()).toContain('handing over to: node');
		expect(terminal.screen()).toContain('child env: HANDOFF_GREETING=hello from the app HANDOFF_REMOVED=(unset)');
		// The cursor was shown for the program (Ink hides it while it draws).
		const raw = terminal.chunks.join('');
		expect(raw.lastIndexOf('\u001B[?25h')).toBeGreaterThan(raw.lastIndexOf('Before'));

		// Typed in the terminal's normal mode: the terminal echoes it and the program reads the line.
		terminal.write('hello there');
		await terminal.waitForText('hello there', {screenOnly: true});
		terminal.press('enter');

		await terminal.waitForText('Back in the app', {screenOnly: true});
		const screen = terminal.screen();
		expect(screen).toContain('child got: hello there');
		expect(screen).toContain('result: {"exitCode":0}');
		// The program's output stays on the screen, above the app's new frame, and the old frame is
		// neither back nor duplicated.
		expect(lineIndex(screen, 'child got: hello there')).toBeGreaterThan(-1);
		expect(lineIndex(screen, 'child got: hello there')).toBeLessThan(lineIndex(screen, 'Back in the app'));
		expect(screen).not.toContain('Before');
		expect(occurrences(terminal.output(), 'Before')).toBe(1);
		expect(occurrences(screen, 'Back in the app')).toBe(1);

		await pingAndQuit(terminal);
	});

	it('survives Ctrl-C: the program ends with SIGINT, the app draws again and still takes keys', async () => {
		const terminal = startApp('echo');
		await terminal.waitForText('Press Enter to lend the terminal.', {screenOnly: true});
		terminal.press('enter');
		await terminal.waitForText('child: type something', {screenOnly: true});

		terminal.press('ctrl-c');

		await terminal.waitForText('Back in the app', {screenOnly: true});
		const screen = terminal.screen();
		expect(screen).toContain('result: {"signal":"SIGINT"}');
		expect(screen).not.toContain('child got');
		expect(screen).not.toContain('Before');
		expect(terminal.exitStatus).toBeUndefined();

		await pingAndQuit(terminal);
	});

	it('reports a program that does not exist, and the app carries on', async () => {
		const terminal = startApp('missing');
		await terminal.waitForText('Press Enter to lend the terminal.', {screenOnly: true});
		terminal.press('enter');

		await terminal.waitForText('Back in the app', {screenOnly: true});
		const screen = terminal.screen();
		expect(screen).toContain('result: {"failedToStart":"not found"}');
		expect(screen).not.toContain('Before');

		await pingAndQuit(terminal);
	});
});

/** A stand-in for Ink's stdout that records what is written, as a terminal (isTTY) or not. */
function recordingStream(isTTY: boolean): NodeJS.WriteStream & {written: string} {
	const stream = {
		isTTY,
		written: '',
		write(chunk: string) {
			stream.written += chunk;
			return true;
		},
	};
	return stream as unknown as NodeJS.WriteStream & {written: string};
}

const notATerminal = {isTTY: false} as unknown as NodeJS.ReadStream;

describe('createTerminalHandoff, in this process', () => {
	it('suspends, runs the program with the merged environment, resumes, and reports the exit code', async () => {
		const calls: string[] = [];
		const handoff = createTerminalHandoff({
			suspend: () => calls.push('suspend'),
			resume: () => calls.push('resume'),
			announce: line => calls.push(`announce ${line}`),
			stdin: notATerminal,
			stdout: recordingStream(false),
			env: {...process.env, KEEP_ME: 'kept', DROP_ME: 'dropped'},
		});
		const script = 'process.exit(process.env.KEEP_ME === "kept" && process.env.DROP_ME === undefined && process.env.ADDED === "added" ? 7 : 1)';
		const result = await handoff.handOver(process.execPath, ['-e', script], {env: {DROP_ME: undefined, ADDED: 'added'}});
		expect(result).toEqual({exitCode: 7});
		expect(calls).toEqual(['suspend', `announce ${path.basename(process.execPath)} -e ${script}`, 'resume']);
	});

	it('reports the signal that ended the program', async () => {
		const handoff = createTerminalHandoff({suspend() {}, resume() {}, stdin: notATerminal, stdout: recordingStream(false)});
		const result = await handoff.handOver(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']);
		expect(result).toEqual({exitCode: undefined, signal: 'SIGTERM'});
	});

	it('reports a missing program as not found, and still resumes', async () => {
		let resumed = 0;
		const handoff = createTerminalHandoff({suspend() {}, resume: () => resumed++, stdin: notATerminal, stdout: recordingStream(false)});
		const result = await handoff.handOver(path.join(tmpdir(), 'claude-setup-no-such-program'), []);
		expect(result).toEqual({exitCode: undefined, failedToStart: 'not found'});
		expect(resumed).toBe(1);
	});

	it('only holds its SIGINT listener while the program runs', async () => {
		const before = process.listenerCount('SIGINT');
		let during = -1;
		const handoff = createTerminalHandoff({
			suspend() {
				during = process.listenerCount('SIGINT');
			},
			resume() {},
			stdin: notATerminal,
			stdout: recordingStream(false),
		});
		await handoff.handOver(process.execPath, ['-e', '']);
		// Counted in suspend, just before the listener is added.
		expect(during).toBe(before);
		expect(process.listenerCount('SIGINT')).toBe(before);
	});

	it('leaves as many empty lines as the cleared frame had, for the next frame to erase, and hides the cursor again', async () => {
		const stdout = recordingStream(true);
		const frameHeight = 4;
		const handoff = createTerminalHandoff({
			// What Ink's clear() writes for a frame of four lines (ansi-escapes' eraseLines).
			suspend: () => stdout.write(`${'\u001B[2K\u001B[1A'.repeat(frameHeight - 1)}\u001B[2K\u001B[G`),
			resume() {},
			stdin: notATerminal,
			stdout,
		});
		await handoff.handOver(process.execPath, ['-e', '']);
		expect(stdout.written.endsWith(`\u001B[?25h${'\n'.repeat(frameHeight)}\u001B[?25l`)).toBe(true);
		// The stream's own write method is back.
		expect(Object.hasOwn(stdout, 'write')).toBe(true);
		const originalWrite = process.stdout.write;
		const hadOwnWrite = Object.hasOwn(process.stdout, 'write');
		const real = createTerminalHandoff({suspend() {}, resume() {}, stdin: notATerminal, stdout: process.stdout});
		await real.handOver(process.execPath, ['-e', '']);
		expect(process.stdout.write).toBe(originalWrite);
		expect(Object.hasOwn(process.stdout, 'write')).toBe(hadOwnWrite);
	});
});

describe('mergeEnvironment', () => {
	it('adds, replaces and removes variables without touching the base', () => {
		const base = {A: '1', B: '2', C: '3'};
		expect(mergeEnvironment(base, {B: 'two', C: undefined, D: '4'})).toEqual({A: '1', B: 'two', D: '4'});
		expect(base).toEqual({A: '1', B: '2', C: '3'});
		expect(mergeEnvironment(base, undefined)).toEqual(base);
	});
});
