import {loadExeca} from './lazy-execa.js';
import type {BrowserOpener} from '../core/ports.js';

/**
Opens a page in the user's browser when there plainly is one. Over SSH, in a container or on a
Linux machine with no display we do not try: the screen shows the URL to open elsewhere instead.
*/
export function createBrowserOpener(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserOpener {
	return {
		async open(url) {
			const command = browserCommand(url, env, platform);
			if (!command) {
				return false;
			}

			const execa = await loadExeca();
			const result = await execa(command.file, command.args, {reject: false, timeout: 5000, stdio: 'ignore', detached: true});
			return result.exitCode === 0;
		},
	};
}

export function browserCommand(
	url: string,
	env: NodeJS.ProcessEnv,
	platform: NodeJS.Platform,
): {file: string; args: string[]} | undefined {
	if (env['SSH_CONNECTION'] || env['SSH_TTY']) {
		return undefined;
	}

	if (env['BROWSER']) {
		return {file: env['BROWSER'], args: [url]};
	}

	if (platform === 'darwin') {
		return {file: 'open', args: [url]};
	}

	if (platform === 'win32') {
		return {file: 'rundll32', args: ['url.dll,FileProtocolHandler', url]};
	}

	if (env['WSL_DISTRO_NAME']) {
		return {file: 'wslview', args: [url]};
	}

	return env['DISPLAY'] || env['WAYLAND_DISPLAY'] ? {file: 'xdg-open', args: [url]} : undefined;
}
