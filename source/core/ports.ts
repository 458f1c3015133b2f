import type {AwsAdapter} from '../adapters/aws.js';
import type {AzAdapter} from '../adapters/az.js';
import type {GcloudAdapter} from '../adapters/gcloud.js';
import type {InstallMethodsContext} from './install/methods.js';
import type {ExistingInstall, InstallMethod, InstallOutcome, InstallVerification, PathFixPlan} from './install/types.js';
import type {ReachResult, SystemSnapshot} from './requirements/types.js';

/**
The interfaces the pure core needs from the outside world. Adapters in `source/adapters/`
implement them for real; tests pass real adapters on temp folders, or small fakes for what cannot
exist here (a real Anthropic account).
*/

export type SettingsScope = 'user' | 'project' | 'local';

/** Where a JSON text failed to parse, in the user's terms. */
export type ParseProblem = {
	message: string;
	/** 1-based. */
	line: number;
	/** 1-based. */
	column: number;
};

export type SettingsSnapshot = {
	scope: SettingsScope;
	/** The path a user would recognise (`~/.claude/settings.json`), before symlinks are followed. */
	path: string;
	exists: boolean;
	/** The file's exact text; empty when it does not exist. */
	text: string;
	/** The parsed object; undefined when missing, unparsable, or not an object. */
	data: Record<string, unknown> | undefined;
	/** Set when the file exists but cannot be used: it is then never overwritten. */
	problem?: ParseProblem | {message: string};
	/** The target when `path` is a symlink (dotfile managers do this); writes go there. */
	symlinkTarget?: string;
};

export type SettingsWriteResult = {
	/** Where the previous version was copied; undefined when there was no previous file. */
	backupPath?: string;
};

export type SettingsStore = {
	pathOf(scope: SettingsScope): string;
	/** The administrator's managed-settings.json (read only: claude-setup never writes it). */
	readManaged?(): Promise<{path: string; exists: boolean; data: Record<string, unknown> | undefined}>;
	read(scope: SettingsScope): Promise<SettingsSnapshot>;
	/**
	Atomically replaces the file with `nextText`, after a timestamped backup. Refuses (throws) when the
	file no longer holds `expectedText`, so a change made since the review is never clobbered.
	*/
	write(scope: SettingsScope, expectedText: string, nextText: string): Promise<SettingsWriteResult>;
};

/** Which store holds a secret: the OS keychain, or a 0600 file the user explicitly agreed to. */
export type SecretBackend = 'keychain' | 'file';

export type KeychainHealth =
	| {ok: true; backendName: string}
	| {ok: false; reason: string; fix: string};

export type SecretRef = {service: string; account: string};

export type SecretStore = {
	/** A set/get/delete round trip, bounded by a timeout, so a locked or missing keychain never hangs. */
	probe(): Promise<KeychainHealth>;
	get(ref: SecretRef, backend: SecretBackend): Promise<string | undefined>;
	set(ref: SecretRef, secret: string, backend: SecretBackend): Promise<void>;
	remove(ref: SecretRef, backend: SecretBackend): Promise<void>;
	/** Where a file-backend secret would live, for the review screen. */
	fileLocation(): string;
};

export type HelperInstallation = {
	/** The exact string for `apiKeyHelper` in settings. */
	command: string;
	/** The folder claude-setup owns for the helper. */
	directory: string;
	installed: boolean;
	/** The secret the installed helper is configured to read, when one is installed. */
	configured?: {ref: SecretRef; backend: SecretBackend};
};

/**
Installs the small standalone program Claude Code runs as `apiKeyHelper`. It lives in claude-setup's
own folder inside the Claude config directory, so it keeps working after an npx cache is cleared.
*/
export type HelperInstaller = {
	inspect(): Promise<HelperInstallation>;
	install(ref: SecretRef, backend: SecretBackend): Promise<HelperInstallation>;
};

export type HttpResponse = {
	status: number;
	body: string;
	/** The response's `Date` header as sent, when there is one: the doctor compares it with the local clock. */
	date?: string;
};

export type HttpClient = {
	get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse>;
	/** A bounded POST of a JSON body (the gateway and Foundry credential checks). */
	post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpResponse>;
};

export type ProcessResult = {
	exitCode: number | undefined;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	/** Set when the program could not be started at all (ENOENT and the like). */
	notFound?: boolean;
	failedToStart?: string;
};

export type RunOptions = {
	timeoutMs: number;
	/** Variables added to (or, when undefined, removed from) the child's environment: how secrets reach a child, never argv. */
	env?: Readonly<Record<string, string | undefined>>;
};

