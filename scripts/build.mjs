// Bundles the app into dist/ so it starts fast (one file read instead of hundreds of modules).
// The native keychain binding stays external: it is a per-platform binary package.
import {readFile, rm, mkdir, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {inkPatchesPlugin} from './ink-patches.mjs';

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

await build({
	...shared,
	// Ink's Ctrl+F1 crash fix and its per-frame allocations (see scripts/ink-patches.mjs).
	plugins: [inkPatchesPlugin()],
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
