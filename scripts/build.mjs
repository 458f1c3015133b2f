// Bundles the app into dist/ so it starts fast (one file read instead of hundreds of modules).
// The native keychain binding stays external: it is a per-platform binary package.
import {readFile, rm, mkdir, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm('dist', {recursive: true, force: true});
await mkdir('dist', {recursive: true});
// Ink imports react-devtools-core statically but only uses it in development.
await writeFile('dist/.empty.js', 'export default undefined;\n');

const shared = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	legalComments: 'none',
	// Smaller is faster to read and parse at start-up (the wizard chunk halves).
	minify: true,
	// Prefer ES modules: jsonc-parser's CommonJS entry is a UMD wrapper whose require() calls a bundle cannot follow.
	mainFields: ['module', 'main'],
	logLevel: 'warning',
	define: {
		'process.env.NODE_ENV': '"production"',
		__CLAUDE_SETUP_VERSION__: JSON.stringify(pkg.version),
	},
};

/**
Ink 6.8 crashes (TypeError in useInput) on a Ctrl-modified escape sequence it does not name, such as
Ctrl+F1 (ESC[1;5P): it takes the key's undefined name as the input. Fixed upstream only in Ink 7
(vadimdemedes/ink#902), which needs Node 22; until then the bundle gets the same one-line fix.
*/
const inkUnnamedKeyFix = {
	name: 'ink-unnamed-key-fix',
	setup(esbuild) {
		esbuild.onLoad({filter: /ink[\\/]build[\\/]hooks[\\/]use-input\.js$/}, async args => {
			const text = await readFile(args.path, 'utf8');
			const fixed = text.replaceAll('input = keypress.name;', "input = keypress.name ?? '';");
			if (fixed === text) {
				throw new Error('ink-unnamed-key-fix: the code it fixes was not found in ' + args.path + '; check whether Ink still needs it.');
			}

			return {contents: fixed, loader: 'js'};
		});
	},
};

await build({
	...shared,
	plugins: [inkUnnamedKeyFix],
	entryPoints: {cli: 'source/cli.ts'},
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	external: ['@napi-rs/keyring'],
	// Only Ink's development tooling uses these; they never load in production.
	alias: {'react-devtools-core': './dist/.empty.js', ws: './dist/.empty.js'},
	// Some bundled CommonJS dependencies call require() for Node built-ins.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
});

// The key helper is copied out of the package into the user's Claude config folder, so it must
// stand alone: no chunks, no dependencies, only Node built-ins. CommonJS, because Node refuses to
// start an ES module from a path with a backslash in it (a config folder may have one).
await build({
	...shared,
	format: 'cjs',
	entryPoints: ['source/helper/api-key-helper.ts'],
	outfile: 'dist/api-key-helper.cjs',
});
