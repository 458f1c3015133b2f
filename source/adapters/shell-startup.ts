import {chown, mkdir, readFile, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import type {ShellFile, ShellStartup} from '../core/ports.js';
import {pathFixTarget} from '../core/install/methods.js';
import {writeTarget} from './installer.js';
import {writeNewFile, writeNewFileWhole} from './write-new-file.js';

/** The start-up files of bash, zsh (in ZDOTDIR when set) and fish that Claude Code's shell may read. */
export function shellFilePaths(home: string, env: NodeJS.ProcessEnv): string[] {
	const zsh = env['ZDOTDIR']?.trim() || home;
	const config = env['XDG_CONFIG_HOME']?.trim() || path.join(home, '.config');
	return [
		path.join(home, '.bashrc'),
		path.join(home, '.bash_profile'),
		path.join(home, '.profile'),
		path.join(zsh, '.zshrc'),
		path.join(zsh, '.zprofile'),
		path.join(zsh, '.zshenv'),
		path.join(config, 'fish', 'config.fish'),
	];
}

export async function readShellFiles(files: readonly string[]): Promise<ShellFile[]> {
	const read = await Promise.all(
		files.map(async file => {
			// Only regular files of a sane size: a FIFO would block, and no start-up file is megabytes long.
			const info = await stat(file).catch(() => undefined);
			if (!info?.isFile() || info.size > 1024 * 1024) {
				return undefined;
			}

			const text = await readFile(file, 'utf8').catch(() => undefined);
			return text === undefined ? undefined : {path: file, text};
		}),
	);
	return read.filter((file): file is ShellFile => file !== undefined);
}

export function createShellStartup(options: {home: string; env: NodeJS.ProcessEnv; backupsDir: string; platform?: NodeJS.Platform; now?: () => Date}): ShellStartup {
	const platform = options.platform ?? process.platform;
	const now = options.now ?? (() => new Date());
	return {
		read: async () => readShellFiles(shellFilePaths(options.home, options.env)),
		async functionTarget() {
			const shell = path.basename(options.env['SHELL'] ?? '');
			if (shell !== 'bash' && shell !== 'zsh') {
				return undefined;
			}

			// zsh reads its start-up files from ZDOTDIR when that is set, so that is where the function must go.
			const zdotdir = options.env['ZDOTDIR']?.trim();
			const file = shell === 'zsh' && zdotdir ? path.join(zdotdir, '.zshrc') : pathFixTarget({shell: options.env['SHELL'], home: options.home, platform});
			if (!file) {
				return undefined;
			}

			const text = await readFile(file, 'utf8').catch(() => undefined);
			return {path: file, text: text ?? '', exists: text !== undefined, shell};
		},
		write: async (file, expectedText, nextText) => replaceWithBackup(file, expectedText, nextText, options.backupsDir, now),
	};
}

/**
Replaces a start-up file the way the PATH fix does: a private timestamped backup first, then an
atomic rename of the new text, through a symlink (dotfile managers) rather than over it, mode kept.
A file that does not exist yet is created with `newFileMode`.
*/
export async function replaceWithBackup(file: string, expectedText: string, nextText: string, backupsDir: string, now: () => Date, newFileMode = 0o644): Promise<{backupPath?: string}> {
	const target = await writeTarget(file);
	let current: {bytes: Buffer; mode: number; uid: number; gid: number} | undefined;
	try {
		const info = await stat(target);
		current = {bytes: await readFile(target), mode: info.mode & 0o7777, uid: info.uid, gid: info.gid};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw error;
		}
	}

	if ((current?.bytes.toString('utf8') ?? '') !== expectedText) {
		throw new Error(`${file} changed since the review; nothing was written to it. Run claude-setup again to see the new changes.`);
	}

	let backupPath: string | undefined;
	if (current) {
		await mkdir(backupsDir, {recursive: true, mode: 0o700});
		const stamp = now().toISOString().replaceAll(':', '-');
		const name = path.basename(file).replace(/^\.+/, '');
		for (let attempt = 1; backupPath === undefined; attempt++) {
			const candidate = path.join(backupsDir, attempt === 1 ? `${stamp}-${name}` : `${stamp}-${name}-${attempt}`);
			try {
				// eslint-disable-next-line no-await-in-loop -- exclusive creation makes the name unique
				await writeNewFileWhole(candidate, current.bytes, 0o600);
				backupPath = candidate;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
					throw error;
				}
			}
		}
	}

	const directory = path.dirname(target);
	await mkdir(directory, {recursive: true});
	const temporary = path.join(directory, `.${path.basename(target)}.claude-setup-${process.pid}-${Date.now()}.tmp`);
	try {
		await writeNewFile(temporary, nextText, current?.mode ?? newFileMode);
		if (current && process.getuid && process.getuid() !== current.uid) {
			await chown(temporary, current.uid, current.gid).catch(() => undefined);
		}

		await rename(temporary, target);
	} catch (error) {
		await rm(temporary, {force: true}).catch(() => undefined);
		throw error;
	}

	return backupPath ? {backupPath} : {};
}
