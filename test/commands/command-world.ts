import {createHash} from 'node:crypto';
import {chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import type {CommandIo} from '../../source/commands/io.js';

/**
A real, throw-away world for running commands in-process: a Claude config folder (CLAUDE_CONFIG_DIR),
a project folder, a PATH folder for a stand-in `claude` when a test wants one, and the real key
helper built from source. Nothing here is mocked: files are files, the helper really runs.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');

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

/** The helper bundle, built once per test file the way scripts/build.mjs builds it. */
async function helperScript(): Promise<string> {
	builtHelper ??= (async () => {
		const directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-helper-build-'));
		roots.push(directory);
		const outfile = path.join(directory, 'api-key-helper.mjs');
		await build({entryPoints: [path.join(root, 'source/helper/api-key-helper.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning'});
		return outfile;
	})();
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

type TreeEntry = {path: string; kind: string; sha256?: string; mode: number};

/** Every entry under `directory` with content hashes: equal listings mean nothing was written. */
export async function treeOf(directory: string): Promise<TreeEntry[]> {
	const entries: TreeEntry[] = [];
	const visit = async (current: string): Promise<void> => {
		let dirents;
		try {
			dirents = await readdir(current, {withFileTypes: true});
		} catch {
			return;
		}

		for (const dirent of dirents) {
			const full = path.join(current, dirent.name);
			// eslint-disable-next-line no-await-in-loop -- a small tree, walked in a stable order
			const stats = await lstat(full);
			const relative = path.relative(directory, full);
			if (dirent.isDirectory()) {
				entries.push({path: relative, kind: 'directory', mode: stats.mode});
				// eslint-disable-next-line no-await-in-loop -- see above
				await visit(full);
			} else if (dirent.isFile()) {
				// eslint-disable-next-line no-await-in-loop -- see above
				entries.push({path: relative, kind: 'file', sha256: createHash('sha256').update(await readFile(full)).digest('hex'), mode: stats.mode});
			} else {
				entries.push({path: relative, kind: 'other', mode: stats.mode});
			}
		}
	};

	await visit(directory);
	return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** Fails with a clear message when `text` holds the key or its distinctive beginning. */
export function expectNoKey(text: string, key: string): void {
	const distinctive = key.slice(0, key.indexOf('not-a-real-key') + 'not-a-real-key'.length);
	if (text.includes(key) || text.includes(distinctive)) {
		throw new Error(`The API key leaked into the output:\n${text}`);
	}
}
