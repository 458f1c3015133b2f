// Bundles the app into dist/ so it starts fast (a few file reads instead of hundreds of modules). The
// options are in scripts/build-options.mjs; the command-line program's two passes in scripts/bundle-cli.mjs.
import {readFile, rm, mkdir, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {helperBuildOptions} from './build-options.mjs';
import {bundleCli} from './bundle-cli.mjs';

const {version} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm('dist', {recursive: true, force: true});
await mkdir('dist', {recursive: true});
// Ink imports react-devtools-core statically but only uses it in development.
await writeFile('dist/.empty.js', 'export default undefined;\n');
await bundleCli({root: process.cwd(), version, emptyModule: './dist/.empty.js', outdir: 'dist', write: true});
await build(helperBuildOptions({version, outfile: 'dist/api-key-helper.cjs'}));
