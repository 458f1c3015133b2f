import {existsSync, readFileSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {applyPathFix, detectInstalls, pathFixComment, planPathFixFor, runInstall, verifyInstall} from '../../source/adapters/installer.js';
import {findOnPath} from '../../source/adapters/processes.js';
import {classifyInstalls, installMethods, planPathFix} from '../../source/core/install/methods.js';
import type {InstallMethod, InstallOutcome, PathFixPlan} from '../../source/core/install/types.js';

// Everything here runs real processes (curl, bash, npm, the installed claude) against temp folders
// and a local HTTP server; nothing is mocked.

const platform = process.platform;
const roots: string[] = [];
const servers: Server[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => new Promise(resolve => server.close(resolve))));
	await Promise.all(roots.splice(0).map(async root => rm(root, {recursive: true, force: true})));
});

async function tempRoot(): Promise<string> {
	const root = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-installer-test-')));
	roots.push(root);
	return root;
}

/** The folders holding the programs the installers need (curl, bash, sh, coreutils), and no `claude`. */
async function systemPath(): Promise<string> {
	const tools = await Promise.all(['curl', 'bash', 'sh', 'mkdir', 'sleep', 'cat', 'chmod'].map(async tool => findOnPath(tool, process.env, platform)));
	const directories = [...new Set(tools.filter((tool): tool is string => tool !== undefined).map(tool => path.dirname(tool)))];
	return directories.join(path.delimiter);
}

/** A HOME and an environment built from scratch, so nothing of the developer's machine leaks in. */
async function sandbox() {
	const root = await tempRoot();
	const home = path.join(root, 'home');
	const emptyPrefix = path.join(root, 'npm-prefix');
	await mkdir(home);
	await mkdir(emptyPrefix);
	const env: NodeJS.ProcessEnv = {PATH: await systemPath(), HOME: home, LANG: 'C', npm_config_prefix: emptyPrefix};
	return {root, home, env};
}

type Route = {status: number; body: string; contentType?: string};

/** A local HTTP server on 127.0.0.1 answering fixed routes (404 for anything else). */
async function serve(routes: Record<string, Route>): Promise<{url: (route: string) => string; requests: string[]}> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(request.url ?? '');
		const route = routes[request.url ?? ''];
		response.writeHead(route?.status ?? 404, {'content-type': route?.contentType ?? 'text/plain'});
		response.end(route?.body ?? 'Not Found');
	});
	servers.push(server);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {url: route => `http://127.0.0.1:${port}${route}`, requests};
}

function nativeMethod(installerUrl: string): InstallMethod {
	const method = installMethods({platform, hasCurl: true, hasNpm: true, hasBrew: false, hasWinget: false, nodeMajor: 20, installerUrl}).find(
		candidate => candidate.id === 'native',
	);
	if (!method) {
		throw new Error('no native method');
	}

	return method;
}

function npmMethod(): InstallMethod {
	const method = installMethods({platform, hasCurl: true, hasNpm: true, hasBrew: false, hasWinget: false, nodeMajor: Number.parseInt(process.versions.node, 10), installerUrl: 'unused'}).find(
		candidate => candidate.id === 'npm',
	);
	if (!method) {
		throw new Error('no npm method');
	}

	return method;
}

/** A fake `claude` that answers `--version` like the real one. */
function fakeClaude(version: string): string {
	return `#!/bin/sh\necho "${version} (Claude Code)"\n`;
}

async function putExecutable(file: string, content: string): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, content);
	await chmod(file, 0o755);
}

/** Whether a process still runs; a zombie (exited, waiting for its parent to collect it) does not count. */
function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}

	try {
		// /proc/<pid>/stat: "pid (comm) S ..." — the state letter follows the last ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
}

function compareVersions(a: string, b: string): number {
	const parts = (version: string) => version.split(/[.-]/).slice(0, 3).map(Number);
	const [left, right] = [parts(a), parts(b)];
	for (let index = 0; index < 3; index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}

	return 0;
}

