import {chmod, mkdir, mkdtemp, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import type {CommandIo} from '../../source/commands/io.js';
import {runScriptedSetup} from '../../source/commands/scripted-setup.js';
import {buildHelperScript} from '../helpers/helper-script.js';

export {treeOf} from '../helpers/tree.js';

/**
A real, throw-away world for running commands in-process: a Claude config folder (CLAUDE_CONFIG_DIR),
a project folder, a PATH folder for a stand-in `claude` when a test wants one, and the real key
helper built from source. Nothing here is mocked: files are files, the helper really runs.
*/

export type CommandWorld = {
	root: string;
	configDir: string;
	project: string;
	/** On PATH (with node's own folder); empty until a test puts a `claude` there. */
	bin: string;
	paths: Paths;
	helperScriptPath: string;
	env: Record<string, string>;
};

const roots: string[] = [];
let builtHelper: Promise<string> | undefined;

/** The helper bundle, built once per test file. */
async function helperScript(): Promise<string> {
	builtHelper ??= buildHelperScript().then(({directory, file}) => {
		roots.push(directory);
		return file;
	});
	return builtHelper;
}

export async function createCommandWorld(extraEnv: Record<string, string> = {}): Promise<CommandWorld> {
	const base = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-commands-')));
	roots.push(base);
	const configDir = path.join(base, 'config');
	const project = path.join(base, 'project');
	const bin = path.join(base, 'bin');
	await Promise.all([mkdir(project), mkdir(bin)]);
	const env = {CLAUDE_CONFIG_DIR: configDir, PATH: [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), ...extraEnv};
	return {root: base, configDir, project, bin, paths: resolvePaths(env, project), helperScriptPath: await helperScript(), env};
}

export async function removeCommandWorlds(): Promise<void> {
	builtHelper = undefined;
	await Promise.all(roots.splice(0).map(async directory => rm(directory, {recursive: true, force: true})));
}

export type RunIo = {io: CommandIo; stdout: () => string; stderr: () => string; output: () => string};

/** An io for one command run: captured output, stdin from a string (or closed), no terminal unless asked. */
export function commandIo(world: CommandWorld, options: {stdin?: string | Readable; isInteractive?: boolean; env?: Record<string, string | undefined>} = {}): RunIo {
	const out: string[] = [];
	const err: string[] = [];
	const sink = (chunks: string[]) =>
		new Writable({
			write(chunk: Buffer | string, _encoding, callback) {
				chunks.push(String(chunk));
				callback();
			},
		});
	const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
	const env = {...world.env, ...options.env};
	const io: CommandIo = {
		stdout: sink(out),
		stderr: sink(err),
		stdin,
		env,
		cwd: world.project,
		helperScriptPath: world.helperScriptPath,
		isInteractive: options.isInteractive ?? false,
	};
	return {io, stdout: () => out.join(''), stderr: () => err.join(''), output: () => out.join('') + err.join('')};
}

/** Puts a stand-in `claude` on the world's PATH that prints `json` for `claude auth status`. */
export async function fakeClaude(world: CommandWorld, json: unknown, exitCode = 0): Promise<void> {
	const file = path.join(world.bin, 'claude');
	await writeFile(file, `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(json)}\nEOF\nexit ${exitCode}\n`);
	await chmod(file, 0o755);
}

/** Fails with a clear message when `text` holds the key or its distinctive beginning. */
export function expectNoKey(text: string, key: string): void {
	const distinctive = key.slice(0, key.indexOf('not-a-real-key') + 'not-a-real-key'.length);
	if (text.includes(key) || text.includes(distinctive)) {
		throw new Error(`The API key leaked into the output:\n${text}`);
	}
}

/** Sets up the Console key path for real (file backend, no network: the key check is skipped). */
export async function setUpConsoleKey(world: CommandWorld, key: string, scope: 'user' | 'project' | 'local' = 'user'): Promise<void> {
	const run = commandIo(world, {stdin: key});
	const options = {auth: 'console-api-key', apiKeyStdin: true, scope, secretStorage: 'file', skipKeyCheck: true, yes: true, dryRun: false, verify: false} as const;
	const code = await runScriptedSetup(options, run.io);
	if (code !== 0) {
		throw new Error(`setting up the key failed with exit code ${code}:\n${run.output()}`);
	}
}
