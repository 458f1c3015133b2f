import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
The wizard's first screen waits for every module it loads: each kilobyte of code costs start-up time
to read and compile, whether it runs or not, and so does each file (docs/bench.md). So the first
screen loads only what it draws and what detecting the current setup needs, in three files; the
later steps' code and adapters, the help text, the keychain and Node's crypto and network modules
load after it, on first use or as soon as the screen is up. This bundles the program as the build
does (scripts/bundle-cli.mjs) and walks what the wizard loads before its first frame: the CLI, the
run lock and the wizard, with every file they import statically.
*/

type BundledFile = {fileName: string; code: string; imports: string[]; dynamicImports: string[]; sources: string[]};

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const {bundleCli} = (await import(pathToFileURL(path.join(root, 'scripts', 'bundle-cli.mjs')).href)) as {
	bundleCli: (options: {root: string; version: string; emptyModule: string; outdir: string; write: boolean}) => Promise<BundledFile[]>;
};

let directory: string;
let files: Map<string, BundledFile>;

beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-first-screen-'));
	const emptyModule = path.join(directory, 'empty.js');
	await writeFile(emptyModule, 'export default undefined;\n');
	const bundled = await bundleCli({root, version: '0.0.0', emptyModule, outdir: path.join(directory, 'dist'), write: false});
	files = new Map(bundled.map(file => [file.fileName, file]));
}, 60_000);

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

/** The file that holds the module `source` (a path relative to the checkout). */
function fileOf(source: string): string {
	const found = [...files.values()].find(file => file.sources.includes(source));
	if (!found) {
		throw new Error(`No bundled file holds ${source}.`);
	}

	return found.fileName;
}

/** The files loaded with `entries`: themselves and every file they import statically, transitively. */
function loadedWith(entries: string[]): Set<string> {
	const loaded = new Set<string>();
	const visit = (fileName: string) => {
		if (loaded.has(fileName)) {
			return;
		}

		loaded.add(fileName);
		for (const imported of files.get(fileName)?.imports ?? []) {
			if (files.has(imported)) {
				visit(imported);
			}
		}
	};

	for (const entry of entries) {
		visit(entry);
	}

	return loaded;
}

function sourcesOf(loaded: Set<string>): Set<string> {
	return new Set([...loaded].flatMap(fileName => files.get(fileName)!.sources));
}

function firstScreen() {
	const loaded = loadedWith(['cli.js', fileOf('source/adapters/run-lock.ts'), fileOf('source/wizard.tsx')]);
	const builtins = new Set(
		[...loaded]
			.flatMap(fileName => files.get(fileName)!.imports)
			.filter(imported => !files.has(imported))
			.map(imported => (imported.startsWith('node:') || !builtinModules.includes(imported) ? imported : `node:${imported}`)),
	);
	const bytes = [...loaded].reduce((sum, fileName) => sum + Buffer.byteLength(files.get(fileName)!.code), 0);
	return {loaded, sources: sourcesOf(loaded), builtins, bytes};
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

	it('is three files: the CLI, what it shares with the other commands, and what only the wizard loads', () => {
		const {loaded} = firstScreen();
		expect([...loaded].map(fileName => fileName.replace(/-[\w-]{8}\.js$/, '.js')).sort()).toEqual(['chunks/common.js', 'chunks/first.js', 'cli.js']);
	});
});

describe('what the other commands load', () => {
	it('is never Ink: only the wizard loads it (it reads the CI variables, which cli.ts hides from it, when it loads)', () => {
		for (const command of ['status', 'doctor', 'logout', 'undo', 'scripted-setup']) {
			const sources = sourcesOf(loadedWith(['cli.js', fileOf(`source/commands/${command}.ts`)]));
			expect({command, ink: [...sources].filter(source => source.includes('node_modules/ink/') || source.includes('node_modules/react/'))}).toEqual({command, ink: []});
		}

		const help = sourcesOf(loadedWith(['cli.js', fileOf('source/ui/help.ts')]));
		expect([...help].filter(source => source.includes('node_modules/ink/'))).toEqual([]);
	});
});
