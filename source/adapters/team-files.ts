import {mkdir, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import type {TeamFileWriter} from '../core/ports.js';
import {writeNewFile} from './write-new-file.js';

/** The administrator's team files, in a folder relative to where claude-setup was started. */
export function createTeamFileWriter(cwd: string, home: string): TeamFileWriter {
	const resolve = (directory: string) => path.resolve(cwd, directory.startsWith('~/') ? path.join(home, directory.slice(2)) : directory);
	return {
		async plan(directory, files) {
			const absolute = resolve(directory);
			const info = await stat(absolute).catch(() => undefined);
			if (info && !info.isDirectory()) {
				throw new Error(`${absolute} is a file, not a folder.`);
			}

			return {
				directory: absolute,
				files: await Promise.all(
					files.map(async file => {
						const target = path.join(absolute, file.name);
						const existing = await stat(target).catch(() => undefined);
						if (existing?.isDirectory()) {
							throw new Error(`${target} is a folder; choose another folder for the team files.`);
						}

						return {name: file.name, path: target, text: file.text, exists: existing !== undefined};
					}),
				),
			};
		},
		async write(files) {
			const written: string[] = [];
			for (const file of files) {
				// eslint-disable-next-line no-await-in-loop -- three small files, in order
				await mkdir(path.dirname(file.path), {recursive: true});
				const temporary = `${file.path}.claude-setup-${process.pid}-${Date.now()}.tmp`;
				try {
					// eslint-disable-next-line no-await-in-loop -- as above
					await writeNewFile(temporary, file.text, 0o644);
					// eslint-disable-next-line no-await-in-loop -- as above
					await rename(temporary, file.path);
				} catch (error) {
					// eslint-disable-next-line no-await-in-loop -- cleanup of the one that failed
					await rm(temporary, {force: true}).catch(() => undefined);
					throw error;
				}

				written.push(file.path);
			}

			return written;
		},
	};
}
