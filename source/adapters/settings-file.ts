import {appendFile, lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import type {SettingsScope, SettingsSnapshot, SettingsStore, SettingsWriteResult} from '../core/ports.js';
import {parseSettings} from '../core/settings/edit.js';
import {displayPath, type Paths} from './paths.js';
import {writeNewFileWhole} from './write-new-file.js';
import {nodeCrypto} from './lazy-crypto.js';

/**
The real `SettingsStore`: Claude Code's settings.json files on disk. Users hand-edit these files and
often keep them in dotfile repositories, so this adapter never overwrites a file it could not parse,
never clobbers a change made after the review, keeps a backup of every version it replaces, and
replaces files atomically (a crash leaves either the old or the new file, never half of one).
*/

/** The backup manifest's name inside `backupsDir`: one JSON record per line, oldest first. */
export const manifestName = 'manifest.jsonl';

/**
One change claude-setup made to a settings file, as `claude-setup undo` reads it back. `original` is
the canonical path that was written (a symlink's target); `backup` is the copy of the previous
content, or null when the file did not exist before (undo then deletes it).
*/
export type BackupRecord = {time: string; scope: SettingsScope; original: string; backup: string | null};

/** The real store, plus what only `undo` needs: deleting a file claude-setup created. */
export type SettingsFileStore = SettingsStore & {
	/**
	Deletes the file (a symlink pointing at it stays), after a backup and a manifest record, so the
	deletion can itself be undone. Refuses when the file no longer holds `expectedText`.
	*/
	remove(scope: SettingsScope, expectedText: string): Promise<SettingsWriteResult>;
};

/** Thrown when the file no longer holds what the user reviewed; callers can offer a fresh review. */
export class SettingsChangedError extends Error {
	override name = 'SettingsChangedError';
}

/** What is at a settings path right now, as far as reading and writing are concerned. */
type Current =
	| {kind: 'missing'; target: string; linked: boolean}
	| {kind: 'file'; target: string; linked: boolean; bytes: Buffer; text: string; mode: number; uid: number; gid: number}
	| {kind: 'unusable'; exists: boolean; message: string; target?: string; linked: boolean};

/** Where a settings path leads: the file a write must replace, and whether the path itself is a symlink. */
type Resolved =
	| {ok: true; target: string; linked: boolean; dangling: boolean}
	| {ok: false; exists: boolean; message: string};

// The kernel's own limit on symlink hops; a longer chain is a loop.
const maxSymlinkHops = 40;

export function createSettingsStore(paths: Paths, now: () => Date = () => new Date()): SettingsFileStore {
	const show = (file: string): string => displayPath(file, paths.home);

	function pathOf(scope: SettingsScope): string {
		switch (scope) {
			case 'user': {
				return paths.userSettings;
			}

			case 'project': {
				return paths.projectSettings;
			}

			case 'local': {
				return paths.localSettings;
			}
		}
	}

	async function resolve(file: string): Promise<Resolved> {
		let info;
		try {
			info = await lstat(file);
		} catch (error) {
			if (codeOf(error) === 'ENOENT') {
				return {ok: true, target: file, linked: false, dangling: false};
			}

			// lstat does not follow the last link, so a loop here is in a folder on the way.
			if (codeOf(error) === 'ELOOP') {
				return {
					ok: false,
					exists: false,
					message: `${show(file)} cannot be reached: a folder on its path is a symbolic link that leads in a loop. Point that link at a real folder (or remove it), then run claude-setup again.`,
				};
			}

			return {ok: false, exists: false, message: describeAccessError(error, file, show)};
		}

		if (!info.isSymbolicLink()) {
			// The canonical path, so the backup manifest names the file an undo must restore.
			return {ok: true, target: await realpathOr(file), linked: false, dangling: false};
		}

		try {
			return {ok: true, target: await realpath(file), linked: true, dangling: false};
		} catch (error) {
			if (codeOf(error) !== 'ENOENT') {
				return {ok: false, exists: true, message: describeAccessError(error, file, show)};
			}
		}

		// A dangling symlink (a dotfile manager that links before the file exists) is treated as a
		// missing file whose writes go to the link's final target, so the link stays a link and starts
		// working. We follow the chain by hand because realpath refuses a target that does not exist.
		let current = file;
		for (let hop = 0; hop < maxSymlinkHops; hop++) {
			try {
				const link = await lstat(current);
				if (!link.isSymbolicLink()) {
					// It appeared meanwhile: let the caller look at what is there now.
					return {ok: true, target: current, linked: true, dangling: false};
				}

				// Resolved against the link's real folder, as the kernel does, not by editing the text of the path.
				current = path.resolve(await realpathOr(path.dirname(current)), await readlink(current));
			} catch (error) {
				if (codeOf(error) === 'ENOENT') {
					return {ok: true, target: current, linked: true, dangling: true};
				}

				return {ok: false, exists: true, message: describeAccessError(error, file, show)};
			}
		}

		return {
			ok: false,
			exists: true,
			message: `${show(file)} is a symbolic link that leads in a loop. Point it at a real file (or remove it), then run claude-setup again.`,
		};
	}

	async function inspect(scope: SettingsScope): Promise<Current> {
		const file = pathOf(scope);
		const resolved = await resolve(file);
		if (!resolved.ok) {
			return {kind: 'unusable', exists: resolved.exists, message: resolved.message, linked: false};
		}

		const {target, linked} = resolved;
		if (resolved.dangling) {
			return {kind: 'missing', target, linked};
		}

		let info;
		try {
			info = await stat(target);
		} catch (error) {
			if (codeOf(error) === 'ENOENT') {
				return {kind: 'missing', target, linked};
			}

			return {kind: 'unusable', exists: true, message: describeAccessError(error, file, show), target, linked};
		}

		if (info.isDirectory()) {
			return {
				kind: 'unusable',
				exists: true,
				message: `${show(file)} is a folder, but Claude Code expects a settings file there. Move or rename the folder, then run claude-setup again.`,
				target,
				linked,
			};
		}

		if (!info.isFile()) {
			// Reading a FIFO or a device could block forever or never end.
			return {
				kind: 'unusable',
				exists: true,
				message: `${show(file)} is not a regular file. Replace it with a normal settings file (or remove it), then run claude-setup again.`,
				target,
				linked,
			};
		}

		let bytes;
		try {
			bytes = await readFile(target);
		} catch (error) {
			if (codeOf(error) === 'ENOENT') {
				// Removed between stat and read: report what is there now.
				return {kind: 'missing', target, linked};
			}

			return {kind: 'unusable', exists: true, message: describeAccessError(error, file, show), target, linked};
		}

		const text = decodeUtf8(bytes);
		if (text === undefined) {
			// Decoding with replacement characters and writing back would silently corrupt those bytes.
			return {
				kind: 'unusable',
				exists: true,
				message: `${show(file)} is not valid UTF-8 text. Save it as UTF-8 in your editor, then run claude-setup again.`,
				target,
				linked,
			};
		}

		return {kind: 'file', target, linked, bytes, text, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid};
	}

	async function read(scope: SettingsScope): Promise<SettingsSnapshot> {
		const file = pathOf(scope);
		const current = await inspect(scope);
		const symlinkTarget = current.linked && current.target !== undefined ? {symlinkTarget: current.target} : {};
		switch (current.kind) {
			case 'missing': {
				return {scope, path: file, exists: false, text: '', data: {}, ...symlinkTarget};
			}

			case 'unusable': {
				return {scope, path: file, exists: current.exists, text: '', data: undefined, problem: {message: current.message}, ...symlinkTarget};
			}

			case 'file': {
				const parsed = parseSettings(current.text);
				return parsed.ok
					? {scope, path: file, exists: true, text: current.text, data: parsed.data, ...symlinkTarget}
					: {scope, path: file, exists: true, text: current.text, data: undefined, problem: parsed.problem, ...symlinkTarget};
			}
		}
	}

	async function write(scope: SettingsScope, expectedText: string, nextText: string): Promise<SettingsWriteResult> {
		const file = pathOf(scope);
		const shown = show(file);
		const current = await inspect(scope);
		if (current.kind === 'unusable') {
			throw new Error(`${current.message} Nothing was written.`);
		}

		// A missing file reads as '' (that is what `read` reported), so a file that appeared empty is no change.
		const currentText = current.kind === 'file' ? current.text : '';
		if (currentText !== expectedText) {
			throw new SettingsChangedError(changedMessage(shown));
		}

		const parsedCurrent = parseSettings(currentText);
		if (!parsedCurrent.ok) {
			const {line, column, message} = parsedCurrent.problem;
			throw new Error(
				`${shown} is not valid JSON (line ${line}, column ${column}: ${message}), so it was not changed. Fix the file by hand, then run claude-setup again.`,
			);
		}

		// A bug upstream must not turn a good settings file into one Claude Code cannot read.
		const parsedNext = parseSettings(nextText);
		if (!parsedNext.ok) {
			throw new Error(`The new content for ${shown} is not a valid settings object (${parsedNext.problem.message}), so nothing was written. This is a bug in claude-setup; please report it.`);
		}

		let backupPath: string | undefined;
		if (current.kind === 'file') {
			backupPath = await backUp(scope, current.target, current.bytes, shown);
		} else {
			// A file we create is recorded too, so undo knows to delete it rather than leave it behind.
			await appendRecord({time: now().toISOString(), scope, original: current.target, backup: null}, shown);
		}

		await replaceAtomically(scope, current, nextText, shown, backupPath);
		return {backupPath};
	}

	async function remove(scope: SettingsScope, expectedText: string): Promise<SettingsWriteResult> {
		const shown = show(pathOf(scope));
		const current = await inspect(scope);
		if (current.kind === 'unusable') {
			throw new Error(`${current.message} Nothing was removed.`);
		}

		if ((current.kind === 'file' ? current.text : '') !== expectedText) {
			throw new SettingsChangedError(changedMessage(shown));
		}

		if (current.kind === 'missing') {
			return {};
		}

		const backupPath = await backUp(scope, current.target, current.bytes, shown);
		if (!(await stillAsChecked(current))) {
			throw new SettingsChangedError(changedMessage(shown));
		}

		try {
			await rm(current.target);
		} catch (error) {
			throw new Error(`Could not delete ${shown} (${reasonOf(error)}). Its content is saved in ${show(backupPath)}.`, {cause: error});
		}

		await syncDirectory(path.dirname(current.target));
		return {backupPath};
	}

	async function appendRecord(record: BackupRecord, shown: string): Promise<void> {
		try {
			await mkdir(paths.backupsDir, {recursive: true, mode: 0o700});
			await appendToManifest(path.join(paths.backupsDir, manifestName), record);
		} catch (error) {
			throw new Error(
				`Could not record the change to ${shown} in ${show(paths.backupsDir)} (${reasonOf(error)}), so nothing was written. Check that this folder can be created and written to, then try again.`,
				{cause: error},
			);
		}
	}

	async function backUp(scope: SettingsScope, original: string, bytes: Buffer, shown: string): Promise<string> {
		const time = now().toISOString();
		const stamp = time.replaceAll(':', '-');
		try {
			await mkdir(paths.backupsDir, {recursive: true, mode: 0o700});
			let backup: string | undefined;
			// Exclusive creation makes names unique even for two writes in the same millisecond.
			for (let attempt = 1; backup === undefined; attempt++) {
				const name = attempt === 1 ? `${stamp}-${scope}-settings.json` : `${stamp}-${scope}-settings-${attempt}.json`;
				const candidate = path.join(paths.backupsDir, name);
				try {
					await writeNewFileWhole(candidate, bytes, 0o600);
					backup = candidate;
				} catch (error) {
					if (codeOf(error) !== 'EEXIST') {
						throw error;
					}
				}
			}

			// The record goes in before the write, so even a crash mid-write leaves undo a faithful copy.
			const record: BackupRecord = {time, scope, original, backup};
			await appendToManifest(path.join(paths.backupsDir, manifestName), record);
			return backup;
		} catch (error) {
			throw new Error(
				`Could not back up ${shown} into ${show(paths.backupsDir)} (${reasonOf(error)}), so nothing was written. Check that this folder can be created and written to, then try again.`,
				{cause: error},
			);
		}
	}

	async function replaceAtomically(
		scope: SettingsScope,
		current: Extract<Current, {kind: 'file' | 'missing'}>,
		nextText: string,
		shown: string,
		backupPath: string | undefined,
	): Promise<void> {
		// Writing to the real target (not the link) keeps a dotfile manager's symlink a symlink, and the
		// temp file must share the target's folder for the rename to be atomic.
		const directory = path.dirname(current.target);
		const temporary = path.join(directory, `.${path.basename(current.target)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
		const mode = current.kind === 'file' ? current.mode : scope === 'project' ? 0o644 : 0o600;
		let created = false;
		try {
			// ~/.claude holds credentials, so it is private; a project's .claude is shared with the team.
			await mkdir(directory, {recursive: true, ...(scope === 'user' ? {mode: 0o700} : {})});
			const handle = await open(temporary, 'wx', 0o600);
			created = true;
			try {
				await handle.writeFile(nextText, 'utf8');
				// An explicit chmod, because the umask would otherwise change the mode we ask for.
				await handle.chmod(mode);
				if (current.kind === 'file') {
					await keepOwner(handle, current.uid, current.gid);
				}

				await handle.sync();
			} finally {
				await handle.close();
			}

			// Narrows the window for a concurrent edit to the rename itself.
			if (!(await stillAsChecked(current))) {
				throw new SettingsChangedError(changedMessage(shown));
			}

			await rename(temporary, current.target);
			created = false;
		} catch (error) {
			if (created) {
				await rm(temporary, {force: true}).catch(() => undefined);
			}

			if (error instanceof SettingsChangedError) {
				throw error;
			}

			const saved = backupPath ? ` Its previous content is also saved in ${show(backupPath)}.` : '';
			throw new Error(
				`Could not write ${shown} (${reasonOf(error)}). The file was left as it was.${saved} Check that ${show(directory)} is writable and the disk has free space, then try again.`,
				{cause: error},
			);
		}

		await syncDirectory(directory);
	}

	return {pathOf, read, write, remove};
}

/**
One JSON line per record. A line cut short by a crash is ended first, so it costs only itself and
not the record written after it.
*/
async function appendToManifest(file: string, record: BackupRecord): Promise<void> {
	let isCut = false;
	try {
		const handle = await open(file, 'r');
		try {
			const {size} = await handle.stat();
			if (size > 0) {
				const last = Buffer.alloc(1);
				await handle.read(last, 0, 1, size - 1);
				isCut = last[0] !== 0x0a;
			}
		} finally {
			await handle.close();
		}
	} catch (error) {
		if (codeOf(error) !== 'ENOENT') {
			throw error;
		}
	}

	await appendFile(file, `${isCut ? '\n' : ''}${JSON.stringify(record)}\n`, {encoding: 'utf8', mode: 0o600});
}

function changedMessage(shown: string): string {
	return `${shown} changed since you reviewed it (another program or editor saved it), so nothing was written. Review the changes again, then retry.`;
}

async function stillAsChecked(checked: Extract<Current, {kind: 'file' | 'missing'}>): Promise<boolean> {
	let bytes: Buffer;
	try {
		bytes = await readFile(checked.target);
	} catch (error) {
		if (codeOf(error) === 'ENOENT') {
			return checked.kind === 'missing';
		}

		throw error;
	}

	return checked.kind === 'file' ? bytes.equals(checked.bytes) : bytes.length === 0;
}

async function realpathOr(file: string): Promise<string> {
	try {
		return await realpath(file);
	} catch {
		return file;
	}
}

/** When run with more rights than the file's owner (sudo), hand the new file back to that owner. */
async function keepOwner(handle: Awaited<ReturnType<typeof open>>, uid: number, gid: number): Promise<void> {
	if (!process.getuid || !process.getgid || (process.getuid() === uid && process.getgid() === gid)) {
		return;
	}

	// Best effort: an ordinary user cannot give files away, and then the new file is simply theirs.
	await handle.chown(uid, gid).catch(() => undefined);
}

/** Makes the rename itself durable; not every platform can open a folder, and the data is already synced. */
async function syncDirectory(directory: string): Promise<void> {
	try {
		const handle = await open(directory, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {}
}

function decodeUtf8(bytes: Buffer): string | undefined {
	try {
		// `ignoreBOM` keeps a byte order mark in the text, so it survives a round trip.
		return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
	} catch {
		return undefined;
	}
}

function describeAccessError(error: unknown, file: string, show: (file: string) => string): string {
	const shown = show(file);
	switch (codeOf(error)) {
		case 'EACCES':
		case 'EPERM': {
			return `${shown} cannot be read: permission denied. Give your user read and write access to it (for example \`chmod u+rw ${shown}\`), then run claude-setup again.`;
		}

		case 'ENOTDIR': {
			return `${shown} cannot exist because a folder on its path is a file. Move that file away, then run claude-setup again.`;
		}

		case 'ELOOP': {
			return `${shown} is a symbolic link that leads in a loop. Point it at a real file (or remove it), then run claude-setup again.`;
		}

		case 'EISDIR': {
			return `${shown} is a folder, but Claude Code expects a settings file there. Move or rename the folder, then run claude-setup again.`;
		}

		default: {
			return `${shown} cannot be read (${reasonOf(error)}). Check the file and its folder, then run claude-setup again.`;
		}
	}
}

function codeOf(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function reasonOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