const describePosix = platform === 'win32' ? describe.skip : describe;

describePosix('the native installer, end to end against a local server', () => {
	const installerScript = [
		'#!/bin/bash',
		'set -e',
		'echo "Installing Claude Code (test build) from $0"',
		'echo "a note on stderr" >&2',
		'mkdir -p "$HOME/.local/bin"',
		`cat > "$HOME/.local/bin/claude" <<'EOF'`,
		fakeClaude('9.9.9').trimEnd(),
		'EOF',
		'chmod +x "$HOME/.local/bin/claude"',
		String.raw`printf '\033[32m✔\033[0m Claude Code successfully installed!\n'`,
		'',
	].join('\n');

	it('streams the installer output, installs, verifies, and puts the folder on PATH once', async () => {
		const {home, env} = await sandbox();
		const server = await serve({'/install.sh': {status: 200, body: installerScript}});
		const lines: string[] = [];
		const outcome = await runInstall(nativeMethod('https://claude.ai/install.sh'), {
			env,
			onOutput: line => lines.push(line),
			signal: new AbortController().signal,
			installerUrl: server.url('/install.sh'),
		});

		expect(outcome).toEqual({kind: 'installed', exitCode: 0});
		expect(server.requests).toEqual(['/install.sh']);
		expect(lines[0]).toMatch(/^Installing Claude Code \(test build\) from \/.+\/install\.sh$/);
		expect(lines).toContain('a note on stderr');
		// Colours are stripped before the line reaches the screen.
		expect(lines.at(-1)).toBe('✔ Claude Code successfully installed!');
		// The downloaded script lived in its own temp folder, which is gone now.
		const scriptPath = lines[0]!.replace(/^.* from /, '');
		expect(path.basename(path.dirname(scriptPath))).toMatch(/^claude-setup-install-/);
		expect(existsSync(path.dirname(scriptPath))).toBe(false);

		const verification = await verifyInstall({env, home, platform, expectedKind: 'native'});
		expect(verification).toEqual({
			version: '9.9.9',
			binaryPath: path.join(home, '.local', 'bin', 'claude'),
			binDirectory: path.join(home, '.local', 'bin'),
			isOnPath: false,
		});

		// The PATH fix, on a real ~/.bashrc with a mode of its own.
		const rc = path.join(home, '.bashrc');
		const original = '# my bashrc\nalias ll="ls -l"';
		await writeFile(rc, original);
		await chmod(rc, 0o640);
		const shellEnv = {...env, SHELL: '/bin/bash'};
		const plan = await planPathFixFor({env: shellEnv, home, platform: 'linux', binDirectory: verification.binDirectory!});
		expect(plan).toEqual({file: rc, line: 'export PATH="$HOME/.local/bin:$PATH"', reload: 'source ~/.bashrc (or open a new terminal)', alreadyPresent: false});

		const backupsDir = path.join(home, '.claude', 'claude-setup', 'backups');
		const applied = await applyPathFix(plan as PathFixPlan, backupsDir);
		expect(applied.backupPath).toBeDefined();
		expect(await readFile(applied.backupPath!, 'utf8')).toBe(original);
		expect((await stat(applied.backupPath!)).mode & 0o777).toBe(0o600);
		expect(await readFile(rc, 'utf8')).toBe(`${original}\n\n${pathFixComment}\nexport PATH="$HOME/.local/bin:$PATH"\n`);
		expect((await stat(rc)).mode & 0o777).toBe(0o640);
		expect((await readdir(home)).filter(name => name.endsWith('.tmp'))).toEqual([]);

		// Applying the same plan again, or a fresh plan, adds nothing.
		expect(await applyPathFix(plan as PathFixPlan, backupsDir)).toEqual({});
		const again = await planPathFixFor({env: shellEnv, home, platform: 'linux', binDirectory: verification.binDirectory!});
		expect(again).toMatchObject({alreadyPresent: true});
		expect(await applyPathFix(again as PathFixPlan, backupsDir)).toEqual({});
		expect((await readFile(rc, 'utf8')).split(pathFixComment)).toHaveLength(2);
		expect(await readdir(backupsDir)).toHaveLength(1);

		// A real bash that reads the file now finds claude.
		const shell = await execa('bash', ['--norc', '--noprofile', '-c', '. "$HOME/.bashrc" && claude --version'], {env, extendEnv: false, reject: false});
		expect(shell.stdout).toBe('9.9.9 (Claude Code)');
		const withPath = await verifyInstall({env: {...env, PATH: `${verification.binDirectory!}:${env['PATH']!}`}, home, platform, expectedKind: 'native'});
		expect(withPath).toMatchObject({version: '9.9.9', isOnPath: true});
		expect(withPath.shadowedBy).toBeUndefined();
	});

	it('writes through a symlinked rc file and creates a missing one', async () => {
		const {root, home} = await sandbox();
		const dotfiles = path.join(root, 'dotfiles');
		await mkdir(dotfiles);
		await writeFile(path.join(dotfiles, 'zshrc'), 'setopt autocd\n');
		await symlink(path.join(dotfiles, 'zshrc'), path.join(home, '.zshrc'));
		const backupsDir = path.join(root, 'backups');
		const binDirectory = path.join(home, '.local', 'bin');

		const zsh = planPathFix({shell: '/bin/zsh', home, binDirectory, platform: 'linux', rcFileExists: true, existingRcText: 'setopt autocd\n'}) as PathFixPlan;
		const {backupPath} = await applyPathFix(zsh, backupsDir);
		expect(await readlink(path.join(home, '.zshrc'))).toBe(path.join(dotfiles, 'zshrc'));
		expect(await readFile(path.join(dotfiles, 'zshrc'), 'utf8')).toBe(`setopt autocd\n\n${pathFixComment}\nexport PATH="$HOME/.local/bin:$PATH"\n`);
		expect(await readFile(backupPath!, 'utf8')).toBe('setopt autocd\n');

		const fish = planPathFix({shell: 'fish', home, binDirectory, platform: 'linux', rcFileExists: false}) as PathFixPlan;
		expect(await applyPathFix(fish, backupsDir)).toEqual({});
		expect(await readFile(path.join(home, '.config', 'fish', 'config.fish'), 'utf8')).toBe(`${pathFixComment}\nfish_add_path $HOME/.local/bin\n`);
	});
});

