import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
The key helper built from source into a fresh temp folder, the way scripts/build.mjs builds it, for
tests that install it without the whole bundle. The caller removes the returned folder.
*/
export async function buildHelperScript(): Promise<{directory: string; file: string}> {
	const directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-helper-build-'));
	const file = path.join(directory, 'api-key-helper.cjs');
	await build({entryPoints: [path.join(projectRoot, 'source/helper/api-key-helper.ts')], outfile: file, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning'});
	return {directory, file};
}