export type ProcessRunner = {
	/** Runs a program with an argument array (never a shell string built from input), bounded by a timeout. */
	run(file: string, args: readonly string[], options: RunOptions): Promise<ProcessResult>;
	/** Runs a command line the way Claude Code runs `apiKeyHelper`: through /bin/sh, or cmd on Windows. */
	runShellCommand(command: string, options: {timeoutMs: number}): Promise<ProcessResult>;
	/** The full path `file` resolves to on PATH, if any. */
	which(file: string): Promise<string | undefined>;
};

export type BrowserOpener = {
	/** Resolves false when no browser could be started (SSH, containers): the UI then shows the URL. */
	open(url: string): Promise<boolean>;
};

/** Facts about this machine for the requirements step; never throws, unknowns stay undefined. */
export type SystemProbe = {snapshot(): Promise<SystemSnapshot>};

/** Whether an HTTPS endpoint can be reached from here (through the proxy, spotting TLS interception). */
export type NetworkProbe = {reach(host: string, timeoutMs: number): Promise<ReachResult>};

/** What the install step needs to know to offer methods. */
export type InstallEnvironment = InstallMethodsContext;

export type Installer = {
	environment(): Promise<InstallEnvironment>;
	detect(): Promise<ExistingInstall[]>;
	/** Runs the method's commands, streaming output lines; aborting the signal stops the child. */
	run(method: InstallMethod, onOutput: (line: string) => void, signal: AbortSignal): Promise<InstallOutcome>;
	verify(): Promise<InstallVerification>;
	planPathFix(binDirectory: string): Promise<PathFixPlan | {manual: string}>;
	applyPathFix(plan: PathFixPlan): Promise<{backupPath?: string}>;
};

export type HandOverResult = {
	exitCode: number | undefined;
	/** The signal that ended the program (SIGINT when the user pressed Ctrl-C in it). */
	signal?: string;
	/** Set when the program could not be started at all. */
	failedToStart?: string;
};

/**
Lends the whole terminal to another program (`claude auth login`, `gcloud auth application-default
login`, `az login`, `aws sso login`): the wizard's screen is cleared and its input paused until the
program exits, then the wizard draws again.
*/
export type TerminalHandoff = {
	handOver(file: string, args: readonly string[], options?: {env?: RunOptions['env']}): Promise<HandOverResult>;
};

/**
The cloud CLIs the checks use (aws, gcloud, az). Their shapes live with their adapters, which are
thin readers over `ProcessRunner`; only the types are borrowed here.
*/
export type CloudClis = {aws: AwsAdapter; gcloud: GcloudAdapter; az: AzAdapter};

/** Writes the administrator's team files (preset, managed settings, instructions) into a folder. */
export type TeamFileWriter = {
	/** Where each file would go, and whether one is there already; writes nothing. */
	plan(directory: string, files: ReadonlyArray<{name: string; text: string}>): Promise<{directory: string; files: Array<{name: string; path: string; text: string; exists: boolean}>}>;
	/** Writes them (each atomically), returning the paths. */
	write(files: ReadonlyArray<{path: string; text: string}>): Promise<string[]>;
};

export type ShellFile = {path: string; text: string};

/** The shell start-up files: read to find exports that would override the setup, written for the `claude` function. */
export type ShellStartup = {
	/** Every start-up file of bash, zsh and fish that exists. */
	read(): Promise<ShellFile[]>;
	/** The file a `claude` shell function goes in for the user's shell; undefined where none can (fish, Windows). */
	functionTarget(): Promise<{path: string; text: string; exists: boolean; shell: 'bash' | 'zsh'} | undefined>;
	/** Replaces the file's text after a private backup; refuses when it no longer holds `expectedText`. */
	write(file: string, expectedText: string, nextText: string): Promise<{backupPath?: string}>;
};

/** The AWS config file (`~/.aws/config`, or AWS_CONFIG_FILE), where the profile for typed access keys goes. */
export type AwsConfigFile = {
	/** Its path and text; empty text when it does not exist yet. */
	read(): Promise<{path: string; text: string; exists: boolean}>;
	/** Replaces the file's text after a private backup; refuses when it no longer holds `expectedText`. */
	write(file: string, expectedText: string, nextText: string): Promise<{backupPath?: string}>;
};

/** The environment variables that matter to Claude Code, as the wizard saw them. */
export type Environment = Readonly<Record<string, string | undefined>>;

export type Ports = {
	settings: SettingsStore;
	system: SystemProbe;
	network: NetworkProbe;
	installer: Installer;
	secrets: SecretStore;
	helper: HelperInstaller;
	http: HttpClient;
	processes: ProcessRunner;
	browser: BrowserOpener;
	terminal: TerminalHandoff;
	shell: ShellStartup;
	awsConfig: AwsConfigFile;
	cloud: CloudClis;
	teamFiles: TeamFileWriter;
	env: Environment;
	/** An identifier of the Claude config directory, so secrets of two config dirs do not collide. */
	configDirHash: string;
};