describePosix('cancelling an install', () => {
	it('stops the installer and everything it started, promptly, before anything is installed', async () => {
		const {home, env} = await sandbox();
		// The script starts a long "download", prints one line with both process ids, then waits for it.
		// Nothing is installed before the wait, so a cancelled run must leave no claude behind.
		const script = [
			'#!/bin/bash',
			'sleep 30 &',
			'echo "Downloading Claude Code... (installer $$, download $!, script $0)"',
			'wait $!',
			'mkdir -p "$HOME/.local/bin"',
			`printf '#!/bin/sh\\necho "9.9.9 (Claude Code)"\\n' > "$HOME/.local/bin/claude"`,
			'chmod +x "$HOME/.local/bin/claude"',
			'',
		].join('\n');
		const server = await serve({'/install.sh': {status: 200, body: script}});
		const controller = new AbortController();
		let announce: (line: string) => void = () => undefined;
		const firstLine = new Promise<string>(resolve => {
			announce = resolve;
		});
		const running = runInstall(nativeMethod(server.url('/install.sh')), {env, onOutput: line => announce(line), signal: controller.signal});

		const line = await firstLine;
		const match = /installer (\d+), download (\d+), script (\S+)\)/.exec(line);
		expect(match).not.toBeNull();
		const [installerPid, downloadPid] = [Number(match![1]), Number(match![2])];
		expect(isRunning(installerPid)).toBe(true);
		expect(isRunning(downloadPid)).toBe(true);

		const abortedAt = Date.now();
		controller.abort();
		const outcome: InstallOutcome = await running;
		const elapsed = Date.now() - abortedAt;

		expect(outcome.kind).toBe('cancelled');
		expect(outcome.kind === 'cancelled' && outcome.tail).toEqual([line]);
		expect(elapsed).toBeLessThan(4000);
		expect(isRunning(installerPid)).toBe(false);
		expect(isRunning(downloadPid)).toBe(false);
		expect(existsSync(path.dirname(match![3]!))).toBe(false);

		const verification = await verifyInstall({env, home, platform, expectedKind: 'native'});
		expect(verification.version).toBeUndefined();
		expect(verification.binaryPath).toBeUndefined();
		expect(verification.isOnPath).toBe(false);
		expect(verification.problem).toMatch(/No `claude` program was found/);
	}, 20_000);

	it('does not start at all when already cancelled', async () => {
		const {env} = await sandbox();
		const controller = new AbortController();
		controller.abort();
		const lines: string[] = [];
		const outcome = await runInstall(nativeMethod('http://127.0.0.1:9/never.sh'), {env, onOutput: line => lines.push(line), signal: controller.signal});
		expect(outcome).toEqual({kind: 'cancelled', tail: []});
		expect(lines).toEqual([]);
	});
});

