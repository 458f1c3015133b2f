import {access, readdir, readFile, stat, statfs} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {ProcessRunner, SystemProbe} from '../core/ports.js';
import type {SystemSnapshot} from '../core/requirements/types.js';
import {resolvePaths} from './paths.js';
import {createProcessRunner, findOnPath} from './processes.js';
import {detectContainer} from '../core/auth/login-environment.js';

/**
The facts the requirements step needs, from Node built-ins and two or three tiny commands. The
`systeminformation` package was considered and left out on purpose: its probes spawn many processes
and take seconds, while these built-ins give the same facts in well under a second.

Every part is bounded and they run concurrently; a part that fails or runs late leaves its value
undefined rather than failing the snapshot.
*/
export type SystemProbeOptions = {
	env?: NodeJS.ProcessEnv;
	platform?: NodeJS.Platform;
	/** Runs `git --version`, `sw_vers`, `ldd --version`; defaults to the execa-based runner. */
	run?: ProcessRunner['run'];
	/** The folder whose file system Claude Code installs into; defaults to the home folder. */
	home?: string;
	/** The bound for each part; the snapshot as a whole takes about as long as the slowest part. */
	timeoutMs?: number;
};

/** Creates the probe; `snapshot()` never throws. */
export function createSystemProbe(options: SystemProbeOptions = {}): SystemProbe {
	const env = options.env ?? process.env;
	const platform = options.platform ?? process.platform;
	const run = options.run ?? createProcessRunner(env, platform).run;
	const timeoutMs = options.timeoutMs ?? 1500;
	const kind = platformKind(platform);

	return {
		async snapshot() {
			const home = options.home ?? resolvePaths(env).home;
			const [osInfo, wsl, isMusl, freeDiskBytes, gitVersion, gitBashPath, isContainer] = await Promise.all([
				bounded(async () => readOsInfo(kind, run, timeoutMs), timeoutMs, fallbackOsInfo(kind)),
				kind === 'linux' ? bounded(async () => readWsl(env), timeoutMs, undefined) : undefined,
				kind === 'linux' ? bounded(async () => detectMusl(run, timeoutMs), timeoutMs, undefined) : undefined,
				bounded(async () => freeBytes(home), timeoutMs, undefined),
				bounded(async () => readGitVersion(run, env, kind, timeoutMs), timeoutMs, undefined),
				kind === 'win32' ? bounded(async () => findGitBash(env), timeoutMs, undefined) : undefined,
				kind === 'linux' ? bounded(async () => readContainer(env), timeoutMs, undefined) : false,
			]);
			return {
				platform: kind,
				...osInfo,
				arch: os.arch(),
				totalMemoryBytes: os.totalmem(),
				freeDiskBytes,
				shell: shellOf(env, kind),
				wsl,
				gitBashPath,
				nodeVersion: process.versions.node,
				gitVersion,
				isMusl,
				isContainer,
			};
		},
	};
}

/** Resolves to `fallback` when `work` fails or is still running after `timeoutMs`. */
async function bounded<T>(work: () => Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<T>(resolve => {
		timer = setTimeout(() => resolve(fallback), timeoutMs);
	});
	try {
		return await Promise.race([work().catch(() => fallback), late]);
	} finally {
		clearTimeout(timer);
	}
}

function platformKind(platform: NodeJS.Platform): SystemSnapshot['platform'] {
	return platform === 'darwin' || platform === 'linux' || platform === 'win32' || platform === 'freebsd' ? platform : 'other';
}

type OsInfo = Pick<SystemSnapshot, 'osName' | 'osVersion' | 'distroId' | 'distroLike'>;

