import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
`claude-setup --version` is answered by the bin shim itself and should cost no more than starting
Node (the bench's budget is 1.2 × `node -e 0`). The shim never loads the app for it, and writes the
version straight to the file descriptor: the first use of process.stdout builds a stream, a socket
when stdout is a pipe (Node's `net` module and its dependencies), about 5 ms on the bench's machine.
A module preloaded with `--require` reports which of Node's own modules were loaded when it exits.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const {version} = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {version: string};

let directory: string;
let reporter: string;

beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'claude-setup-bin-shim-'));
	reporter = path.join(directory, 'report-modules.cjs');
	await writeFile(reporter, "process.on('exit', () => { require('fs').writeSync(2, JSON.stringify(process.moduleLoadList)); });\n");
});

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

async function runVersion(flag: string) {
	const result = await execa(process.execPath, ['--require', reporter, binPath, flag], {cwd: directory, reject: false, stdin: 'ignore'});
	return {exitCode: result.exitCode, stdout: result.stdout, modules: JSON.parse(result.stderr) as string[]};
}

describe('claude-setup --version', () => {
	it('prints the version to a pipe without loading the app or building a stdout stream', async () => {
		for (const flag of ['--version', '-v']) {
			const {exitCode, stdout, modules} = await runVersion(flag);
			expect({flag, exitCode, stdout}).toEqual({flag, exitCode: 0, stdout: version});
			// The report is read at all: the shim itself loaded the file system module.
			expect(modules).toContain('NativeModule fs');
			expect(modules.filter(name => name === 'NativeModule net' || name === 'NativeModule tty' || name.startsWith('NativeModule internal/modules/esm/translators'))).toEqual([]);
		}
	});
});
