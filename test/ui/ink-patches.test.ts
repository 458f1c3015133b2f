import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build, type Plugin} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
The bundle patches Ink and its ANSI tokenizer (scripts/ink-patches.mjs) so frames cost less memory,
and Yoga's loader so it starts without Node's HTTP client. They must not change a single byte of
what Ink draws: the same trees are rendered by an Ink bundled with the patches and by one bundled
without, and the strings must be equal.
*/

type Element = unknown;
type Kit = {
	h: (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => Element;
	Box: unknown;
	Text: unknown;
};
type Bundle = Kit & {
	renderToString: (node: Element, options?: {columns?: number}) => string;
	styledLine: (line: string) => string;
};

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const {inkPatchesPlugin} = (await import(pathToFileURL(path.join(root, 'scripts', 'ink-patches.mjs')).href)) as {inkPatchesPlugin: () => Plugin};

let directory: string;
let patched: Bundle;
let original: Bundle;

beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-ink-patches-'));
	const entry = path.join(directory, 'entry.mjs');
	const empty = path.join(directory, 'empty.js');
	await writeFile(empty, 'export default undefined;\n');
	await writeFile(
		entry,
		`import {createElement} from 'react';
import {Box, Text, renderToString} from 'ink';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
export const h = createElement;
export {Box, Text, renderToString};
export const styledLine = line => styledCharsToString(styledCharsFromTokens(tokenize(line)));
`,
	);
	const bundle = async (name: string, plugins: Plugin[]): Promise<Bundle> => {
		const outfile = path.join(directory, name);
		// As scripts/build.mjs bundles the CLI; the entry resolves packages from this checkout.
		await build({
			entryPoints: [entry],
			outfile,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			mainFields: ['module', 'main'],
			logLevel: 'warning',
			nodePaths: [path.join(root, 'node_modules')],
			define: {'process.env.NODE_ENV': '"production"'},
			alias: {'react-devtools-core': empty, ws: empty},
			banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
			plugins,
		});
		return (await import(pathToFileURL(outfile).href)) as Bundle;
	};

	// Colours on, or Ink's chalk (not writing to a terminal here) would drop every style the patches handle.
	const forceColor = process.env['FORCE_COLOR'];
	process.env['FORCE_COLOR'] = '3';
	try {
		[patched, original] = await Promise.all([bundle('patched.mjs', [inkPatchesPlugin()]), bundle('original.mjs', [])]);
	} finally {
		if (forceColor === undefined) {
			delete process.env['FORCE_COLOR'];
		} else {
			process.env['FORCE_COLOR'] = forceColor;
		}
	}

}, 60_000);

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

const esc = '\u001B';
const sgr = (codes: string) => `${esc}[${codes}m`;

/** Trees that cover what the wizard draws and more: colours, nested styles, wide characters, wrapping, borders, clipping. */
const trees: Record<string, (kit: Kit) => Element> = {
	'a select list like the wizard': ({h, Box, Text}) =>
		h(
			Box,
			{flexDirection: 'column'},
			h(Text, {color: 'green'}, '✔ ', h(Text, {color: undefined}, 'Install: Claude Code 2.1.0')),
			h(Text, {bold: true}, 'claude-setup · Step 2 of 7 · Sign in'),
			h(
				Box,
				{flexDirection: 'column', marginTop: 1},
				h(Text, null, 'Where were you invited?'),
				h(Text, {color: 'cyan'}, '❯ ', 'Claude Console: open platform.claude.com', h(Text, {dimColor: true}, ' (recommended)')),
				h(Box, {paddingLeft: 4}, h(Text, {dimColor: true}, 'An API key, billed per token.')),
				h(Text, null, '  ', 'I have already accepted my invite'),
			),
			h(Box, {marginTop: 1}, h(Text, {dimColor: true}, '↑↓ move · Enter choose · Esc back')),
		),
	'every text style, alone and nested': ({h, Box, Text}) =>
		h(
			Box,
			{flexDirection: 'column'},
			h(Text, {bold: true, dimColor: true}, 'bold and dim ', h(Text, {bold: false}, 'dim only'), ' both again'),
			h(Text, {italic: true, underline: true}, 'italic underline ', h(Text, {strikethrough: true, inverse: true}, 'struck inverse')),
			h(Text, {color: 'red', backgroundColor: 'blue'}, 'red on blue ', h(Text, {color: '#ff8800'}, 'orange on blue'), ' red again'),
			h(Text, {color: 'ansi256(123)', backgroundColor: 'rgb(10, 20, 30)'}, 'ansi256 on rgb'),
			h(Text, null, `raw ${sgr('31')}red${sgr('39')} ${sgr('1;4')}bold underline${sgr('22;24')} ${sgr('38;5;200')}256${sgr('0')} plain ${sgr('1')}${sgr('2')}both intensities${sgr('22')}`),
			h(Text, null, `${esc}]8;;https://example.com${esc}\\a link${esc}]8;;${esc}\\ after`),
		),
	'wide characters, emoji and combining marks': ({h, Box, Text}) =>
		h(
			Box,
			{flexDirection: 'column'},
			h(Text, {color: 'yellow'}, '日本語のテキスト and ASCII'),
			h(Text, null, 'emoji 👍🏽 flag 🇫🇷 family 👨‍👩‍👧 end'),
			h(Text, {backgroundColor: 'green'}, 'e\u0301 combining, 한국어, ｆｕｌｌｗｉｄｔｈ'),
		),
	'wrapping and truncation in narrow boxes': ({h, Box, Text}) =>
		h(
			Box,
			{flexDirection: 'row'},
			h(Box, {width: 17}, h(Text, {color: 'magenta'}, 'a long sentence that wraps over several lines, ', h(Text, {bold: true}, 'bold in the middle'), ' and then plain')),
			h(Box, {width: 12}, h(Text, {wrap: 'truncate-end', color: 'cyan'}, 'truncated at the end of a line')),
			h(Box, {width: 12}, h(Text, {wrap: 'truncate-middle'}, '日本語 truncated in the middle')),
		),
	'borders, padding and clipping': ({h, Box, Text}) =>
		h(
			Box,
			{flexDirection: 'column'},
			h(Box, {borderStyle: 'round', borderColor: 'cyan', paddingX: 2}, h(Text, {color: 'green'}, 'inside a border')),
			h(Box, {width: 10, height: 2, overflow: 'hidden', flexDirection: 'column'}, h(Text, {color: 'red'}, 'clipped on the right side of the box'), h(Text, null, 'second'), h(Text, null, 'third is cut')),
			h(Box, {marginLeft: -3, width: 20, overflowX: 'hidden'}, h(Text, {color: 'blue'}, '日本語 shifted left 👍🏽')),
		),
};

