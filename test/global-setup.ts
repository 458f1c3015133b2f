import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
The end-to-end tests run the built binary. `npm test` builds first; a bare `vitest run` after an
edit would otherwise test a stale bundle, or have two test files rebuild dist/ under each other, so
the build happens here, once, before any file runs, and only when a source is newer than the bundle.
*/
export default async function buildWhenStale(): Promise<void> {
	// For running unit tests while someone else builds in the same checkout (end-to-end files then test whatever dist/ holds).
	if (process.env['CLAUDE_SETUP_SKIP_BUILD'] === '1' || (await isBuildFresh())) {
		return;
	}

	const build = await execa('npm', ['run', 'build', '--silent'], {cwd: root, reject: false, all: true, timeout: 110_000});
	if (build.exitCode !== 0) {
		throw new Error(`npm run build failed (exit code ${build.exitCode}):\n${build.all}`);
	}
}

async function isBuildFresh(): Promise<boolean> {
	const builtAt = async (file: string) => stat(path.join(root, 'dist', file)).then(stats => stats.mtimeMs, () => undefined);
	const built = await Promise.all([builtAt('cli.js'), builtAt('api-key-helper.cjs')]);
	if (built.some(time => time === undefined)) {
		return false;
	}

	const inputs = [path.join(root, 'scripts', 'build.mjs'), path.join(root, 'scripts', 'build-options.mjs'), path.join(root, 'scripts', 'bundle-cli.mjs'), path.join(root, 'scripts', 'ink-patches.mjs'), path.join(root, 'package.json'), path.join(root, 'package-lock.json')];
	for (const entry of await readdir(path.join(root, 'source'), {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			// `parentPath` is Node 20.12+; older 20.x name it `path`.
			inputs.push(path.join(entry.parentPath ?? (entry as unknown as {path: string}).path, entry.name));
		}
	}

	const newestInput = Math.max(...(await Promise.all(inputs.map(async file => stat(file).then(stats => stats.mtimeMs, () => 0)))));
	return Math.min(...(built as number[])) > newestInput;
}
