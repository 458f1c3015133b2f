import {constants as fsConstants} from 'node:fs';
import {access, chown, lstat, mkdir, mkdtemp, open, readFile, readlink, realpath, rename, rm, stat} from 'node:fs/promises';
import {constants as osConstants, tmpdir} from 'node:os';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import {
	defaultInstallerUrl,
	diagnoseInstallFailure,
	installerPlaceholder,
	pathFixTarget,
	planPathFix,
	type InstallMethodsContext,
} from '../core/install/methods.js';
import type {
	ExistingInstall,
	ExistingInstallKind,
	InstallMethod,
	InstallMethodId,
	InstallOutcome,
	InstallVerification,
	PathFixPlan,
} from '../core/install/types.js';
import {loadExeca} from './lazy-execa.js';
import {findOnPath} from './processes.js';
import {writeNewFile, writeNewFileWhole} from './write-new-file.js';

/**
Installing Claude Code for real: finding the installs already there, running an install method with
its output streamed line by line, checking the result with `claude --version`, and putting the
install folder on PATH. Every child gets an argument array (never a shell string), closed stdin and a
bound on time or a way to be cancelled, so a stuck installer can never hang the wizard.
*/

const versionTimeoutMs = 10_000;
const tailLength = 40;
// How long a cancelled installer gets to exit on SIGTERM before SIGKILL.
const forceKillAfterMs = 2000;
// After SIGKILL, how long to wait for the output pipes to close before giving up on them: a child
// that left its process group could otherwise hold them open for ever.
const cancelGraceMs = 3000;

/** The comment written above the PATH line, so a person reading their rc file knows where it came from. */
export const pathFixComment = "# Added by claude-setup: Claude Code's folder on PATH";

type Platform = NodeJS.Platform;

function executableName(platform: Platform): string {
	return platform === 'win32' ? 'claude.exe' : 'claude';
}