/** Loads a bundle in a fresh Node whose `fetch` only counts its calls, draws a box, and reports. */
async function loadInFreshNode(bundle: string): Promise<{fetchCalls: number; loadedUndici: boolean; drawn: string}> {
	const script = `
let fetchCalls = 0;
globalThis.fetch = async () => { fetchCalls++; throw new Error('no fetch here'); };
const {h, Box, Text, renderToString} = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const drawn = renderToString(h(Box, {borderStyle: 'single', width: 12}, h(Text, null, 'laid out')));
const loadedUndici = process.moduleLoadList.some(name => name.includes('undici'));
process.stdout.write(JSON.stringify({fetchCalls, loadedUndici, drawn}));
`;
	const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'});
	return JSON.parse(stdout) as {fetchCalls: number; loadedUndici: boolean; drawn: string};
}

describe('Yoga starts without fetch', () => {
	it('the patched bundle decodes its WebAssembly without calling fetch or loading undici, and lays out the same', async () => {
		const [withPatch, withoutPatch] = await Promise.all([loadInFreshNode(path.join(directory, 'patched.mjs')), loadInFreshNode(path.join(directory, 'original.mjs'))]);
		// As published, Yoga's loader asks fetch for its data: URL (the cost the patch removes).
		expect(withoutPatch.fetchCalls).toBe(1);
		expect(withPatch).toEqual({fetchCalls: 0, loadedUndici: false, drawn: withoutPatch.drawn});
		expect(withPatch.drawn).toContain('laid out');
	});
});

describe('the patched Ink draws exactly what Ink draws', () => {
	for (const [name, tree] of Object.entries(trees)) {
		it(name, () => {
			for (const columns of [100, 40, 13]) {
				const expected = original.renderToString(tree(original), {columns});
				expect(expected.length).toBeGreaterThan(0);
				// Twice: the second frame is drawn from the caches the first one filled.
				expect(patched.renderToString(tree(patched), {columns})).toBe(expected);
				expect(patched.renderToString(tree(patched), {columns})).toBe(expected);
			}
		});
	}

	it('after its shared caches have been emptied for growing too large', () => {
		const tree = (kit: Kit, index: number) => kit.h(kit.Box, {flexDirection: 'column'}, kit.h(kit.Text, {color: index % 2 === 0 ? 'cyan' : undefined}, `line ${index} ❯ 日本`), kit.h(kit.Text, {dimColor: true}, `hint ${index * 7}`));
		for (let index = 0; index < 3000; index++) {
			const expected = original.renderToString(tree(original, index), {columns: 30});
			expect(patched.renderToString(tree(patched, index), {columns: 30})).toBe(expected);
		}
	});

	it('turns random styled lines back into the same strings', () => {
		// A fixed seed: the same lines every run.
		let seed = 7;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};

		const codes = ['0', '1', '2', '3', '4', '7', '9', '22', '23', '24', '27', '29', '31', '32', '39', '41', '49', '90', '38;5;214', '48;2;1;2;3', '1;31', '22;39'];
		const texts = ['a', 'bc', ' ', '  ', '日', '👍🏽', '❯', 'é', 'xyz '];
		for (let line = 0; line < 2000; line++) {
			let text = '';
			for (let part = random(12); part >= 0; part--) {
				text += random(3) === 0 ? sgr(codes[random(codes.length)]!) : texts[random(texts.length)]!;
			}

			expect(patched.styledLine(text)).toBe(original.styledLine(text));
		}
	});
});