async function readOsInfo(kind: SystemSnapshot['platform'], run: ProcessRunner['run'], timeoutMs: number): Promise<OsInfo> {
	switch (kind) {
		case 'linux': {
			const text = await readFile('/etc/os-release', 'utf8').catch(async () => readFile('/usr/lib/os-release', 'utf8'));
			const fields = parseOsRelease(text);
			const distroLike = fields['ID_LIKE']?.split(/\s+/).filter(Boolean);
			return {
				osName: fields['NAME'] ?? 'Linux',
				osVersion: fields['VERSION_ID'] ?? '',
				distroId: fields['ID'],
				...(distroLike?.length ? {distroLike} : {}),
			};
		}

		case 'darwin': {
			const result = await run('sw_vers', ['-productVersion'], {timeoutMs});
			return {osName: 'macOS', osVersion: parseSwVers(result.stdout) ?? macosFromDarwin(os.release()) ?? ''};
		}

		case 'win32': {
			return {osName: os.version() || 'Windows', osVersion: parseWindowsRelease(os.release()) ?? os.release()};
		}

		default: {
			return {osName: os.type(), osVersion: os.release()};
		}
	}
}

/** What is known without files or commands; a Linux kernel release is not a distribution version. */
function fallbackOsInfo(kind: SystemSnapshot['platform']): OsInfo {
	switch (kind) {
		case 'linux': {
			return {osName: 'Linux', osVersion: ''};
		}

		case 'darwin': {
			return {osName: 'macOS', osVersion: macosFromDarwin(os.release()) ?? ''};
		}

		default: {
			return {osName: os.type(), osVersion: os.release()};
		}
	}
}

/** KEY=value lines of /etc/os-release, with shell-style quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const line of text.split(/\r?\n/)) {
		const match = /^\s*([A-Z\d_]+)=(.*)$/.exec(line);
		if (match?.[1] && match[2] !== undefined) {
			fields[match[1]] = unquote(match[2].trim());
		}
	}

	return fields;
}

function unquote(value: string): string {
	const quoted = /^(["'])(.*)\1$/.exec(value);
	return quoted?.[2] === undefined ? value : quoted[1] === '"' ? quoted[2].replaceAll(/\\(["\\$`])/g, '$1') : quoted[2];
}

/** `sw_vers -productVersion` prints "14.5" (or "26.0.1"); anything else is not a version. */
export function parseSwVers(output: string): string | undefined {
	return /^\s*(\d+(?:\.\d+)*)\s*$/.exec(output)?.[1];
}

/** A fallback when sw_vers did not answer: Darwin 20–24 are macOS 11–15, Darwin 25 is macOS 26. */
export function macosFromDarwin(release: string): string | undefined {
	const darwin = Number(/^(\d+)\./.exec(release)?.[1]);
	if (!Number.isInteger(darwin) || darwin < 20) {
		return undefined;
	}

	return String(darwin >= 25 ? darwin + 1 : darwin - 9);
}

/** `os.release()` on Windows is "10.0.19045": major.minor.build, the build is what decides support. */
export function parseWindowsRelease(release: string): string | undefined {
	return /^\s*(\d+\.\d+\.\d+)/.exec(release)?.[1];
}

/** "git version 2.45.1.windows.1" -> "2.45.1". */
export function parseGitVersion(output: string): string | undefined {
	return /git version (\d+(?:\.\d+)+)/.exec(output)?.[1];
}

/**
WSL from /proc/version: WSL 2 runs Microsoft's real kernel ("5.15.153.1-microsoft-standard-WSL2",
older "4.19.128-microsoft-standard"); WSL 1 has no Linux kernel and reports Windows' build instead
("4.4.0-19041-Microsoft"). WSL_INTEROP exists only under WSL 2, so it settles a custom kernel name.
*/
export function parseProcVersion(text: string, env: NodeJS.ProcessEnv = {}): {version: 1 | 2} | undefined {
	const isWsl = /microsoft/i.test(text) || Boolean(env['WSL_DISTRO_NAME']);
	if (!isWsl) {
		return undefined;
	}

	return {version: /WSL2|microsoft-standard/i.test(text) || env['WSL_INTEROP'] ? 2 : 1};
}

/** Whether this runs inside a container: no browser opens there, so the login needs the paste-the-code path. */
async function readContainer(env: NodeJS.ProcessEnv): Promise<boolean> {
	const exists = async (file: string) => stat(file).then(() => true, () => false);
	const [procOneCgroup, dockerEnvExists, containerEnvExists] = await Promise.all([
		readFile('/proc/1/cgroup', 'utf8').catch(() => undefined),
		exists('/.dockerenv'),
		exists('/run/.containerenv'),
	]);
	return detectContainer({procOneCgroup, dockerEnvExists, containerEnvExists, env});
}

