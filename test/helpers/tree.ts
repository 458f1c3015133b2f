import {createHash} from 'node:crypto';
import {lstat, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';

export type TreeEntry = {path: string; kind: 'file' | 'directory' | 'symlink' | 'other'; sha256?: string; mode: number};

/** Every entry under `directory`, with content hashes: equal listings mean nothing was written. A missing folder is empty. */
export async function treeOf(directory: string): Promise<TreeEntry[]> {
	const entries: TreeEntry[] = [];
	const visit = async (current: string): Promise<void> => {
		let dirents;
		try {
			dirents = await readdir(current, {withFileTypes: true});
		} catch {
			return;
		}

		for (const dirent of dirents) {
			const full = path.join(current, dirent.name);
			// eslint-disable-next-line no-await-in-loop -- a small tree, walked in a stable order
			const stats = await lstat(full);
			const relative = path.relative(directory, full);
			if (dirent.isDirectory()) {
				entries.push({path: relative, kind: 'directory', mode: stats.mode});
				// eslint-disable-next-line no-await-in-loop -- see above
				await visit(full);
			} else if (dirent.isFile()) {
				// eslint-disable-next-line no-await-in-loop -- see above
				const sha256 = createHash('sha256').update(await readFile(full)).digest('hex');
				entries.push({path: relative, kind: 'file', sha256, mode: stats.mode});
			} else {
				entries.push({path: relative, kind: dirent.isSymbolicLink() ? 'symlink' : 'other', mode: stats.mode});
			}
		}
	};

	await visit(directory);
	return entries.sort((a, b) => a.path.localeCompare(b.path));
}
