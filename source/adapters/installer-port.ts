import type {Installer} from '../core/ports.js';
import {applyPathFix, detectInstallEnvironment, detectInstalls, installerUrlFrom, planPathFixFor, runInstall, verifyInstall} from './installer.js';
import type {Paths} from './paths.js';

/** The install step's port, over the installer adapter's functions. */
export function createInstaller(paths: Paths, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Installer {
	const where = {env, home: paths.home, platform};
	return {
		async environment() {
			const context = await detectInstallEnvironment({env, platform});
			return {...context, installerUrl: installerUrlFrom(env, platform)};
		},
		detect: async () => detectInstalls(where),
		run: async (method, onOutput, signal) => runInstall(method, {env, onOutput, signal}),
		verify: async () => verifyInstall(where),
		planPathFix: async binDirectory => planPathFixFor({...where, binDirectory}),
		applyPathFix: async plan => applyPathFix(plan, paths.backupsDir),
	};
}
