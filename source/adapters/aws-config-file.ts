import {readFile} from 'node:fs/promises';
import type {AwsConfigFile} from '../core/ports.js';
import {awsConfigPaths} from '../core/auth/aws-config.js';
import {replaceWithBackup} from './shell-startup.js';

/** The AWS config file where the SDKs look for it (AWS_CONFIG_FILE moves it), replaced with a backup like a shell file. */
export function createAwsConfigFile(options: {home: string; env: NodeJS.ProcessEnv; backupsDir: string; now?: () => Date}): AwsConfigFile {
	const now = options.now ?? (() => new Date());
	const file = awsConfigPaths(options.env, options.home).config;
	return {
		async read() {
			const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
				if (error.code === 'ENOENT') {
					return undefined;
				}

				throw error;
			});
			return {path: file, text: text ?? '', exists: text !== undefined};
		},
		// The AWS CLI creates this file readable by its owner only; a new one is made the same way.
		write: async (target, expectedText, nextText) => replaceWithBackup(target, expectedText, nextText, options.backupsDir, now, 0o600),
	};
}
