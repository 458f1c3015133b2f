import {execFile} from 'node:child_process';
import {chmod, mkdtemp, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import type {Paths} from '../../source/adapters/paths.js';
import type {SettingsScope} from '../../source/core/ports.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What the real settings store did in the child: the read, then one write of `nextText` over what it read. */
export type ChildOutcome = {
	exists: boolean;
	problem: string | undefined;
	hasData: boolean;
	writeError: string | undefined;
	elapsedMs: number;
};

export type ChildOptions = {
	/** Runs the child as this user and group (root only): how a root test meets "permission denied". */
	user?: number;
	/**
	The child's RLIMIT_FSIZE, in the 512-byte blocks of POSIX `ulimit -f`: every write past it fails
	with EFBIG, a real failed write that needs no privilege, no mount and no full disk.
	*/
	fileSizeBlocks?: number;
};

/**
Runs the real `createSettingsStore` (bundled from source, no mocks) in a child process, for what a
test process cannot do to itself: drop to another user, or have its writes refused by the kernel.
The bundle lands in `workDirectory`, which must be readable by `user` when one is given.
*/
export async function settingsInChild(workDirectory: string, paths: Paths, scope: SettingsScope, nextText: string, options: ChildOptions = {}): Promise<ChildOutcome> {
	const folder = await mkdtemp(path.join(workDirectory, 'child-'));
	const script = path.join(folder, 'store.mjs');
	const spec = path.join(folder, 'spec.json');
	await build({
		stdin: {
			contents: [
				"import {readFileSync} from 'node:fs';",
				"import {createSettingsStore} from './source/adapters/settings-file.ts';",
				"const {paths, scope, nextText} = JSON.parse(readFileSync(process.argv[2], 'utf8'));",
				'const started = Date.now();',
				'const store = createSettingsStore(paths);',
				'const snapshot = await store.read(scope);',
				'const writeError = await store.write(scope, snapshot.text, nextText).then(() => undefined, error => error.message);',
				'process.stdout.write(JSON.stringify({exists: snapshot.exists, problem: snapshot.problem?.message, hasData: snapshot.data !== undefined, writeError, elapsedMs: Date.now() - started}));',
			].join('\n'),
			resolveDir: projectRoot,
			sourcefile: 'settings-in-child.ts',
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: script,
		mainFields: ['module', 'main'],
		logLevel: 'silent',
	});
	await writeFile(spec, JSON.stringify({paths, scope, nextText}));
	if (options.user !== undefined) {
		await chmod(folder, 0o755);
		await chmod(script, 0o644);
		await chmod(spec, 0o644);
	}

	const limit = options.fileSizeBlocks === undefined ? [] : ['-c', `ulimit -f ${options.fileSizeBlocks} && exec "$0" "$@"`];
	const [file, args] = limit.length > 0 ? ['/bin/sh', [...limit, process.execPath, script, spec]] : [process.execPath, [script, spec]];
	const {stdout} = await promisify(execFile)(file, args, {
		timeout: 30_000,
		...(options.user === undefined ? {} : {uid: options.user, gid: options.user}),
	});
	return JSON.parse(stdout) as ChildOutcome;
}
