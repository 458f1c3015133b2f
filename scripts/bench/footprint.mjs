// What a user downloads and keeps: the package as `npm pack` makes it, installed the way `npx` or
// `npm install -g` would install it (production dependencies only, this platform's native binding).
import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

/**
@param {string} projectRoot a built copy of the project (dist/ present)
@returns {Promise<{tarballBytes: number, diskKiB: number, apparentBytes: number, packages: string[], packageFolders: number} | {error: string}>}
*/
export async function measureFootprint(projectRoot) {
	const work = await mkdtemp(path.join(tmpdir(), 'claude-setup-bench-footprint-'));
	try {
		const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], projectRoot);
		if (packed.code !== 0) {
			return {error: `npm pack failed: ${packed.output.trim().split('\n').slice(-3).join(' ')}`};
		}

		const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1));
		const install = path.join(work, 'install');
		await mkdir(install);
		await writeFile(path.join(install, 'package.json'), '{"name": "footprint", "private": true}\n');
		// The default cache: a first run downloads @napi-rs/keyring once, later runs read the cache.
		const installed = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-save', tarball], install);
		if (installed.code !== 0) {
			return {error: `npm install of the packed tarball failed (offline?): ${installed.output.trim().split('\n').slice(-3).join(' ')}`};
		}

		const modules = path.join(install, 'node_modules');
		const packages = await listPackages(modules);
		const du = await run('du', ['-sk', modules], install);
		const apparentBytes = await apparentSize(modules);
		return {
			tarballBytes: (await stat(tarball)).size,
			// Blocks on disk, as `du -sk` counts them; the apparent size (sum of file lengths) is kept beside it.
			diskKiB: du.code === 0 ? Number(du.stdout.split(/\s/)[0]) : Math.ceil(apparentBytes / 1024),
			apparentBytes,
			packages: [...new Set(packages)].sort(),
			packageFolders: packages.length,
		};
	} finally {
		await rm(work, {recursive: true, force: true});
	}
}

/**
Every installed package as name@version: the folders right under a node_modules (or under its
@scope folders) that hold a package.json, recursively through nested node_modules. A package.json
deeper inside a package (a "type" marker in dist/esm/, test fixtures) is not a package, and the same
name@version installed twice counts once (the caller dedupes; the folder count keeps both).
*/
async function listPackages(modules) {
	const found = [];
	const entries = await readdir(modules, {withFileTypes: true}).catch(() => []);
	for (const entry of entries) {
		if (!entry.isDirectory() || entry.name.startsWith('.')) {
			continue;
		}

		const folders = entry.name.startsWith('@')
			? (await readdir(path.join(modules, entry.name), {withFileTypes: true})).filter(inner => inner.isDirectory()).map(inner => path.join(modules, entry.name, inner.name))
			: [path.join(modules, entry.name)];
		for (const folder of folders) {
			const manifest = await readFile(path.join(folder, 'package.json'), 'utf8').then(JSON.parse, () => undefined);
			if (manifest) {
				found.push(`${manifest.name}@${manifest.version}`);
				found.push(...(await listPackages(path.join(folder, 'node_modules'))));
			}
		}
	}

	return found;
}

async function apparentSize(folder) {
	let total = 0;
	for (const entry of await readdir(folder, {withFileTypes: true, recursive: true})) {
		if (entry.isFile()) {
			total += (await stat(path.join(entry.parentPath ?? entry.path, entry.name))).size;
		}
	}

	return total;
}

function run(command, args, cwd) {
	return new Promise(resolve => {
		const child = spawn(command, args, {cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32'});
		let stdout = '';
		let output = '';
		child.stdout.on('data', chunk => {
			stdout += chunk;
			output += chunk;
		});
		child.stderr.on('data', chunk => {
			output += chunk;
		});
		child.on('error', error => resolve({code: 1, stdout, output: error.message}));
		child.on('close', code => resolve({code, stdout, output}));
	});
}