describePosix('failed installs', () => {
	it('diagnoses a network failure from the installer output and keeps the tail', async () => {
		const {env} = await sandbox();
		const script = 'echo "Downloading Claude Code..."\necho "curl: (6) Could not resolve host: downloads.claude.ai" >&2\nexit 1\n';
		const server = await serve({'/install.sh': {status: 200, body: script}});
		const outcome = await runInstall(nativeMethod(server.url('/install.sh')), {env, onOutput() {}, signal: new AbortController().signal});
		expect(outcome.kind).toBe('failed');
		if (outcome.kind !== 'failed') {
			return;
		}

		expect(outcome.exitCode).toBe(1);
		expect(outcome.tail).toEqual(['Downloading Claude Code...', 'curl: (6) Could not resolve host: downloads.claude.ai']);
		expect(outcome.failure.reason).toBe('network');
		expect(outcome.failure.fix).toMatch(/HTTPS_PROXY/);
	});

	it('says the installer was not found when the server answers 404', async () => {
		const {env} = await sandbox();
		const server = await serve({});
		const outcome = await runInstall(nativeMethod(server.url('/install.sh')), {env, onOutput() {}, signal: new AbortController().signal});
		expect(outcome.kind).toBe('failed');
		if (outcome.kind !== 'failed') {
			return;
		}

		expect(outcome.exitCode).toBe(22);
		expect(outcome.tail.join('\n')).toMatch(/returned error: 404/);
		expect(outcome.failure.reason).toBe('http-error');
		expect(outcome.failure.cause).toBe('The installer could not be downloaded: the address was not found (HTTP 404)');
	});

	it('refuses to run a web page served in place of the script', async () => {
		const {home, env} = await sandbox();
		const server = await serve({'/install.sh': {status: 200, contentType: 'text/html', body: '<!DOCTYPE html>\n<html><body>Access denied by proxy</body></html>\n'}});
		const outcome = await runInstall(nativeMethod(server.url('/install.sh')), {env, onOutput() {}, signal: new AbortController().signal});
		expect(outcome.kind === 'failed' && outcome.failure.reason).toBe('html-instead-of-script');
		expect(existsSync(path.join(home, '.local'))).toBe(false);
	});

	it('says which program is missing when curl cannot be started', async () => {
		const {root, env} = await sandbox();
		const emptyBin = path.join(root, 'empty-bin');
		await mkdir(emptyBin);
		const outcome = await runInstall(nativeMethod('http://127.0.0.1:9/install.sh'), {env: {...env, PATH: emptyBin}, onOutput() {}, signal: new AbortController().signal});
		expect(outcome.kind === 'failed' && outcome.failure).toMatchObject({reason: 'missing-tool', cause: expect.stringContaining('curl')});
	});
});

