import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {ManagedSettings} from '../core/doctor/types.js';
import {parseSettings} from '../core/settings/edit.js';

/**
The managed settings file an administrator deploys, which outranks every other settings file. Only
the file is read here (MDM profiles and the Windows registry are not), and it is never written.
*/

/** For tests only: reads managed settings from this path instead of the system one. */
export const managedSettingsPathVariable = 'CLAUDE_SETUP_MANAGED_SETTINGS_PATH';

/** Where Claude Code reads `managed-settings.json` on this platform (docs: managed settings). */
export function managedSettingsPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
	const override = env[managedSettingsPathVariable]?.trim();
	if (override) {
		return override;
	}

	switch (platform) {
		case 'darwin': {
			return '/Library/Application Support/ClaudeCode/managed-settings.json';
		}

		case 'win32': {
			return path.win32.join('C:\\Program Files', 'ClaudeCode', 'managed-settings.json');
		}

		default: {
			// Linux and WSL, and the BSDs by the same convention.
			return '/etc/claude-code/managed-settings.json';
		}
	}
}

/** Reads and parses the file; a missing file is `exists: false`, an unreadable one carries a problem. */
export async function readManagedSettings(file: string): Promise<ManagedSettings> {
	try {
		const info = await stat(file);
		if (!info.isFile()) {
			return {path: file, exists: true, text: '', data: undefined, problem: {message: `${file} is not a regular file`}};
		}

		const text = await readFile(file, 'utf8');
		const parsed = parseSettings(text);
		return parsed.ok ? {path: file, exists: true, text, data: parsed.data} : {path: file, exists: true, text, data: undefined, problem: parsed.problem};
	} catch (error) {
		const code = (error as {code?: string}).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return {path: file, exists: false, text: '', data: undefined};
		}

		return {path: file, exists: true, text: '', data: undefined, problem: {message: `${file} cannot be read (${code ?? String(error)})`}};
	}
}
