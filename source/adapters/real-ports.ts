import type {Ports, TerminalHandoff} from '../core/ports.js';
import {createAzAdapter} from './az.js';
import {createGcloudAdapter} from './gcloud.js';
import {createHelperInstaller} from './helper-installer.js';
import type {LaterPorts} from './later-ports.js';
import {resolvePaths, type Paths} from './paths.js';
import {createProcessRunner} from './processes.js';
import {createSettingsStore} from './settings-file.js';
import {managedSettingsPath, readManagedSettings} from './managed-settings.js';

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

What detecting the current setup needs (settings, the helper, processes) is loaded with this module;
the keychain, the AWS CLI reader and the rest (later-ports.ts) load on the first call to one of their
ports, so the wizard's first screen does not wait for code it does not run (a first run never asks
the keychain before a key is in hand).
*/
export function createRealPorts({env, cwd, helperScriptPath, terminal}: RealPortsOptions): {ports: Ports; paths: Paths} {
	const paths = resolvePaths(env, cwd);
	const processes = createProcessRunner(env);
	let later: Promise<LaterPorts> | undefined;
	const loadLater = async (): Promise<LaterPorts> => {
		later ??= loadLaterPortsModule().then(({createLaterPorts}) => createLaterPorts({env, cwd, paths}));
		return later;
	};

	const ports: Ports = {
		settings: {...createSettingsStore(paths), readManaged: async () => readManagedSettings(managedSettingsPath(process.platform, env))},
		system: lazyPort(async () => (await loadLater()).system, {snapshot: true}, {}),
		network: lazyPort(async () => (await loadLater()).network, {reach: true}, {}),
		installer: lazyPort(async () => (await loadLater()).installer, {environment: true, detect: true, run: true, verify: true, planPathFix: true, applyPathFix: true}, {}),
		secrets: lazyPort(async () => (await loadKeychainModule()).createSecretStore(paths), {probe: true, get: true, set: true, remove: true}, {fileLocation: () => paths.secretsFile}),
		helper: createHelperInstaller(paths, {helperScriptPath}),
		http: lazyPort(async () => (await loadLater()).http, {get: true, post: true}, {}),
		processes,
		cloud: {
			aws: lazyPort(async () => (await loadAwsModule()).createAwsAdapter({processes, env, home: paths.home}), {profiles: true, isInstalled: true, callerIdentity: true, inferenceProfiles: true}, {}),
			gcloud: createGcloudAdapter({processes}),
			az: createAzAdapter({processes}),
		},
		browser: lazyPort(async () => (await loadLater()).browser, {open: true}, {}),
		terminal: terminal ?? {handOver: async () => ({exitCode: undefined, failedToStart: 'No terminal to hand over: run `npx claude-setup` in a terminal.'})},
		teamFiles: lazyPort(async () => (await loadLater()).teamFiles, {plan: true, write: true}, {}),
		shell: lazyPort(async () => (await loadLater()).shell, {read: true, functionTarget: true, write: true}, {}),
		awsConfig: lazyPort(async () => (await loadLater()).awsConfig, {read: true, write: true}, {}),
		env,
		get configDirHash() {
			return paths.configDirHash;
		},
	};
	return {ports, paths};
}

// The modules `createRealPorts` defers, named once for the ports that load them and for the preload.
const loadLaterPortsModule = async () => import('./later-ports.js');
const loadKeychainModule = async () => import('./keychain.js');
const loadAwsModule = async () => import('./aws.js');

/** Loads every adapter `createRealPorts` defers; the wizard calls this once its first screen is up, so they are ready when asked. */
export async function preloadAdapters(): Promise<void> {
	await Promise.all([loadLaterPortsModule(), loadKeychainModule(), loadAwsModule()]);
}

/**
A port whose adapter is created by `load` (once) when one of its methods is first called. `methods` names
its async methods and `others` holds the rest of its members, ready at once: the type checker holds
the two to exactly the port's members, and each named method to returning a promise, so a caller
cannot tell the difference (it awaits the answer either way).
*/
function lazyPort<T, Async extends keyof T>(load: () => Promise<T>, methods: {[K in Async]: T[K] extends (...args: never[]) => Promise<unknown> ? true : never}, others: Omit<T, Async>): T {
	let loaded: Promise<T> | undefined;
	const port: Record<PropertyKey, unknown> = {...others};
	for (const name of Object.keys(methods) as Async[]) {
		port[name] = async (...args: never[]) => {
			loaded ??= load();
			const adapter = await loaded;
			return (adapter[name] as (...args: never[]) => Promise<unknown>).apply(adapter, args);
		};
	}

	return port as T;
}