describePosix('detectInstalls', () => {
	it('finds every install, reads their versions, merges aliases, and flags the duplicate', async () => {
		const {root, home, env} = await sandbox();
		const native = path.join(home, '.local', 'bin', 'claude');
		const other = path.join(root, 'opt', 'bin', 'claude');
		const legacy = path.join(home, '.claude', 'local', 'claude');
		await putExecutable(native, fakeClaude('9.9.9'));
		await putExecutable(other, fakeClaude('2.0.1'));
		await putExecutable(legacy, fakeClaude('1.0.0'));
		// A second PATH entry that is only a link to the native launcher: the same install, not another.
		const aliases = path.join(root, 'aliases');
		await mkdir(aliases);
		await symlink(native, path.join(aliases, 'claude'));
		const detectEnv = {...env, PATH: [path.dirname(other), aliases, path.dirname(native), env['PATH']].join(':')};

		const installs = await detectInstalls({env: detectEnv, home, platform});
		expect(installs).toEqual([
			{kind: 'unknown', path: other, version: '2.0.1', isOnPath: true},
			// Named by the launcher's own path, although PATH reaches it through the alias first.
			{kind: 'native', path: native, version: '9.9.9', isOnPath: false},
			{kind: 'legacy-local', path: legacy, version: '1.0.0', isOnPath: false},
		]);

		const classified = classifyInstalls(installs);
		expect(classified.primary?.path).toBe(other);
		expect(classified.duplicates).toHaveLength(2);
		expect(classified.warning).toMatch(/installed 3 times/);
		expect(classified.fix).toContain(`Remove ${other} by hand`);
		expect(classified.fix).toContain('rm -rf ~/.claude/local');
	}, 30_000);

	it('reports nothing on a clean machine', async () => {
		const {home, env} = await sandbox();
		expect(await detectInstalls({env, home, platform})).toEqual([]);
		expect(classifyInstalls([])).toEqual({duplicates: []});
	});
});

describePosix('a real npm install', () => {
	it(
		'installs @anthropic-ai/claude-code@latest into a temp prefix, and claude --version is newer than the Node 20 trap (2.1.197)',
		async () => {
			const root = await tempRoot();
			const prefix = path.join(root, 'prefix');
			const home = path.join(root, 'home');
			await mkdir(prefix);
			await mkdir(home);
			// The developer's environment without npm's own npm_* variables (npx sets many), plus the temp
			// prefix. HOME stays the real one so npm's default cache makes repeated runs faster.
			const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
			const nodeBin = path.dirname(process.execPath);
			const env: NodeJS.ProcessEnv = {...inherited, PATH: [path.join(prefix, 'bin'), nodeBin, await systemPath()].join(':'), npm_config_prefix: prefix};

			const lines: string[] = [];
			const started = Date.now();
			const outcome = await runInstall(npmMethod(), {env, onOutput: line => lines.push(line), signal: new AbortController().signal});
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			console.log(`npm install -g @anthropic-ai/claude-code@latest took ${seconds} s; last lines:\n${lines.slice(-5).join('\n')}`);
			expect(outcome, JSON.stringify(outcome, undefined, 2)).toEqual({kind: 'installed', exitCode: 0});

			const verification = await verifyInstall({env, home, platform, expectedKind: 'npm'});
			expect(verification.problem).toBeUndefined();
			expect(verification.binaryPath).toBe(path.join(prefix, 'bin', 'claude'));
			expect(verification.isOnPath).toBe(true);
			expect(verification.version).toMatch(/^\d+\.\d+\.\d+/);
			expect(compareVersions(verification.version!, '2.1.198')).toBeGreaterThanOrEqual(0);

			const installs = await detectInstalls({env, home, platform});
			expect(installs).toEqual([{kind: 'npm', path: path.join(prefix, 'bin', 'claude'), version: verification.version, isOnPath: true}]);
		},
		5 * 60_000,
	);
});
