import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {resolvePaths} from '../../source/adapters/paths.js';
import {createSettingsStore} from '../../source/adapters/settings-file.js';
import type {InstallFailure} from '../../source/core/install/types.js';
import type {HttpResponse, KeychainHealth, Ports, ProcessResult, SecretBackend, SecretRef} from '../../source/core/ports.js';
import type {ReachStatus, SystemSnapshot} from '../../source/core/requirements/types.js';

/**
Ports for screen tests: REAL settings files in a temp folder; fakes only for what a screen test must
not touch or cannot have (the network, the OS keychain, child processes). The end-to-end tests run
all of these for real.
*/
export type FakeWorld = {
	ports: Ports;
	secrets: Map<string, string>;
	projectDir: string;
	configDir: string;
	httpCalls: Array<{url: string; headers: Record<string, string>}>;
	installRuns: Array<{methodId: string; signal: AbortSignal}>;
	pathFixes: string[];
	/** The AWS config file's text as last written; undefined while it does not exist. */
	awsConfig: () => string | undefined;
	/** Lets a held install finish. */
	finishInstall: () => void;
};

export async function createFakeWorld(options: {
	keychain?: KeychainHealth;
	keyStatus?: number | 'network-error';
	claudeVersion?: string | undefined;
	helperPrints?: string;
	system?: Partial<SystemSnapshot>;
	install?: {hold?: boolean; failure?: InstallFailure; notOnPath?: boolean};
	/** How every host answers the requirements step's reach check. */
	reach?: ReachStatus;
	/** The AWS config file's text, when it exists. */
	awsConfig?: string;
} = {}): Promise<FakeWorld> {
	const installRuns: FakeWorld['installRuns'] = [];
	const pathFixes: string[] = [];
	let releaseInstall: () => void = () => undefined;
	const root = await mkdtemp(path.join(tmpdir(), 'claude-setup-ui-'));
	const configDir = path.join(root, 'config');
	const projectDir = path.join(root, 'project');
	const paths = resolvePaths({CLAUDE_CONFIG_DIR: configDir}, projectDir);
	const secrets = new Map<string, string>();
	// The AWS config file, in memory: undefined until something writes it.
	let awsConfigText: string | undefined = options.awsConfig;
	const awsConfigPath = path.join(root, 'home', '.aws', 'config');
	const httpCalls: FakeWorld['httpCalls'] = [];
	const id = (ref: SecretRef, backend: SecretBackend) => `${backend}:${ref.service}/${ref.account}`;
	const command = `'${path.join(paths.helperDir, 'api-key-helper')}'`;
	let installed = false;
	const ok = (stdout: string): ProcessResult => ({exitCode: 0, stdout, stderr: '', timedOut: false});
	const ports: Ports = {
		settings: createSettingsStore(paths),
		secrets: {
			probe: async () => options.keychain ?? {ok: true, backendName: 'Test keychain'},
			get: async (ref, backend) => secrets.get(id(ref, backend)),
			async set(ref, secret, backend) {
				secrets.set(id(ref, backend), secret);
			},
			async remove(ref, backend) {
				secrets.delete(id(ref, backend));
			},
			fileLocation: () => paths.secretsFile,
		},
		helper: {
			inspect: async () => ({command, directory: paths.helperDir, installed}),
			async install() {
				installed = true;
				return {command, directory: paths.helperDir, installed};
			},
		},
		http: {
			async get(url, headers): Promise<HttpResponse> {
				httpCalls.push({url, headers});
				if (options.keyStatus === 'network-error') {
					throw new Error('api.anthropic.com refused the connection (ECONNREFUSED).');
				}

				return {status: options.keyStatus ?? 200, body: '{}'};
			},
			async post(url, headers): Promise<HttpResponse> {
				httpCalls.push({url, headers});
				if (options.keyStatus === 'network-error') {
					throw new Error('gateway refused the connection (ECONNREFUSED).');
				}

				return {status: options.keyStatus ?? 400, body: '{}'};
			},
		},
		processes: {
			run: async () => ok(JSON.stringify({authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper'})),
			runShellCommand: async () => ok(options.helperPrints ?? [...secrets.values()][0] ?? ''),
			which: async file => (file === 'claude' && options.claudeVersion !== undefined ? '/usr/local/bin/claude' : undefined),
		},
		// The machine and network as the requirements step would find them on a healthy Linux box.
		system: {
			snapshot: async () => ({
				platform: 'linux',
				osName: 'Ubuntu',
				osVersion: '24.04',
				distroId: 'ubuntu',
				arch: 'x64',
				totalMemoryBytes: 16 * 1024 ** 3,
				freeDiskBytes: 100 * 1024 ** 3,
				shell: '/bin/bash',
				nodeVersion: '22.12.0',
				gitVersion: '2.43.0',
				...options.system,
			}),
		},
		network: {reach: async (host: string) => ({host, status: options.reach ?? 'reachable', detail: options.reach === 'dns' ? 'ENOTFOUND' : undefined, elapsedMs: 5})},
		installer: {
			environment: async () => ({
				platform: 'linux',
				hasCurl: true,
				hasNpm: true,
				hasBrew: false,
				hasWinget: false,
				nodeMajor: 22,
				installerUrl: 'https://claude.ai/install.sh',
			}),
			detect: async () =>
				options.claudeVersion === undefined
					? []
					: [{kind: 'native', path: '/home/u/.local/bin/claude', version: options.claudeVersion, isOnPath: true}],
			async run(method, onOutput, signal) {
				installRuns.push({methodId: method.id, signal});
				onOutput(`Installing with ${method.id}…`);
				if (options.install?.hold) {
					// Stands in for a slow installer: it ends when the test says so, or when it is aborted.
					await new Promise<void>(resolve => {
						signal.addEventListener('abort', () => {
							resolve();
						});
						releaseInstall = resolve;
					});
				}

				if (signal.aborted) {
					return {kind: 'cancelled', tail: []};
				}

				return options.install?.failure
					? {kind: 'failed', exitCode: 1, tail: ['curl: (6) Could not resolve host: downloads.claude.ai'], failure: options.install.failure}
					: {kind: 'installed', exitCode: 0};
			},
			verify: async () => ({
				version: '9.9.9',
				binaryPath: '/home/u/.local/bin/claude',
				binDirectory: '/home/u/.local/bin',
				isOnPath: !options.install?.notOnPath,
			}),
			planPathFix: async binDirectory => ({
				file: '/home/u/.bashrc',
				line: `export PATH="${binDirectory}:$PATH"`,
				reload: 'source ~/.bashrc',
				alreadyPresent: false,
			}),
			async applyPathFix(plan) {
				pathFixes.push(plan.file);
				return {backupPath: '/backups/bashrc'};
			},
		},
		browser: {open: async () => false},
		cloud: {
			aws: {profiles: async () => ({profiles: [], configPath: '', credentialsPath: '', problems: []}), isInstalled: async () => ({installed: false}), callerIdentity: async () => ({ok: false, message: 'not installed', notInstalled: true}), inferenceProfiles: async () => ({ok: false, message: 'not installed', notInstalled: true})},
			gcloud: {isInstalled: async () => ({installed: false}), configuredProject: async () => undefined, applicationDefaultCredentials: async () => ({ok: false, message: 'not installed', notInstalled: true}), adcLoginArgs: []},
			az: {isInstalled: async () => ({installed: false}), account: async () => ({ok: false, message: 'not installed', notInstalled: true}), loginArgs: []},
		},
		teamFiles: {plan: async (directory, files) => ({directory, files: files.map(file => ({...file, path: `${directory}/${file.name}`, exists: false}))}), write: async files => files.map(file => file.path)},
		shell: {read: async () => [], functionTarget: async () => undefined, write: async () => ({})},
		awsConfig: {
			read: async () => ({path: awsConfigPath, text: awsConfigText ?? '', exists: awsConfigText !== undefined}),
			async write(_file, _expected, next) {
				awsConfigText = next;
				return {};
			},
		},
		terminal: {handOver: async () => ({exitCode: undefined, failedToStart: 'no terminal in this test'})},
		env: {},
		configDirHash: paths.configDirHash,
	};
	if (options.claudeVersion !== undefined) {
		const {run} = ports.processes;
		ports.processes.run = async (file, args, runOptions) =>
			args[0] === '--version' ? ok(`${options.claudeVersion} (Claude Code)\n`) : run(file, args, runOptions);
	}

	return {
		ports,
		secrets,
		projectDir,
		configDir,
		httpCalls,
		installRuns,
		pathFixes,
		awsConfig: () => awsConfigText,
		finishInstall: () => {
			releaseInstall();
		},
	};
}
