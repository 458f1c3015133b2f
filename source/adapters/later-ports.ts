import type {Ports} from '../core/ports.js';
import {createAwsConfigFile} from './aws-config-file.js';
import {createBrowserOpener} from './browser.js';
import {createHttpClient} from './http.js';
import {createInstaller} from './installer-port.js';
import {createNetworkProbe} from './network-probe.js';
import type {Paths} from './paths.js';
import {createShellStartup} from './shell-startup.js';
import {createSystemProbe} from './system-probe.js';
import {createTeamFileWriter} from './team-files.js';

/** The ports no first screen needs. */
export type LaterPorts = Pick<Ports, 'system' | 'network' | 'installer' | 'http' | 'browser' | 'teamFiles' | 'shell' | 'awsConfig'>;

/**
The adapters that only a later step uses (requirements, install, the network, the shell start-up
files, the AWS config file, team files). They and what they load (Node's TLS and network modules,
the installer) stay out of the wizard's first screen: `createRealPorts` loads this module the first
time one of them is called, and the wizard loads it as soon as its first screen is up.
*/
export function createLaterPorts({env, cwd, paths}: {env: NodeJS.ProcessEnv; cwd: string; paths: Paths}): LaterPorts {
	return {
		system: createSystemProbe({env, home: paths.home}),
		network: createNetworkProbe({env}),
		installer: createInstaller(paths, env),
		http: createHttpClient(),
		browser: createBrowserOpener(env),
		teamFiles: createTeamFileWriter(cwd, paths.home),
		shell: createShellStartup({home: paths.home, env, backupsDir: paths.backupsDir}),
		awsConfig: createAwsConfigFile({home: paths.home, env, backupsDir: paths.backupsDir}),
	};
}
