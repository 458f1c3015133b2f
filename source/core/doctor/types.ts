import type {Environment, HelperInstallation, ParseProblem, Ports, ProcessResult, SettingsSnapshot} from '../ports.js';

/**
`claude-setup doctor` as data: each check is an id, a title and a `run` that turns the facts (and,
where it must, the ports) into one finding. The command runs them concurrently, each bounded.
*/

export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip';

/**
A fix the doctor may apply itself with `--fix`, after showing the change and asking. Only changes
that cannot alter which account or method is used are listed here.
*/
export type SafeFixId =
	/** Set `env.ANTHROPIC_API_KEY` to "" in user settings, which cancels a stale shell export. */
	| 'blank-shell-api-key'
	/** Put claude-setup's key helper files back while the key they read is still stored. */
	| 'reinstall-helper';

export type FindingFix = {
	/** What to do, as a sentence. */
	description: string;
	/** The exact command to run, when there is one. */
	command?: string;
	safe?: SafeFixId;
};

export type Finding = {
	status: FindingStatus;
	/** One line: what was found. */
	summary: string;
	/** More lines for `-v` and `--json`. Never a secret. */
	detail?: string[];
	/** Absent on a pass. */
	fix?: FindingFix;
};

/** The managed settings file (the highest-precedence scope), read but never written. */
export type ManagedSettings = {
	path: string;
	exists: boolean;
	text: string;
	data: Record<string, unknown> | undefined;
	problem?: ParseProblem | {message: string};
};

/** A shell start-up file that exists, with its text. */
export type ShellFile = {path: string; text: string};

/** Everything the checks read from disk, gathered once before they start. */
export type DoctorFacts = {
	platform: NodeJS.Platform;
	env: Environment;
	home: string;
	claudeConfigDir: string;
	/** User, project and local settings, in that order. */
	snapshots: SettingsSnapshot[];
	managed: ManagedSettings;
	/** The shell start-up files that exist. */
	shellFiles: ShellFile[];
	/** claude-setup's own helper: its command, and whether its files are there. */
	helper: HelperInstallation;
	/** NODE_EXTRA_CA_CERTS, when set: whether the file it names exists. */
	extraCaCertificates?: {path: string; exists: boolean};
	/** Whether Claude Code's own sign-in file exists; undefined where the sign-in lives in a keychain (macOS). */
	hasLoginCredentialsFile?: boolean;
};

/** The configured apiKeyHelper's run, once: stdout is the key and is kept out of every message. */
export type HelperRun = ProcessResult & {command: string; elapsedMs: number};

export type DoctorContext = {
	ports: Ports;
	facts: DoctorFacts;
	/** Runs the apiKeyHelper Claude Code would use (at most once per doctor run); undefined when none may be run. */
	helperRun(): Promise<HelperRun | undefined>;
	/** Remembers a secret the checks came across, so the report can be scrubbed of it whatever a check wrote. */
	noteSecret(value: string | undefined): void;
	/** A path as a user would recognise it (`~/.claude/settings.json`). */
	show(target: string): string;
	/** Milliseconds since the epoch (the clock check compares it with a server's). */
	now(): number;
};

export type DoctorCheck = {
	id: string;
	title: string;
	/** A check still running after this long is cut and reported as failed. */
	timeoutMs: number;
	run(context: DoctorContext): Promise<Finding>;
};

/** A finished check, in the order of the checklist. */
export type CheckReport = {id: string; title: string; elapsedMs: number} & Finding;
