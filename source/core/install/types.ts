/** Installing Claude Code, as data: methods and their exact commands, existing installs, failures. */

export type InstallMethodId = 'native' | 'npm' | 'homebrew' | 'winget' | 'apt' | 'dnf' | 'apk';

export type InstallCommand = {
	/** What is run: a program and its arguments (never a shell string built from input). */
	steps: Array<{file: string; args: string[]}>;
	/** The command as a person would type it, for the screen and the docs. */
	display: string;
	/**
	Set when a step downloads an installer script first: `url` is the argument the download step
	fetches, and the adapter puts the script in a fresh temp folder under `fileName`, replacing the
	`{installer}` placeholder in every step's arguments with its path.
	*/
	installer?: {url: string; fileName: string};
};

export type InstallMethod = {
	id: InstallMethodId;
	label: string;
	description: string;
	/** Whether the wizard can run it here (the tool exists, the platform fits). */
	isAvailable: boolean;
	/** Why it is not available, in plain words. */
	unavailableReason?: string;
	command: InstallCommand;
	isRecommended?: boolean;
};

export type ExistingInstallKind = 'native' | 'npm' | 'homebrew' | 'winget' | 'legacy-local' | 'unknown';

export type ExistingInstall = {
	kind: ExistingInstallKind;
	/** The `claude` executable. */
	path: string;
	version?: string;
	/** Whether this one is what `claude` resolves to on PATH. */
	isOnPath: boolean;
};

/** A stable name for each diagnosed cause, for tests and for the screen to pick an icon or link. */
export type InstallFailureReason =
	| 'npm-permissions'
	| 'permissions'
	| 'missing-tool'
	| 'network'
	| 'tls-proxy'
	| 'html-instead-of-script'
	| 'region'
	| 'http-error'
	| 'out-of-memory'
	| 'disk-full'
	| 'native-binary-missing'
	| 'file-exists'
	| 'unknown';

export type InstallFailure = {
	reason?: InstallFailureReason;
	/** Plain-words cause, e.g. "npm may not write to its global folder (EACCES)". */
	cause: string;
	/** What to do next, as a sentence or command. */
	fix: string;
};

export type InstallOutcome =
	| {kind: 'installed'; exitCode: 0}
	| {kind: 'failed'; exitCode: number | undefined; tail: string[]; failure: InstallFailure}
	| {kind: 'cancelled'; tail: string[]};

export type InstallVerification = {
	/** `claude --version` ran and printed this. */
	version?: string;
	/** Where the newly installed binary is. */
	binaryPath?: string;
	/** The folder that must be on PATH. */
	binDirectory?: string;
	isOnPath: boolean;
	/** What went wrong when `claude --version` did not run. */
	problem?: string;
	/**
	Another `claude` that PATH finds first (an older npm install, say): typing `claude` runs that one,
	not `binaryPath`. Set only when `binaryPath` was found at the expected kind's own location.
	*/
	shadowedBy?: string;
};

/** A planned edit of a shell start-up file to put Claude Code's folder on PATH. */
export type PathFixPlan = {
	/** ~/.zshrc, ~/.bashrc, ~/.config/fish/config.fish, … */
	file: string;
	/** The exact line added. */
	line: string;
	/** How to load it without opening a new terminal, e.g. "source ~/.zshrc". */
	reload: string;
	alreadyPresent: boolean;
};
