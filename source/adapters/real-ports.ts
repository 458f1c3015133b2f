import type {Ports, TerminalHandoff} from '../core/ports.js';
import {createAwsAdapter} from './aws.js';
import {createAwsConfigFile} from './aws-config-file.js';
import {createAzAdapter} from './az.js';
import {createBrowserOpener} from './browser.js';
import {createGcloudAdapter} from './gcloud.js';
import {createHelperInstaller} from './helper-installer.js';
import {createHttpClient} from './http.js';
import {createInstaller} from './installer-port.js';
import {createSecretStore} from './keychain.js';
import {createNetworkProbe} from './network-probe.js';
import {resolvePaths, type Paths} from './paths.js';
import {createProcessRunner} from './processes.js';
import {createSettingsStore} from './settings-file.js';
import {managedSettingsPath, readManagedSettings} from './managed-settings.js';
import {createShellStartup} from './shell-startup.js';
import {createTeamFileWriter} from './team-files.js';
import {createSystemProbe} from './system-probe.js';

export type RealPortsOptions = {
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** The built helper (`dist/api-key-helper.cjs`), copied out when the helper is installed. */
	helperScriptPath: string;
	/** How to lend the terminal to a login program; the wizard passes one that pauses Ink. */
	terminal?: TerminalHandoff;
};

/**
The real world behind every port, as the wizard and the non-interactive commands both need it.
Everything follows `env`, HOME included, so a caller (or a test) can point the whole program at a
temp folder without touching this process's environment.
*/
export function createRealPorts({env, cwd, helperScriptPath, terminal}: RealPortsOptions): {ports: Ports; paths: Paths} {
	const paths = resolvePaths(env, cwd);
	const processes = createProcessRunner(env);
	const ports: Ports = {
		settings: {...createSettingsStore(paths), readManaged: async () => readManagedSettings(managedSettingsPath(process.platform, env))},
		system: createSystemProbe({env, home: paths.home}),
		network: createNetworkProbe({env}),
		installer: createInstaller(paths, env),
		secrets: createSecretStore(paths),
		helper: createHelperInstaller(paths, {helperScriptPath}),
		http: createHttpClient(),
		processes,
		cloud: {aws: createAwsAdapter({processes, env, home: paths.home}), gcloud: createGcloudAdapter({processes}), az: createAzAdapter({processes})},
		browser: createBrowserOpener(env),
		terminal: terminal ?? {handOver: async () => ({exitCode: undefined, failedToStart: 'No terminal to hand over: run `npx claude-setup` in a terminal.'})},
		teamFiles: createTeamFileWriter(cwd, paths.home),
		shell: createShellStartup({home: paths.home, env, backupsDir: paths.backupsDir}),
		awsConfig: createAwsConfigFile({home: paths.home, env, backupsDir: paths.backupsDir}),
		env,
		configDirHash: paths.configDirHash,
	};
	return {ports, paths};
}
