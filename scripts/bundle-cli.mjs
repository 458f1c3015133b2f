// Bundles the command-line program in two passes. esbuild bundles and splits it (scripts/build-options.mjs):
// a command loads only the chunks it runs. Splitting by which entry points share a module leaves the
// wizard's first screen spread over some twenty files, and Node's ES module loader pays for each
// one (resolve, stat, open, read, decode, compile, link): about 20 ms of the first frame on the
// bench's machine (docs/bench.md). Rollup then regroups esbuild's chunks, without changing any of
// their code, so that the first screen is three files:
// - cli.js, the entry;
// - `common`: what the first screen needs that other commands (status, doctor, the scripted setup,
//   the run lock) also reach; cli.js imports it;
// - `first`: what only the wizard reaches (Ink, React, Yoga, the screens), loaded by the wizard's
//   dynamic import as before, so no other command loads Ink.
// Everything else (the later steps, the help text, each command) keeps esbuild's chunks.
import {builtinModules} from 'node:module';
import path from 'node:path';
import {build} from 'esbuild';
import {rollup} from 'rollup';
import {cliBuildOptions} from './build-options.mjs';

/**
@typedef {{fileName: string, code: string, imports: string[], dynamicImports: string[], sources: string[]}} BundledFile
*/

/**
Bundles source/cli.ts into `outdir` (written only if `write`) and describes every file: what it
imports statically and dynamically (other files by name, Node built-ins as `node:…`) and which
source modules it holds (paths relative to `root`, as esbuild names them).

@param {{root: string, version: string, emptyModule: string, outdir: string, write: boolean}} options
@returns {Promise<BundledFile[]>}
*/
export async function bundleCli({root, version, emptyModule, outdir, write}) {
	const split = await build({...cliBuildOptions({version, emptyModule, outdir}), absWorkingDir: root, metafile: true, write: false});
	const code = new Map(split.outputFiles.map(file => [file.path, file.text]));
	/** esbuild's chunks by absolute path, with their imports and their source modules. */
	const chunks = new Map(
		Object.entries(split.metafile.outputs).map(([name, output]) => [
			path.resolve(root, name),
			{
				entryPoint: output.entryPoint,
				sources: Object.keys(output.inputs),
				imports: output.imports.filter(imported => !imported.external).map(imported => ({path: path.resolve(root, imported.path), dynamic: imported.kind === 'dynamic-import'})),
			},
		]),
	);
	const cli = chunkOf(chunks, 'source/cli.ts');
	const groups = firstScreenGroups(chunks, cli);

	const bundle = await rollup({
		input: cli,
		external: id => id.startsWith('node:') || builtinModules.includes(id) || id === '@napi-rs/keyring',
		plugins: [
			{
				name: 'esbuild-chunks',
				resolveId(id, importer) {
					if (code.has(id)) {
						return id;
					}

					return importer && id.startsWith('.') ? path.resolve(path.dirname(importer), id) : null;
				},
				load(id) {
					return code.get(id) ?? null;
				},
			},
		],
		// esbuild has already removed what is unused; rollup only moves whole chunks.
		treeshake: false,
		onwarn(warning, warn) {
			// esbuild's chunks import each other in cycles wherever the sources do; that is fine for ES modules.
			if (warning.code !== 'CIRCULAR_DEPENDENCY') {
				warn(warning);
			}
		},
	});
	const outputOptions = {
		dir: outdir,
		format: 'es',
		entryFileNames: '[name].js',
		// esbuild's names end in its own hash; rollup adds one for the new content.
		chunkFileNames: chunk => `chunks/${chunk.name.replace(/-[A-Z\d]{8}$/, '')}-[hash].js`,
		manualChunks: id => groups.get(id),
		compact: true,
	};
	const {output} = write ? await bundle.write(outputOptions) : await bundle.generate(outputOptions);
	await bundle.close();

	return output.map(file => {
		if (file.type !== 'chunk') {
			throw new Error(`Unexpected asset in the bundle: ${file.fileName}`);
		}

		return {
			fileName: file.fileName,
			code: file.code,
			imports: file.imports,
			dynamicImports: file.dynamicImports,
			sources: Object.keys(file.modules).flatMap(id => chunks.get(id)?.sources ?? []),
		};
	});
}

/**
Which of esbuild's chunks go to `common` and which to `first` (see the top of this file): every
chunk the first screen loads (cli.js, the run lock and the wizard, with what they import
statically) goes to `first` if cli.js can reach it only through the wizard, to `common` otherwise.
*/
function firstScreenGroups(chunks, cli) {
	const wizard = chunkOf(chunks, 'source/wizard.tsx');
	const runLock = chunkOf(chunks, 'source/adapters/run-lock.ts');
	const firstScreen = reachable(chunks, [cli, wizard, runLock], {dynamic: false});
	const withoutWizard = reachable(chunks, [cli], {dynamic: true, avoid: wizard});
	const groups = new Map();
	for (const chunk of firstScreen) {
		if (chunk !== cli) {
			groups.set(chunk, withoutWizard.has(chunk) ? 'common' : 'first');
		}
	}

	return groups;
}

function reachable(chunks, starts, {dynamic, avoid}) {
	const seen = new Set();
	const visit = chunk => {
		if (seen.has(chunk) || chunk === avoid) {
			return;
		}

		seen.add(chunk);
		for (const imported of chunks.get(chunk)?.imports ?? []) {
			if (dynamic || !imported.dynamic) {
				visit(imported.path);
			}
		}
	};

	for (const start of starts) {
		visit(start);
	}

	return seen;
}

function chunkOf(chunks, source) {
	for (const [chunk, {entryPoint}] of chunks) {
		if (entryPoint === source) {
			return chunk;
		}
	}

	throw new Error(`esbuild made no chunk with ${source} as its entry point.`);
}
