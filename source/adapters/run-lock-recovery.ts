import {readdir, readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {awsConfigPaths} from '../core/auth/aws-config.js';
import type {SecretBackend} from '../core/ports.js';
import {removeDanglingSecrets} from '../core/wizard/commit-change.js';
import {resolvePaths} from './paths.js';
import {createRealPorts} from './real-ports.js';
import type {Interrupted, TakeRunLockOptions} from './run-lock.js';
import {createSettingsStore, manifestName} from './settings-file.js';

/*
The clean-up after a run that was killed or interrupted half-way through a commit (see run-lock.ts).
It is rare, so it is a module of its own, loaded by takeRunLock only when there is something to clean
up: a run that takes a free lock never loads it.
*/

/**
What an interrupted run can leave, and only that: temp files named with its pid next to the files
claude-setup writes (a secrets temp file holds a key), and secrets it stored before any setting,
shell function or AWS profile pointed at them. Never throws; `isDone` is false when something could not be looked at (a settings
file that cannot be read), and then the next run tries again.
*/
export async function cleanUpAfterInterruptedRuns(options: Omit<TakeRunLockOptions, 'command'>, interrupted: readonly Interrupted[]): Promise<{lines: string[]; isDone: boolean}> {
	const paths = resolvePaths(options.env, options.cwd);
	try {
		const originals = await recordedSettingsFiles(paths.backupsDir);
		const pids = interrupted.flatMap(each => (each.owner ? [each.owner.pid] : []));
		const folders = new Set([
			paths.claudeConfigDir,
			paths.setupDir,
			paths.backupsDir,
			paths.helperDir,
			paths.home,
			path.dirname(paths.projectSettings),
			...(options.env['ZDOTDIR'] ? [path.resolve(options.env['ZDOTDIR'])] : []),
			path.dirname(awsConfigPaths(options.env, paths.home).config),
			...originals.map(file => path.dirname(file)),
		]);
		await removeTemporaryFiles([...folders], pids);
		const {ports} = createRealPorts({env: options.env, cwd: options.cwd, helperScriptPath: options.helperScriptPath});
		// Settings claude-setup wrote in other folders (another project's local settings) may use a
		// secret too; each is read the way `undo` reads it. One that cannot be read stops the clean-up.
		const visible = new Set([paths.userSettings, paths.projectSettings, paths.localSettings]);
		const otherSettings = await Promise.all(
			originals
				.filter(file => !visible.has(file))
				.map(async file => {
					const snapshot = await createSettingsStore({...paths, userSettings: file}).read('user');
					return snapshot.problem ? undefined : (snapshot.data ?? {});
				}),
		);
		const backends: SecretBackend[] = ['file'];
		if ((await ports.secrets.probe()).ok) {
			backends.push('keychain');
		}

		const removed = await removeDanglingSecrets(ports, backends, otherSettings);
		if (removed === undefined || removed.length === 0) {
			return {lines: [], isDone: removed !== undefined};
		}

		const what = removed.map(each => `the ${each.label} (${each.backend === 'file' ? 'secrets file' : 'keychain'})`).join(', ');
		return {lines: [`claude-setup: an earlier run was interrupted after storing a secret and before any setting used it; removed ${what}.`], isDone: true};
	} catch {
		return {lines: [], isDone: false};
	}
}

/** Every settings file named in the backup manifest (what `undo` reads), so other folders' files are known. */
async function recordedSettingsFiles(backupsDir: string): Promise<string[]> {
	const text = await readFile(path.join(backupsDir, manifestName), 'utf8').catch(() => '');
	const files = new Set<string>();
	for (const line of text.split('\n')) {
		try {
			const record = JSON.parse(line) as {original?: unknown; scope?: unknown};
			if (typeof record.original === 'string' && ['user', 'project', 'local'].includes(String(record.scope))) {
				files.add(record.original);
			}
		} catch {}
	}

	return [...files];
}

/** The temp files claude-setup's atomic writes make (`.<name>.<pid>.<hex>.tmp`, `.<name>.claude-setup-<pid>-<time>.tmp`) for these pids. */
async function removeTemporaryFiles(folders: readonly string[], pids: readonly number[]): Promise<void> {
	if (pids.length === 0) {
		return;
	}

	const alternatives = pids.join('|');
	const pattern = new RegExp(String.raw`^\..+(?:\.(?:${alternatives})\.[\da-f]+|\.claude-setup-(?:${alternatives})-\d+)\.tmp$`);
	await Promise.all(
		folders.map(async folder => {
			const names = await readdir(folder).catch(() => [] as string[]);
			await Promise.all(names.filter(name => pattern.test(name)).map(async name => rm(path.join(folder, name), {force: true})));
		}),
	);
}
