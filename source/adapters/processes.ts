import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import type {ProcessResult, ProcessRunner} from '../core/ports.js';

/**
Child processes through execa: argument arrays only (no shell strings built from input), every run
bounded by a timeout, output captured rather than shown.
*/
export function createProcessRunner(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ProcessRunner {
	const run = async (file: string, args: readonly string[], timeoutMs: number, shell = false): Promise<ProcessResult> => {
		const result = await execa(file, args, {
			env,
			extendEnv: false,
			timeout: timeoutMs,
			reject: false,
			stdin: 'ignore',
			stripFinalNewline: false,
			shell,
			windowsHide: true,
		});
		const code = (result as {code?: string}).code;
		const notFound = code === 'ENOENT';
		return {
			exitCode: result.exitCode,
			stdout: String(result.stdout ?? ''),
			stderr: String(result.stderr ?? ''),
			timedOut: result.timedOut,
			notFound,
			failedToStart: result.failed && result.exitCode === undefined && !result.timedOut ? result.shortMessage : undefined,
		};
	};

	return {
		run: async (file, args, options) => run(file, args, options.timeoutMs),
		async runShellCommand(command, options) {
			// Claude Code runs apiKeyHelper through /bin/sh (cmd on Windows); verify it the same way.
			return platform === 'win32' ? run(command, [], options.timeoutMs, true) : run('/bin/sh', ['-c', command], options.timeoutMs);
		},
		which: async file => findOnPath(file, env, platform),
	};
}

export async function findOnPath(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
	const directories = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
	const extensions = platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
	for (const directory of directories) {
		for (const extension of extensions) {
			const candidate = path.join(directory, file + extension);
			try {
				// eslint-disable-next-line no-await-in-loop -- the first match on PATH wins, in order
				await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
				return candidate;
			} catch {}
		}
	}

	return undefined;
}