async function readWsl(env: NodeJS.ProcessEnv): Promise<SystemSnapshot['wsl']> {
	// /proc/sys/fs/binfmt_misc/WSLInterop is registered under WSL 1 as well, so it cannot tell the versions apart.
	const text = await readFile('/proc/version', 'utf8').catch(() => '');
	const wsl = parseProcVersion(text, env);
	const distro = env['WSL_DISTRO_NAME'];
	return wsl && distro ? {...wsl, distro} : wsl;
}

async function detectMusl(run: ProcessRunner['run'], timeoutMs: number): Promise<boolean> {
	// musl's loader is /lib/ld-musl-<arch>.so.1; `ldd --version` names musl (on stderr) where the file check cannot see.
	const [hasLoader, lddSaysMusl] = await Promise.all([
		readdir('/lib').then(names => names.some(name => name.startsWith('ld-musl-')), () => false),
		run('ldd', ['--version'], {timeoutMs}).then(result => /musl/i.test(result.stdout + result.stderr), () => false),
	]);
	return hasLoader || lddSaysMusl;
}

async function freeBytes(folder: string): Promise<number | undefined> {
	const stats = await statfs(folder);
	// bavail, not bfree: blocks reserved for root are not available to a normal install.
	const free = stats.bavail * stats.bsize;
	return Number.isFinite(free) && free >= 0 ? free : undefined;
}

async function readGitVersion(run: ProcessRunner['run'], env: NodeJS.ProcessEnv, kind: SystemSnapshot['platform'], timeoutMs: number): Promise<string | null | undefined> {
	if (kind === 'darwin' && (await isXcodeGitStub(run, env, timeoutMs))) {
		return null;
	}

	const result = await run('git', ['--version'], {timeoutMs});
	if (result.notFound) {
		return null;
	}

	return result.exitCode === 0 ? parseGitVersion(result.stdout) : undefined;
}

/**
On a Mac without the Command Line Tools, /usr/bin/git is a stub that opens an "install developer
tools" dialog when run. Asking xcode-select first keeps a requirements check from popping that up.
*/
async function isXcodeGitStub(run: ProcessRunner['run'], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<boolean> {
	const git = await findOnPath('git', env, 'darwin');
	if (git !== '/usr/bin/git') {
		return false;
	}

	const tools = await run('xcode-select', ['-p'], {timeoutMs});
	return tools.exitCode !== 0;
}

/** Where Claude Code itself looks for Git Bash, in its order; null when none exists. */
async function findGitBash(env: NodeJS.ProcessEnv): Promise<string | null> {
	const configured = env['CLAUDE_CODE_GIT_BASH_PATH'];
	const candidates = [
		...(configured && /^(?:bash|sh)(?:\.exe)?$/i.test(path.win32.basename(configured)) ? [configured] : []),
		String.raw`C:\Program Files\Git\bin\bash.exe`,
		String.raw`C:\Program Files (x86)\Git\bin\bash.exe`,
	];
	for (const candidate of candidates) {
		// eslint-disable-next-line no-await-in-loop -- the first existing one wins, in order
		if (await exists(candidate)) {
			return candidate;
		}
	}

	const git = await findOnPath('git', env, 'win32');
	const besideGit = git ? path.win32.join(git, '..', '..', 'bin', 'bash.exe') : undefined;
	return besideGit && (await exists(besideGit)) ? besideGit : null;
}

async function exists(file: string): Promise<boolean> {
	return access(file).then(
		() => true,
		() => false,
	);
}

/**
The shell a person types in. On Windows SHELL is set only inside Git Bash; otherwise cmd defines
PROMPT and PowerShell does not. That guess can be wrong (npx runs through a cmd shim), but both pass.
*/
function shellOf(env: NodeJS.ProcessEnv, kind: SystemSnapshot['platform']): string | undefined {
	const shell = env['SHELL']?.trim();
	if (shell) {
		return shell;
	}

	if (kind === 'win32') {
		return env['PROMPT'] ? 'cmd' : 'powershell';
	}

	return undefined;
}
