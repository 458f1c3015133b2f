// Bundle-time patches to Ink 6.8, its ANSI tokenizer and Yoga's loader, shared (through
// scripts/build-options.mjs) by scripts/build.mjs and the bench's Ink floor, so the floor is the same
// Ink the wizard ships with.
//
// Each patch replaces an exact piece of the dependency's published code; if that code is not found
// (a new version moved it), the build fails instead of shipping an unpatched or half-patched Ink.
import {readFile} from 'node:fs/promises';

/**
@typedef {{file: RegExp, description: string, replacements: Array<[string, string]>}} Patch
*/

/**
Ink 6.8 crashes (TypeError in useInput) on a Ctrl-modified escape sequence it does not name, such as
Ctrl+F1 (ESC[1;5P): it takes the key's undefined name as the input. Fixed upstream only in Ink 7
(vadimdemedes/ink#902), which needs Node 22; until then the bundle gets the same one-line fix.
@type {Patch}
*/
const unnamedKeyFix = {
	file: /ink[\\/]build[\\/]hooks[\\/]use-input\.js$/,
	description: 'ink-unnamed-key-fix',
	replacements: [['input = keypress.name;', "input = keypress.name ?? '';"]],
};

/**
Every frame, Ink turns each line of its cell grid (terminal width × frame height, blank cells
included) back into a string with `styledCharsToString`, which computes the style difference between
every two neighbouring cells with three Sets and half a dozen arrays, even when both cells have the
same style (almost always: runs of plain text and the blank padding). That was about two thirds of
the 2.8 MB the wizard allocated per key press (100 columns), and that garbage is what grew V8's young
generation (and the process's peak memory) while keys were pressed.

Neighbours with the same styles need no codes at all: `diffAnsiCodes(a, b)` is empty when `a` and
`b` hold the same codes, and so is the final reset of an unstyled cell. The patched function skips
exactly those calls and returns the same string.
@type {Patch}
*/
const styledCharsToStringFastPath = {
	file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
	description: 'ansi-tokenize-same-style-fast-path',
	replacements: [
		[
			`        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }`,
			`        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else if (!__sameStyles(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1 && char.styles.length > 0) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }`,
		],
		[
			'export function styledCharsToString(chars) {',
			`// Patched by claude-setup (scripts/ink-patches.mjs): the same codes in the same order need no diff.
function __sameStyles(a, b) {
    if (a === b) {
        return true;
    }
    if (a.length !== b.length) {
        return false;
    }
    for (let index = 0; index < a.length; index++) {
        if (a[index].code !== b[index].code || a[index].endCode !== b[index].endCode) {
            return false;
        }
    }
    return true;
}
export function styledCharsToString(chars) {`,
		],
	],
};

/**
Ink's Output fills its grid with a new blank-cell object (and a new empty styles array) for every
cell of every frame, and then tokenises, styles and measures each written line again, in caches
that live for one frame only. Cells are never modified once made (a write replaces them), so one
shared, frozen blank cell does; and the caches can outlive the frame, since a line that did not
change (nearly all of them between two key presses) tokenises the same. The shared caches are
emptied when they grow past a few thousand entries, so a long session cannot grow them without bound.
@type {Patch}
*/
const outputReuse = {
	file: /ink[\\/]build[\\/]output\.js$/,
	description: 'ink-output-reuse',
	replacements: [
		[
			`        if (cached === undefined) {
`,
			`        if (cached === undefined) {
            this.__bound();
`,
		],
		[
			`    styledChars = new Map();
`,
			`    styledChars = new Map();
    // Patched by claude-setup (scripts/ink-patches.mjs): the caches are shared between frames; keep them bounded.
    __bound() {
        if (this.styledChars.size + this.widths.size + this.blockWidths.size >= 5000) {
            this.styledChars.clear();
            this.widths.clear();
            this.blockWidths.clear();
        }
    }
`,
		],
		['    caches = new OutputCaches();', '    caches = __sharedCaches;'],
		[
			'export default class Output {',
			`// Patched by claude-setup (scripts/ink-patches.mjs): one set of caches and one blank cell for every frame.
const __sharedCaches = new OutputCaches();
const __blankCell = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
export default class Output {`,
		],
		[
			`                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
			'                row.push(__blankCell);',
		],
	],
};

/**
Ink measures the widest line of every text node again on every frame (`widest-line`, a grapheme
segmenter over the whole text), although its layout has already measured the same text into a cache
(`measure-text.js`, whose width is that same `widestLine(text)`). The patch asks that cache.
@type {Patch}
*/
const cachedTextWidth = {
	file: /ink[\\/]build[\\/]render-node-to-output\.js$/,
	description: 'ink-cached-text-width',
	replacements: [
		['                const currentWidth = widestLine(text);', '                const currentWidth = measureText(text).width;'],
		["import widestLine from 'widest-line';", "import widestLine from 'widest-line';\n// Patched by claude-setup (scripts/ink-patches.mjs): text widths from the layout's cache.\nimport measureText from './measure-text.js';"],
	],
};

/**
Yoga (Ink's layout engine) is WebAssembly shipped as a base64 data: URL, and its Emscripten loader
decodes it with `fetch()` whenever `fetch` exists. In Node that first call loads undici, Node's whole
HTTP client (about 30 ms of a 2-core machine's start-up, before the first frame, and a few MB of
garbage), only to decode a string. The patch decodes the same bytes with `Buffer.from(…, 'base64')`
and never calls `fetch`.
@type {Patch}
*/
const yogaWasmWithoutFetch = {
	file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
	description: 'yoga-wasm-without-fetch',
	replacements: [
		[
			`function ya(){return w||"function"!=typeof fetch?Promise.resolve().then(function(){return wa()}):fetch(H,{credentials:"same-origin"}).then(function(a){if(!a.ok)throw"failed to load wasm binary file at '"+H+"'";return a.arrayBuffer()}).catch(function(){return wa()})}`,
			'function ya(){return Promise.resolve().then(function(){return wa()})}',
		],
		['var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c', 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))'],
	],
};

export const inkPatches = [unnamedKeyFix, styledCharsToStringFastPath, outputReuse, cachedTextWidth, yogaWasmWithoutFetch];

/** An esbuild plugin that applies `patches` (default: all of the above) and fails the build if one no longer applies. */
export function inkPatchesPlugin(patches = inkPatches) {
	return {
		name: 'ink-patches',
		setup(esbuild) {
			const applied = new Set();
			for (const patch of patches) {
				esbuild.onLoad({filter: patch.file}, async args => {
					let text = await readFile(args.path, 'utf8');
					for (const [from, to] of patch.replacements) {
						if (!text.includes(from)) {
							throw new Error(`${patch.description}: the code it patches was not found in ${args.path}; check whether the patch is still needed (scripts/ink-patches.mjs).`);
						}

						text = text.replaceAll(from, to);
					}

					applied.add(patch);
					return {contents: text, loader: 'js'};
				});
			}

			esbuild.onEnd(result => {
				if (result.errors.length > 0) {
					return;
				}

				const missing = patches.filter(patch => !applied.has(patch));
				if (missing.length > 0) {
					return {errors: missing.map(patch => ({text: `${patch.description}: no bundled file matched ${patch.file}; check whether the patch is still needed (scripts/ink-patches.mjs).`}))};
				}
			});
		},
	};
}
