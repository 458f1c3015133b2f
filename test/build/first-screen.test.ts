import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build, type BuildOptions, type Metafile} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
The wizard's first screen waits for every module it loads: each kilobyte of code costs start-up time
to read and compile, whether it runs or not (docs/bench.md). So the first screen loads only what it
draws and what detecting the current setup needs; the later steps' code and adapters, the help text,
the keychain and Node's crypto and network modules load after it, on first use or as soon as the
screen is up. This builds the real bundle (scripts/build-options.mjs) and walks what the wizard
loads before its first frame: the CLI, the run lock, and the wizard chunk, with every chunk they
import statically.
*/

type Outputs = Metafile['outputs'];

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const {cliBuildOptions} = (await import(pathToFileURL(path.join(root, 'scripts', 'build-options.mjs')).href)) as {
	cliBuildOptions: (options: {version: string; emptyModule: string; outdir: string}) => BuildOptions;
};

let directory: string;
let outputs: Outputs;

beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-first-screen-'));
	const emptyModule = path.join(directory, 'empty.js');
	await writeFile(emptyModule, 'export default undefined;\n');
	const result = await build({...cliBuildOptions({version: '0.0.0', emptyModule, outdir: path.join(directory, 'dist')}), absWorkingDir: root, metafile: true, write: false, logLevel: 'silent'});
	outputs = result.metafile.outputs;
}, 60_000);

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

/** The output that `source` is the entry point of (the CLI, or a module some code imports dynamically). */
function outputOf(source: string): string {
	const found = Object.entries(outputs).find(([, output]) => output.entryPoint === source);
	if (!found) {
		throw new Error(`No output has ${source} as its entry point.`);
	}

	return found[0];
}

/** The outputs loaded with `entries`: themselves and every chunk they import statically, transitively. */
function loadedWith(entries: string[]): Set<string> {
	const loaded = new Set<string>();
	const visit = (output: string) => {
		if (loaded.has(output)) {
			return;
		}

		loaded.add(output);
		for (const imported of outputs[output]?.imports ?? []) {
			if (imported.kind === 'import-statement' && !imported.external) {
				visit(imported.path);
			}
		}
	};

	for (const entry of entries) {
		visit(entry);
	}

	return loaded;
}

function firstScreen() {
	const loaded = loadedWith([outputOf('source/cli.ts'), outputOf('source/adapters/run-lock.ts'), outputOf('source/wizard.tsx')]);
	const sources = new Set([...loaded].flatMap(output => Object.keys(outputs[output]!.inputs)));
	const builtins = new Set([...loaded].flatMap(output => outputs[output]!.imports.filter(imported => imported.external && imported.kind === 'import-statement').map(imported => imported.path)));
	const bytes = [...loaded].reduce((sum, output) => sum + outputs[output]!.bytes, 0);
	return {loaded, sources, builtins, bytes};
}

describe('what the wizard loads before its first screen', () => {
	it('has the first screen, the state machine, detection and Ink', () => {
		const {sources} = firstScreen();
		for (const needed of [
			'source/ui/screens/invite-screen.tsx',
			'source/ui/screens/current-screen.tsx',
			// A Ctrl-C on the first screen ends the wizard with this screen at once.
			'source/ui/screens/finished-screens.tsx',
			'source/core/wizard/transition.ts',
			'source/core/wizard/run-effect.ts',
			'source/adapters/settings-file.ts',
			'source/adapters/helper-installer.ts',
			'source/adapters/run-lock.ts',
		]) {
			expect(sources).toContain(needed);
		}

		expect([...sources].some(source => source.includes('node_modules/ink/'))).toBe(true);
	});

	it('has none of the later steps (their effects, adapters and screens), the help text, the keychain or the installer', () => {
		const {sources} = firstScreen();
		const later = [
			'source/core/wizard/later-effects.ts',
			'source/core/wizard/commit-change.ts',
			'source/core/wizard/plan-change.ts',
			'source/core/wizard/method-effects.ts',
			'source/core/wizard/verify-setup.ts',
			'source/core/requirements/evaluate.ts',
			'source/core/install/methods.ts',
			'source/adapters/later-ports.ts',
			'source/adapters/installer.ts',
			'source/adapters/network-probe.ts',
			'source/adapters/system-probe.ts',
			'source/adapters/http.ts',
			'source/adapters/keychain.ts',
			'source/adapters/aws.ts',
			'source/adapters/run-lock-recovery.ts',
			'source/ui/help.ts',
			'source/ui/later-steps.tsx',
			'source/ui/screens/review-screen.tsx',
			'source/ui/screens/form-screen.tsx',
			'source/ui/screens/requirements-screen.tsx',
		];
		expect(later.filter(source => sources.has(source))).toEqual([]);
		expect([...sources].filter(source => source.includes('node_modules/execa/') || source.includes('node_modules/diff/'))).toEqual([]);
	});

	it('imports none of the Node modules only later steps use (crypto, TLS, networking, v8)', () => {
		const {builtins} = firstScreen();
		const later = ['node:crypto', 'node:tls', 'node:net', 'node:https', 'node:http', 'node:dns', 'node:v8', 'node:readline'];
		expect(later.filter(name => builtins.has(name))).toEqual([]);
		// The test sees the imports at all: the first screen does use the file system.
		expect(builtins).toContain('node:fs');
	});

	it('stays under 560 kB, of which Ink, React and Yoga are about 380 kB', () => {
		expect(firstScreen().bytes).toBeLessThan(560_000);
	});
});
