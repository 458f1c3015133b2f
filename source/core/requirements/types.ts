/**
System requirements as data. Adapters produce a `SystemSnapshot` and `ReachResult`s; pure evaluators
turn them into rows a person can act on (pass / warn / fail, with the fix).
*/

export type CheckStatus = 'pass' | 'warn' | 'fail';

export type RequirementResult = {
	/** Stable id: 'os', 'arch', 'memory', 'disk', 'shell', 'wsl', 'git-bash', 'node', 'git', or `network:<host>`. */
	id: string;
	/** The row's label, e.g. "Operating system". */
	title: string;
	status: CheckStatus;
	/** What was found, e.g. "Ubuntu 22.04". */
	summary: string;
	/** What to do, as a sentence or a command; absent on a pass. */
	fix?: string;
	/** A failed hard requirement stops the wizard; a failed soft one only warns. */
	isHard?: boolean;
};

export type SystemSnapshot = {
	platform: 'darwin' | 'linux' | 'win32' | 'freebsd' | 'other';
	/** "macOS", "Ubuntu", "Debian GNU/Linux", "Alpine Linux", "Windows", … */
	osName: string;
	/** "13.4", "22.04", "10.0.19045" (Windows: major.minor.build). */
	osVersion: string;
	/** Linux distribution id from /etc/os-release: "ubuntu", "debian", "alpine", … */
	distroId?: string;
	/** /etc/os-release ID_LIKE ("ubuntu debian" on Linux Mint): picks the package manager in fixes. */
	distroLike?: string[];
	arch: string;
	totalMemoryBytes: number;
	/** Free space where Claude Code installs (the home folder's file system); undefined if unknown. */
	freeDiskBytes?: number;
	/** The user's login shell, e.g. "/bin/zsh" (SHELL), or "powershell"/"cmd" on Windows. */
	shell?: string;
	/** Inside a Docker, Podman, LXC or Kubernetes container (Linux only; undefined when unknown). */
	isContainer?: boolean;
	/** Linux under Windows; version 1 lacks sandboxing and can fail with "Exec format error". */
	wsl?: {
		version: 1 | 2;
		/** WSL_DISTRO_NAME, for the exact `wsl --set-version` command. */
		distro?: string;
	};
	/** Windows: where Git Bash is, or null when it was looked for and not found. */
	gitBashPath?: string | null;
	nodeVersion: string;
	/** `git --version`'s number, or null when git is not installed. */
	gitVersion?: string | null;
	/** musl libc (Alpine): needs extra packages for Claude Code. */
	isMusl?: boolean;
};

export type ReachStatus = 'reachable' | 'intercepted' | 'unreachable' | 'timeout' | 'dns' | 'proxy-failed' | 'tls-error';

export type ReachResult = {
	host: string;
	status: ReachStatus;
	/** The proxy used, with any password removed; undefined when connecting directly. */
	proxy?: string;
	/** Plain-words detail (the error code, the issuer of an intercepting certificate, …). */
	detail?: string;
	/**
	The subject of the root certificate a TLS-inspecting proxy presented. Also set on a `reachable`
	result when that root is not a public one but is trusted through NODE_EXTRA_CA_CERTS.
	*/
	interceptedBy?: string;
	elapsedMs: number;
};

/** Where model traffic goes, which decides the hosts worth checking. */
export type EndpointMethod = 'first-party' | 'bedrock' | 'vertex' | 'foundry' | 'gateway';