function pathEntries(env: NodeJS.ProcessEnv, platform: Platform): string[] {
	return (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
}

function samePath(a: string, b: string, platform: Platform): boolean {
	const normalize = (value: string) => {
		const resolved = path.resolve(value);
		return platform === 'win32' ? resolved.toLowerCase() : resolved;
	};

	return normalize(a) === normalize(b);
}

async function isExecutable(file: string, platform: Platform): Promise<boolean> {
	try {
		const info = await stat(file);
		if (!info.isFile()) {
			return false;
		}

		await access(file, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
		return true;
	} catch {
		return false;
	}
}

async function realpathOr(file: string): Promise<string> {
	try {
		return await realpath(file);
	} catch {
		return file;
	}
}

/** Every `claude` on PATH, in PATH order, like `which -a claude`. */
export async function findAllOnPath(file: string, env: NodeJS.ProcessEnv, platform: Platform): Promise<string[]> {
	const extensions = platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
	const candidates = pathEntries(env, platform).flatMap(directory => extensions.map(extension => path.join(directory, file + extension)));
	const checked = await Promise.all(candidates.map(async candidate => ((await isExecutable(candidate, platform)) ? candidate : undefined)));
	const found: string[] = [];
	for (const candidate of checked) {
		if (candidate !== undefined && !found.some(existing => samePath(existing, candidate, platform))) {
			found.push(candidate);
		}
	}

	return found;
}

/** The installer script URL: an explicit option, else CLAUDE_SETUP_INSTALLER_URL, else Anthropic's. */
export function installerUrlFrom(env: NodeJS.ProcessEnv, platform: Platform = process.platform, override?: string): string {
	// CLAUDE_SETUP_INSTALLER_URL exists for the tests only (they serve a fake installer on 127.0.0.1);
	// it is not a documented setting.
	return override ?? env['CLAUDE_SETUP_INSTALLER_URL'] ?? defaultInstallerUrl(platform);
}

/** What `installMethods` needs: which tools exist here, Node's major version, the installer URL. */
export async function detectInstallEnvironment(options: {env: NodeJS.ProcessEnv; platform: Platform; nodeVersion?: string}): Promise<InstallMethodsContext> {
	const {env, platform} = options;
	const has = async (file: string) => (await findOnPath(file, env, platform)) !== undefined;
	const [hasCurl, hasNpm, hasBrew, hasWinget] = await Promise.all([has('curl'), has('npm'), has('brew'), platform === 'win32' ? has('winget') : false]);
	const nodeMajor = Number.parseInt((options.nodeVersion ?? process.versions.node).replace(/^v/, ''), 10);
	return {platform, hasCurl, hasNpm, hasBrew, hasWinget, nodeMajor, installerUrl: installerUrlFrom(env, platform)};
}

// ---------------------------------------------------------------------------------------------
// Finding installs

/**
npm's global bin folder, worked out the way npm does it rather than by running `npm prefix -g`:
running npm creates ~/.npm and writes a debug log there, and merely looking must leave no trace
(Ctrl-C at any step leaves the machine as it was). Order: npm_config_prefix, a `prefix=` line in
~/.npmrc, then the folder above the npm found on PATH (npm's own default, next to its node).
*/
async function npmGlobalBin(env: NodeJS.ProcessEnv, platform: Platform, home: string): Promise<string | undefined> {
	let prefix = env['npm_config_prefix'] ?? env['NPM_CONFIG_PREFIX'] ?? (await prefixFromNpmrc(path.join(home, '.npmrc')));
	if (!prefix) {
		const npm = await findOnPath('npm', env, platform);
		if (!npm) {
			return undefined;
		}

		// npm's default prefix is the folder its node lives in: <prefix>/bin/npm, or <prefix>\npm.cmd on Windows.
		prefix = platform === 'win32' ? path.dirname(npm) : path.dirname(path.dirname(npm));
	}

	if (!prefix) {
		return undefined;
	}

	// npm puts global executables straight in the prefix on Windows and in <prefix>/bin elsewhere.
	return platform === 'win32' ? prefix : path.join(prefix, 'bin');
}

async function prefixFromNpmrc(file: string): Promise<string | undefined> {
	const text = await readFile(file, 'utf8').catch(() => '');
	const value = /^\s*prefix\s*=\s*(.+?)\s*$/m.exec(text)?.[1];
	return value?.replace(/^["']|["']$/g, '').replace(/^~(?=\/|$)/, path.dirname(file)) || undefined;
}

function isInside(file: string, directory: string, platform: Platform): boolean {
	const relative = path.relative(directory, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && (platform !== 'win32' || !/^[a-z]:/i.test(relative));
}

type KindContext = {home: string; platform: Platform; npmBin?: string};

/** Which install method put a `claude` here, from where it is and where it really points. */
function kindOf(file: string, real: string, context: KindContext): ExistingInstallKind | undefined {
	const {home, platform} = context;
	const forward = (value: string) => value.replaceAll('\\', '/');
	const nativeLauncher = path.join(home, '.local', 'bin', executableName(platform));
	if (samePath(file, nativeLauncher, platform) || isInside(real, path.join(home, '.local', 'share', 'claude'), platform)) {
		return 'native';
	}

	const legacy = path.join(home, '.claude', 'local');
	if (isInside(file, legacy, platform) || isInside(real, legacy, platform)) {
		return 'legacy-local';
	}

	if (forward(real).includes('/Caskroom/')) {
		return 'homebrew';
	}

	if (/\/WinGet\//i.test(forward(real)) || /\/WinGet\//i.test(forward(file))) {
		return 'winget';
	}

	if (forward(real).includes('node_modules/@anthropic-ai/claude-code') || (context.npmBin && samePath(path.dirname(file), context.npmBin, platform))) {
		return 'npm';
	}

	return undefined;
}

/** Parses `2.1.331 (Claude Code)` and the like. */
export function parseVersion(output: string): string | undefined {
	return /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(output)?.[1];
}

async function runVersion(file: string, env: NodeJS.ProcessEnv): Promise<{version?: string; problem?: string}> {
	const execa = await loadExeca();
	const result = await execa(file, ['--version'], {
		env,
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		timeout: versionTimeoutMs,
		all: true,
		windowsHide: true,
	});
	const output = stripAnsi(String(result.all ?? '')).trim();
	const version = result.exitCode === 0 ? parseVersion(output) : undefined;
	if (version) {
		return {version};
	}

	if (result.timedOut) {
		return {problem: `\`${file} --version\` did not answer within ${versionTimeoutMs / 1000} seconds.`};
	}

	const firstLines = output.split(/\r?\n/).slice(0, 3).join(' ').trim();
	const status = result.exitCode === undefined ? (result.signal ? `was stopped by ${result.signal}` : 'could not be started') : `exited with code ${result.exitCode}`;
	return {problem: `\`${file} --version\` ${status}${firstLines ? `: ${firstLines}` : ' and printed nothing'}.`};
}

/**
Every Claude Code install on this machine: the native launcher, the old ~/.claude/local install,
npm's global folder, Homebrew, WinGet, and every `claude` on PATH. Duplicates (the same program
reached by two paths) are merged; versions come from `claude --version`, run concurrently.
*/
export async function detectInstalls(options: {env: NodeJS.ProcessEnv; home: string; platform: Platform}): Promise<ExistingInstall[]> {
	const {env, home, platform} = options;
	const [onPath, npmBin] = await Promise.all([findAllOnPath('claude', env, platform), npmGlobalBin(env, platform, options.home)]);
	const context: KindContext = {home, platform, npmBin};
	const known: Array<{file: string; kind?: ExistingInstallKind}> = [
		{file: path.join(home, '.local', 'bin', executableName(platform)), kind: 'native'},
		{file: path.join(home, '.claude', 'local', platform === 'win32' ? 'claude.cmd' : 'claude'), kind: 'legacy-local'},
		...(npmBin ? [{file: path.join(npmBin, platform === 'win32' ? 'claude.cmd' : 'claude'), kind: 'npm' as const}] : []),
		// These folders hold many programs; a `claude` there counts as Homebrew's only when it leads into a Caskroom.
		...(platform === 'win32' ? [] : ['/opt/homebrew/bin/claude', '/usr/local/bin/claude', '/home/linuxbrew/.linuxbrew/bin/claude'].map(file => ({file}))),
		...(platform === 'win32' && env['LOCALAPPDATA']
			? [{file: path.join(env['LOCALAPPDATA'], 'Microsoft', 'WinGet', 'Links', 'claude.exe'), kind: 'winget' as const}]
			: []),
	];

	const candidates = [...onPath.map(file => ({file, kind: undefined as ExistingInstallKind | undefined, fromPath: true})), ...known.map(entry => ({...entry, fromPath: false}))];
	const inspected = await Promise.all(
		candidates.map(async candidate => {
			if (!(await isExecutable(candidate.file, platform))) {
				return undefined;
			}

			const real = await realpathOr(candidate.file);
			const kind = kindOf(candidate.file, real, context) ?? candidate.kind;
			if (kind === undefined && !candidate.fromPath) {
				return undefined;
			}

			return {file: candidate.file, real, kind: kind ?? 'unknown'};
		}),
	);

	const firstOnPath = inspected.find((entry, index) => entry && candidates[index]?.fromPath);
	const unique: Array<{file: string; real: string; kind: ExistingInstallKind}> = [];
	for (const entry of inspected) {
		if (!entry) {
			continue;
		}

		const index = unique.findIndex(existing => samePath(existing.real, entry.real, platform));
		if (index === -1) {
			unique.push(entry);
		} else if (unique[index]?.kind === 'unknown' && entry.kind !== 'unknown') {
			// The same program reached through a link elsewhere on PATH: name it by its install's own path.
			unique[index] = entry;
		}
	}

	return Promise.all(
		unique.map(async entry => {
			const {version} = await runVersion(entry.file, env);
			return {
				kind: entry.kind,
				path: entry.file,
				...(version ? {version} : {}),
				isOnPath: firstOnPath !== undefined && samePath(firstOnPath.real, entry.real, platform),
			};
		}),
	);
}

/** Where each kind of install keeps its `claude`, best first. */
async function knownLocations(kind: ExistingInstallKind, env: NodeJS.ProcessEnv, home: string, platform: Platform): Promise<string[]> {
	switch (kind) {
		case 'native': {
			return [path.join(home, '.local', 'bin', executableName(platform))];
		}

		case 'npm': {
			const bin = await npmGlobalBin(env, platform, home);
			return bin ? [path.join(bin, platform === 'win32' ? 'claude.cmd' : 'claude')] : [];
		}

		case 'homebrew': {
			return platform === 'win32' ? [] : ['/opt/homebrew/bin/claude', '/usr/local/bin/claude', '/home/linuxbrew/.linuxbrew/bin/claude'];
		}

		case 'winget': {
			return platform === 'win32' && env['LOCALAPPDATA'] ? [path.join(env['LOCALAPPDATA'], 'Microsoft', 'WinGet', 'Links', 'claude.exe')] : [];
		}

		case 'legacy-local': {
			return [path.join(home, '.claude', 'local', platform === 'win32' ? 'claude.cmd' : 'claude')];
		}

		case 'unknown': {
			return [];
		}
	}
}

async function firstExecutable(files: string[], platform: Platform): Promise<string | undefined> {
	for (const file of files) {
		// eslint-disable-next-line no-await-in-loop -- the first existing location wins, in order
		if (await isExecutable(file, platform)) {
			return file;
		}
	}

	return undefined;
}

function asKind(expected: ExistingInstallKind | InstallMethodId | undefined): ExistingInstallKind | undefined {
	// apt, dnf and apk install into system folders that are already on PATH.
	return expected === 'apt' || expected === 'dnf' || expected === 'apk' ? undefined : expected;
}

/**
Checks that Claude Code really works after an install: finds `claude` (the expected kind's own
location first when given, else PATH, else the known locations), runs `claude --version`, and
says whether its folder is on PATH.
*/
export async function verifyInstall(options: {
	env: NodeJS.ProcessEnv;
	home: string;
	platform: Platform;
	expectedKind?: ExistingInstallKind | InstallMethodId;
}): Promise<InstallVerification> {
	const {env, home, platform} = options;
	const expected = asKind(options.expectedKind);
	const pathMatch = await findOnPath('claude', env, platform);
	let binaryPath: string | undefined;
	let shadowedBy: string | undefined;
	if (expected) {
		binaryPath = await firstExecutable(await knownLocations(expected, env, home, platform), platform);
		if (binaryPath && pathMatch && (await realpathOr(pathMatch)) !== (await realpathOr(binaryPath))) {
			shadowedBy = pathMatch;
		}
	}

	if (!binaryPath) {
		binaryPath = pathMatch;
	}

	if (!binaryPath) {
		const kinds: ExistingInstallKind[] = ['native', 'npm', 'homebrew', 'winget', 'legacy-local'];
		const locations = (await Promise.all(kinds.map(async kind => knownLocations(kind, env, home, platform)))).flat();
		binaryPath = await firstExecutable(locations, platform);
	}

	if (!binaryPath) {
		return {isOnPath: false, problem: 'No `claude` program was found, neither on PATH nor where installers put it.'};
	}

	const binDirectory = path.dirname(binaryPath);
	const isOnPath = pathEntries(env, platform).some(entry => samePath(entry, binDirectory, platform));
	const {version, problem} = await runVersion(binaryPath, env);
	return {
		...(version ? {version} : {}),
		binaryPath,
		binDirectory,
		isOnPath,
		...(problem ? {problem} : {}),
		...(shadowedBy ? {shadowedBy} : {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Running an install

// The ECMA-48 escape sequences terminals use for colour and cursor movement (after ansi-regex).
const ansiPattern =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u001B\u009B][[\]()#;?]*(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007|(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~])/g;

/** Removes colours, cursor moves and other control characters, which would garble the wizard's screen. */
export function stripAnsi(text: string): string {
	// eslint-disable-next-line no-control-regex -- as above
	return text.replaceAll(ansiPattern, '').replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

function signalExitCode(signal: string | undefined): number | undefined {
	const number = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
	// What a shell reports for a child killed by a signal, so "Killed" reads as exit 137 everywhere.
	return number === undefined ? undefined : 128 + number;
}

/** Collects a child's merged output into lines, whatever the chunk boundaries. */
function lineSplitter(emit: (line: string) => void): {write: (chunk: Buffer | string) => void; end: () => void} {
	const decoder = new StringDecoder('utf8');
	let pending = '';
	const flush = (final: boolean) => {
		// `\r` alone also ends a line: progress bars redraw with it.
		const parts = pending.split(/\r\n|\n|\r/);
		// The last part is a line still being written, unless the stream has ended.
		pending = final ? '' : (parts.pop() ?? '');
		for (const part of parts) {
			emit(part);
		}
	};

	return {
		write(chunk) {
			pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
			flush(false);
		},
		end() {
			pending += decoder.end();
			flush(true);
		},
	};
}

/**
Runs an install method's steps in order, streaming every output line (stdout and stderr, colours
removed) to `onOutput` as it arrives. The native installer is downloaded to a fresh temp folder,
checked, run, and deleted. Aborting `signal` stops the child and everything it started.
*/
export async function runInstall(
	method: InstallMethod,
	options: {env: NodeJS.ProcessEnv; onOutput: (line: string) => void; signal: AbortSignal; installerUrl?: string},
): Promise<InstallOutcome> {
	const {env, signal} = options;
	const tail: string[] = [];
	const emit = (raw: string) => {
		const line = stripAnsi(raw).trimEnd();
		if (line === '') {
			return;
		}

		tail.push(line);
		if (tail.length > tailLength) {
			tail.shift();
		}

		try {
			options.onOutput(line);
		} catch {
			// A failing screen update must not break the install that is running.
		}
	};

	if (signal.aborted) {
		return {kind: 'cancelled', tail};
	}

	if (method.command.steps.length === 0) {
		const failure = {cause: `${method.label} cannot be run by claude-setup: ${method.unavailableReason ?? 'it has no commands to run'}`, fix: `Run it yourself:\n${method.command.display}`};
		return {kind: 'failed', exitCode: undefined, tail, failure};
	}

	const {installer} = method.command;
	let workDirectory: string | undefined;
	try {
		let installerPath: string | undefined;
		if (installer) {
			workDirectory = await mkdtemp(path.join(tmpdir(), 'claude-setup-install-'));
			installerPath = path.join(workDirectory, installer.fileName);
		}

		// The method's own URL (https://claude.ai/install.sh unless the caller chose another) is the
		// fallback; CLAUDE_SETUP_INSTALLER_URL is for the tests only, which serve a fake installer.
		const url = installer ? (options.installerUrl ?? env['CLAUDE_SETUP_INSTALLER_URL'] ?? installer.url) : undefined;
		const steps = method.command.steps.map(step => ({
			file: step.file,
			args: step.args.map(argument => {
				if (argument === installerPlaceholder && installerPath) {
					return installerPath;
				}

				return installer && url && argument === installer.url ? url : argument;
			}),
		}));

		for (const [index, step] of steps.entries()) {
			if (signal.aborted) {
				return {kind: 'cancelled', tail};
			}

			// Before the downloaded script runs, make sure it is one: a proxy or captive portal answers with a web page.
			if (index > 0 && installerPath && step.args.includes(installerPath)) {
				// eslint-disable-next-line no-await-in-loop -- steps run in order
				const problem = await checkInstallerScript(installerPath);
				if (problem === 'html') {
					emit('claude-setup: the downloaded installer is a web page (HTML), not a script, so it was not run.');
					return {kind: 'failed', exitCode: undefined, tail: [...tail], failure: diagnoseInstallFailure(method.id, tail, undefined)};
				}

				if (problem === 'empty') {
					emit('claude-setup: the downloaded installer is empty, so it was not run.');
					return {
						kind: 'failed',
						exitCode: undefined,
						tail: [...tail],
						failure: {
							reason: 'http-error',
							cause: 'The installer download came back empty',
							fix: `Try again; if it keeps happening, a proxy may be cutting the download short. You can also run \`${method.command.display}\` yourself.`,
						},
					};
				}
			}

			// eslint-disable-next-line no-await-in-loop -- steps run in order
			const result = await runStep(step.file, step.args, env, signal, emit);
			if (signal.aborted || result.kind === 'cancelled') {
				return {kind: 'cancelled', tail: [...tail]};
			}

			if (result.exitCode !== 0) {
				return {kind: 'failed', exitCode: result.exitCode, tail: [...tail], failure: diagnoseInstallFailure(method.id, tail, result.exitCode)};
			}
		}

		return {kind: 'installed', exitCode: 0};
	} finally {
		if (workDirectory) {
			await rm(workDirectory, {recursive: true, force: true}).catch(() => undefined);
		}
	}
}

async function checkInstallerScript(file: string): Promise<'html' | 'empty' | undefined> {
	let head: string;
	try {
		const handle = await open(file, 'r');
		try {
			const buffer = Buffer.alloc(512);
			const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
			head = buffer.subarray(0, bytesRead).toString('utf8');
		} finally {
			await handle.close();
		}
	} catch {
		// Missing: the next step reports that itself.
		return undefined;
	}

	const start = head.replace(/^\uFEFF/, '').trimStart();
	if (start === '') {
		return 'empty';
	}

	return start.startsWith('<') ? 'html' : undefined;
}

type StepResult = {kind: 'done'; exitCode: number | undefined} | {kind: 'cancelled'};

async function runStep(
	file: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	signal: AbortSignal,
	emit: (line: string) => void,
): Promise<StepResult> {
	const posix = process.platform !== 'win32';
	const execa = await loadExeca();
	const subprocess = execa(file, args, {
		env,
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		all: true,
		buffer: false,
		// Its own process group on POSIX, so cancelling can stop everything the installer started
		// (curl, tar, the binary's own setup), not just the shell. It also has no controlling
		// terminal, so nothing it runs can read the keyboard from under the wizard.
		detached: posix,
		cancelSignal: signal,
		forceKillAfterDelay: forceKillAfterMs,
		windowsHide: true,
	});

	const {pid} = subprocess;
	const killGroup = (killSignal: NodeJS.Signals) => {
		if (posix && pid !== undefined) {
			try {
				process.kill(-pid, killSignal);
			} catch {}
		}
	};

	// A detached child is not stopped with the wizard, so make sure quitting mid-install stops it.
	const onExit = () => {
		killGroup('SIGKILL');
	};

	process.once('exit', onExit);
	let forceKill: NodeJS.Timeout | undefined;
	let giveUp: NodeJS.Timeout | undefined;
	let resolveGaveUp: (value: 'gave-up') => void = () => undefined;
	const gaveUp = new Promise<'gave-up'>(resolve => {
		resolveGaveUp = resolve;
	});
	// execa's cancelSignal stops the child itself; this stops the rest of its process group too.
	const onAbort = () => {
		killGroup('SIGTERM');
		forceKill = setTimeout(() => {
			killGroup('SIGKILL');
		}, forceKillAfterMs);
		giveUp = setTimeout(() => {
			resolveGaveUp('gave-up');
		}, forceKillAfterMs + cancelGraceMs);
	};

	if (signal.aborted) {
		onAbort();
	} else {
		signal.addEventListener('abort', onAbort, {once: true});
	}

	const splitter = lineSplitter(emit);
	subprocess.all?.on('data', (chunk: Buffer | string) => {
		splitter.write(chunk);
	});
	subprocess.all?.once('end', () => {
		splitter.end();
	});

	try {
		const result = await Promise.race([subprocess, gaveUp]);
		if (result === 'gave-up') {
			subprocess.all?.destroy();
			return {kind: 'cancelled'};
		}

		if (signal.aborted || result.isCanceled) {
			// Anything in the group that ignored SIGTERM but let go of the output pipes.
			killGroup('SIGKILL');
			return {kind: 'cancelled'};
		}

		if (result.exitCode === undefined && !result.signal) {
			// It never started (ENOENT and the like): say so in the output, where the diagnosis looks.
			const reason = (result as {code?: string}).code === 'ENOENT' ? 'command not found' : result.shortMessage;
			emit(`claude-setup: could not start ${file}: ${reason}`);
			return {kind: 'done', exitCode: undefined};
		}

		return {kind: 'done', exitCode: result.exitCode ?? signalExitCode(result.signal)};
	} finally {
		signal.removeEventListener('abort', onAbort);
		clearTimeout(forceKill);
		clearTimeout(giveUp);
		process.removeListener('exit', onExit);
	}
}

// ---------------------------------------------------------------------------------------------
// PATH

/** Plans the PATH fix for the user's shell, reading the start-up file it would change. */
export async function planPathFixFor(options: {env: NodeJS.ProcessEnv; home: string; platform: Platform; binDirectory: string}): Promise<PathFixPlan | {manual: string}> {
	const {env, home, platform, binDirectory} = options;
	const shell = env['SHELL'];
	const file = pathFixTarget({shell, home, platform});
	let existingRcText: string | undefined;
	if (file) {
		try {
			existingRcText = await readFile(file, 'utf8');
		} catch {}
	}

	return planPathFix({shell, home, binDirectory, platform, existingRcText, rcFileExists: existingRcText !== undefined});
}

function codeOf(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Where writes to `file` must go: the final target of a symlink chain, even one whose target does not exist yet. */
export async function writeTarget(file: string): Promise<string> {
	let current = file;
	// The kernel's own limit on symlink hops; a longer chain is a loop.
	for (let hop = 0; hop < 40; hop++) {
		let info;
		try {
			// eslint-disable-next-line no-await-in-loop -- each hop depends on the last
			info = await lstat(current);
		} catch (error) {
			if (codeOf(error) === 'ENOENT') {
				return current;
			}

			throw error;
		}

		if (!info.isSymbolicLink()) {
			return current;
		}

		// eslint-disable-next-line no-await-in-loop -- as above
		current = path.resolve(path.dirname(current), await readlink(current));
	}

	throw new Error(`${file} is a symbolic link that leads in a loop.`);
}

/**
Adds the plan's line (under a comment saying who added it) to the shell start-up file. The old file
is first copied to a timestamped, private backup in `backupsDir`; the new one replaces it atomically,
keeps its mode, and is written through a symlink (dotfile managers) rather than over it. A missing
file is created; a file that already has the line is left alone.
*/
export async function applyPathFix(plan: PathFixPlan, backupsDir: string, now: () => Date = () => new Date()): Promise<{backupPath?: string}> {
	if (plan.alreadyPresent) {
		return {};
	}

	const target = await writeTarget(plan.file);
	let current: {bytes: Buffer; mode: number; uid: number; gid: number} | undefined;
	try {
		const info = await stat(target);
		current = {bytes: await readFile(target), mode: info.mode & 0o7777, uid: info.uid, gid: info.gid};
	} catch (error) {
		if (codeOf(error) !== 'ENOENT') {
			throw error;
		}
	}

	const text = current ? current.bytes.toString('utf8') : '';
	// Checked again here: the file may have changed since the plan was made (or this is a second apply).
	if (text.split(/\r?\n/).some(line => line.trim() === plan.line)) {
		return {};
	}

	let backupPath: string | undefined;
	if (current) {
		await mkdir(backupsDir, {recursive: true, mode: 0o700});
		const stamp = now().toISOString().replaceAll(':', '-');
		const name = path.basename(plan.file).replace(/^\.+/, '');
		for (let attempt = 1; backupPath === undefined; attempt++) {
			const candidate = path.join(backupsDir, attempt === 1 ? `${stamp}-${name}` : `${stamp}-${name}-${attempt}`);
			try {
				// eslint-disable-next-line no-await-in-loop -- exclusive creation makes the name unique
				await writeNewFileWhole(candidate, current.bytes, 0o600);
				backupPath = candidate;
			} catch (error) {
				if (codeOf(error) !== 'EEXIST') {
					throw error;
				}
			}
		}
	}

	const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
	const next = `${text}${separator}${pathFixComment}\n${plan.line}\n`;
	const directory = path.dirname(target);
	await mkdir(directory, {recursive: true});
	const temporary = path.join(directory, `.${path.basename(target)}.claude-setup-${process.pid}-${Date.now()}.tmp`);
	try {
		await writeNewFile(temporary, next, current?.mode ?? 0o644);
		if (current && process.getuid && process.getuid() !== current.uid) {
			// Run with more rights than the file's owner (sudo): hand the new file back to that owner.
			await chown(temporary, current.uid, current.gid).catch(() => undefined);
		}

		await rename(temporary, target);
	} catch (error) {
		await rm(temporary, {force: true}).catch(() => undefined);
		throw error;
	}

	return backupPath ? {backupPath} : {};
}
