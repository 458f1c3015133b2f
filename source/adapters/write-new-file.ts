import {link, lstat, open, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {nodeCrypto} from './lazy-crypto.js';

/**
Creates `file` (failing if it exists, so a temp or backup name is never reused) with exactly `mode`,
and flushes it to disk before returning: the step every atomic write here builds on.
*/
export async function writeNewFile(file: string, bytes: Buffer | string, mode: number): Promise<void> {
	const handle = await open(file, 'wx', mode);
	try {
		await handle.writeFile(bytes);
		// An explicit chmod, because the umask would otherwise change the mode asked for.
		await handle.chmod(mode);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
Like `writeNewFile`, but `file` never exists half-written: the bytes go to a private temp file
beside it first (named `.<name>.<pid>.<hex>.tmp`, which the next run removes if this one is killed),
then appear under `file` in one step. A hard link keeps the creation exclusive (EEXIST as before);
where the file system has no hard links, a rename does, after checking the name is free (claude-setup
holds its run lock, so nothing else writes here meanwhile).
*/
export async function writeNewFileWhole(file: string, bytes: Buffer | string, mode: number): Promise<void> {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
	await writeNewFile(temporary, bytes, mode);
	try {
		try {
			await link(temporary, file);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EEXIST' || !(code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS')) {
				throw error;
			}

			if (await exists(file)) {
				throw Object.assign(new Error(`${file} exists`), {code: 'EEXIST'});
			}

			await rename(temporary, file);
		}
	} finally {
		await unlink(temporary).catch(() => undefined);
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await lstat(file);
		return true;
	} catch {
		return false;
	}
}
