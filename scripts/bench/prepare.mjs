// Gets a built claude-setup to measure, and bundles the Ink floor beside it.
import {spawn, spawnSync} from 'node:child_process';
import {copyFile, mkdir, mkdtemp, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {inkAppOptions} from '../build-options.mjs';

/**
- 'in-place': build this checkout's dist/ (what `npm run bench` does; run it alone, since it
  replaces dist/ under anyone else using it).
- 'head': a fresh copy of the last commit (`git archive HEAD`), built there; this checkout is untouched.
- 'worktree': a fresh copy of the working tree, uncommitted and untracked (not ignored) files
  included, built there.
- 'as-is': measure dist/ as it is, no build (a copy where you are trying a change).

@param {{repoRoot: string, mode: 'in-place' | 'head' | 'worktree' | 'as-is', projectRoot?: string}} options
@returns {Promise<{projectRoot: string, cleanup: () => Promise<void>}>}
*/
export async function prepareProject({repoRoot, mode, projectRoot = repoRoot}) {
	if (mode === 'in-place' || mode === 'as-is') {
		if (mode === 'in-place') {
			runOrThrow(process.execPath, ['scripts/build.mjs'], projectRoot, 'the build (node scripts/build.mjs)');
		}

		await stat(path.join(projectRoot, 'dist', 'cli.js')).catch(() => {
			throw new Error(`${path.join(projectRoot, 'dist', 'cli.js')} is missing: build first, or run without --no-build.`);
		});
		return {projectRoot, cleanup: async () => {}};
	}

	const copy = await mkdtemp(path.join(tmpdir(), 'claude-setup-bench-copy-'));
	try {
		if (mode === 'head') {
			await gitArchiveHead(repoRoot, copy);
		} else {
			await copyWorktree(repoRoot, copy);
		}

		// The copy shares this checkout's dependencies; it has nothing to install.
		await symlink(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
		runOrThrow(process.execPath, ['scripts/build.mjs'], copy, 'the build of the copy (node scripts/build.mjs)');
	} catch (error) {
		await rm(copy, {recursive: true, force: true});
		throw error;
	}

	return {projectRoot: copy, cleanup: async () => rm(copy, {recursive: true, force: true})};
}

function runOrThrow(command, args, cwd, what) {
	const result = spawnSync(command, args, {cwd, stdio: 'inherit'});
	if (result.status !== 0) {
		throw new Error(`${what} failed (exit code ${result.status ?? result.signal}).`);
	}
}

async function gitArchiveHead(repoRoot, destination) {
	await new Promise((resolve, reject) => {
		const archive = spawn('git', ['-C', repoRoot, 'archive', 'HEAD'], {stdio: ['ignore', 'pipe', 'inherit']});
		const tar = spawn('tar', ['-x', '-C', destination], {stdio: ['pipe', 'inherit', 'inherit']});
		archive.stdout.pipe(tar.stdin);
		archive.on('error', reject);
		tar.on('error', reject);
		archive.on('exit', code => {
			if (code !== 0) {
				reject(new Error(`git archive HEAD failed (exit code ${code}); --copy needs a git checkout.`));
			}
		});
		tar.on('exit', code => (code === 0 ? resolve() : reject(new Error(`tar -x failed (exit code ${code}).`))));
	});
}

async function copyWorktree(repoRoot, destination) {
	const listed = spawnSync('git', ['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {encoding: 'utf8'});
	if (listed.status !== 0) {
		throw new Error(`git ls-files failed: ${listed.stderr}; --worktree needs a git checkout.`);
	}

	for (const file of listed.stdout.split('\0').filter(Boolean)) {
		const from = path.join(repoRoot, file);
		const to = path.join(destination, file);
		// A file deleted in the working tree is still listed as cached; the copy should not have it either.
		if (!(await stat(from).then(stats => stats.isFile(), () => false))) {
			continue;
		}

		await mkdir(path.dirname(to), {recursive: true});
		await copyFile(from, to);
	}
}

/**
Bundles scripts/bench/ink-floor.jsx with the options scripts/build.mjs bundles the wizard with
(scripts/build-options.mjs: ESM for Node 20, minified, production React, Ink's development modules
emptied, the same require() banner, the same patches to Ink and Yoga), into one file in `outDir`.
@returns {Promise<string>} the bundle's path
*/
export async function bundleInkFloor(repoRoot, outDir) {
	const empty = path.join(outDir, 'empty.js');
	await writeFile(empty, 'export default undefined;\n');
	const outfile = path.join(outDir, 'ink-floor.mjs');
	await build({
		...inkAppOptions({version: '0.0.0', emptyModule: empty}),
		entryPoints: [path.join(repoRoot, 'scripts', 'bench', 'ink-floor.jsx')],
		outfile,
		jsx: 'automatic',
	});
	return outfile;
}
