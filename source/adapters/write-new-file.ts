import {open} from 'node:fs/promises';

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
