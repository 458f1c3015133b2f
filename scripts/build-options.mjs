// The esbuild options of the shipped bundle, in one place: scripts/build.mjs builds with them, the
// bench bundles its Ink floor with them (so the floor is built exactly as the wizard is), and a test
// builds with them to check what the wizard's first screen loads.
import {inkPatchesPlugin} from './ink-patches.mjs';

// Some bundled CommonJS dependencies call require() for Node built-ins; ES module output has no require.
const requireBanner = "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);";

/**
What every bundle of ours shares: ES modules for Node 20, production React, minified (smaller is
faster to read and parse at start-up; the wizard chunk halves).
@param {{version: string}} options
*/
export function nodeBundleOptions({version}) {
	return {
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		legalComments: 'none',
		minify: true,
		// Prefer ES modules: jsonc-parser's CommonJS entry is a UMD wrapper whose require() calls a bundle cannot follow.
		mainFields: ['module', 'main'],
		logLevel: 'warning',
		define: {
			'process.env.NODE_ENV': '"production"',
			__CLAUDE_SETUP_VERSION__: JSON.stringify(version),
		},
	};
}

/**
An app that uses Ink: the patches to Ink and Yoga (scripts/ink-patches.mjs), Ink's development-only
modules replaced by `emptyModule`, and the require() banner.
@param {{version: string, emptyModule: string}} options
*/
export function inkAppOptions({version, emptyModule}) {
	return {
		...nodeBundleOptions({version}),
		// Ink's Ctrl+F1 crash fix, its per-frame allocations, and Yoga without fetch (see scripts/ink-patches.mjs).
		plugins: [inkPatchesPlugin()],
		// Only Ink's development tooling uses these; they never load in production.
		alias: {'react-devtools-core': emptyModule, ws: emptyModule},
		banner: {js: requireBanner},
	};
}

/**
The command-line program: source/cli.ts and every module it imports when needed, split into chunks
(a command loads only what it runs). The native keychain binding stays external: it is a
per-platform binary package.
@param {{version: string, emptyModule: string, outdir: string}} options
*/
export function cliBuildOptions({version, emptyModule, outdir}) {
	return {
		...inkAppOptions({version, emptyModule}),
		entryPoints: {cli: 'source/cli.ts'},
		outdir,
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		external: ['@napi-rs/keyring'],
	};
}

/**
The key helper is copied out of the package into the user's Claude config folder, so it must stand
alone: no chunks, no dependencies, only Node built-ins. CommonJS, because Node refuses to start an ES
module from a path with a backslash in it (a config folder may have one).
@param {{version: string, outfile: string}} options
*/
export function helperBuildOptions({version, outfile}) {
	return {
		...nodeBundleOptions({version}),
		format: 'cjs',
		entryPoints: ['source/helper/api-key-helper.ts'],
		outfile,
	};
}
