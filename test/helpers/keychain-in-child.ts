import {execFile} from 'node:child_process';
import {createRequire} from 'node:module';
import {mkdtemp} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One keychain call as the child saw it: what it said, and how long it took to say it. */
export type TimedCall = {ok: boolean; message: string; elapsedMs: number};

export type KeychainFaultReport = {probe: TimedCall; set: TimedCall; get: TimedCall; remove: TimedCall};

/**
Builds a small program that runs the real secret store (`createSecretStore` with the real binding,
loaded by absolute URL) against whatever keychain its environment leads to: probe, then a set, a
get and a remove of a throw-away entry, each timed inside the child.
*/
export async function buildKeychainFaultScript(workDirectory: string): Promise<string> {
	const folder = await mkdtemp(path.join(workDirectory, 'keychain-child-'));
	const outfile = path.join(folder, 'keychain-faults.mjs');
	const keyringUrl = pathToFileURL(createRequire(import.meta.url).resolve('@napi-rs/keyring')).href;
	await build({
		stdin: {
			contents: [
				"import {createSecretStore} from './source/adapters/keychain.ts';",
				"import {resolvePaths} from './source/adapters/paths.ts';",
				'const store = createSecretStore(resolvePaths());',
				"const ref = {service: 'claude-setup-test', account: `fault-${process.pid}`};",
				'const timed = async run => {',
				'\tconst started = Date.now();',
				'\ttry {',
				'\t\tconst value = await run();',
				"\t\treturn {ok: value?.ok !== false, message: value && typeof value === 'object' ? [value.reason, value.fix].filter(Boolean).join(' ') : '', elapsedMs: Date.now() - started};",
				'\t} catch (error) {',
				'\t\treturn {ok: false, message: error.message, elapsedMs: Date.now() - started};',
				'\t}',
				'};',
				'const probe = await timed(async () => store.probe());',
				"const set = await timed(async () => store.set(ref, 'not-a-real-secret-value', 'keychain'));",
				"const get = await timed(async () => store.get(ref, 'keychain'));",
				"const remove = await timed(async () => store.remove(ref, 'keychain'));",
				'process.stdout.write(JSON.stringify({probe, set, get, remove}));',
				// A call the binding could not abort may still hold the process: it has said what it had to.
				'process.exit(0);',
			].join('\n'),
			resolveDir: projectRoot,
			sourcefile: 'keychain-faults.ts',
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'silent',
		plugins: [
			{
				name: 'keyring-by-absolute-url',
				setup(builder) {
					builder.onResolve({filter: /^@napi-rs\/keyring$/}, () => ({path: keyringUrl, external: true}));
				},
			},
		],
	});
	return outfile;
}

/** Runs `file args` with exactly `env`, and the whole run's wall time. */
export async function runForReport(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{report: KeychainFaultReport; elapsedMs: number; stderr: string}> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		execFile(file, args, {env, timeout: timeoutMs, killSignal: 'SIGKILL'}, (error, stdout, stderr) => {
			if (error && !stdout) {
				reject(new Error(`${file} failed: ${error.message}\n${stderr}`));
				return;
			}

			resolve({report: JSON.parse(stdout) as KeychainFaultReport, elapsedMs: Date.now() - started, stderr});
		});
	});
}
