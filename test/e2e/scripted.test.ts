import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry} from '@napi-rs/keyring';
import {execa, type Result} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {maskSecret} from '../../source/core/secrets/mask.js';
import type {StatusReport} from '../../source/commands/status-report.js';
import {treeOf} from '../commands/command-world.js';
import {startAnthropicServer, defaultReplyText, type AnthropicServer} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {inherited} from '../helpers/session-env.js';

/**
The commands without a terminal, as CI runs them: the built binary through pipes, a temporary HOME,
a local stand-in for the Anthropic API, and the REAL Claude Code CLI proving the result works. Every
run's output is checked for the key.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');
const testTimeoutMs = 120_000;
/** "Promptly": far below any wait for input, generous for a loaded CI machine. */
const promptMs = 5000;

const goodKey = fakeApiKey('SCRIPTED-E2E');
let server: AnthropicServer;
const temporaryDirectories: string[] = [];
const keychainAccounts = new Set<string>();
const outputs: string[] = [];

beforeAll(async () => {
	server = await startAnthropicServer({acceptedKeys: [goodKey]});
}, 120_000);

afterAll(async () => {
	await server?.close();
	for (const account of keychainAccounts) {
		// eslint-disable-next-line no-await-in-loop -- a handful of entries, one keychain
		await new AsyncEntry('claude-setup', account).deletePassword().catch(() => false);
	}

	await Promise.all(temporaryDirectories.map(async directory => rm(directory, {recursive: true, force: true})));
	// Every run of the binary, whatever it was for, must have kept the key to itself.
	for (const output of outputs) {
		expect(output.includes(goodKey) || output.includes(goodKey.slice(0, 40))).toBe(false);
	}
});

async function sandbox(): Promise<{home: string; project: string}> {
	const make = async (name: string) => {
		const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-scripted-${name}-`)));
		temporaryDirectories.push(directory);
		return directory;
	};

	const home = await make('home');
	keychainAccounts.add(`anthropic-api-key-${createHash('sha256').update(path.join(home, '.claude')).digest('hex').slice(0, 8)}`);
	return {home, project: await make('project')};
}

/** Only what a CI job has: PATH (with the real Claude Code), locale, the keychain's D-Bus session; CI=true. */
function childEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	const env = inherited();
	return {
		...env,
		PATH: [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
		HOME: home,
		CI: 'true',
		ANTHROPIC_BASE_URL: server.url,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		...extra,
	};
}

type RunOptions = {input?: string; stdin?: 'ignore' | 'pipe'; env?: Record<string, string | undefined>};

/** The built CLI with pipes on every end (no terminal), bounded, output remembered for the leak check. */
async function cli(sandboxed: {home: string; project: string}, args: string[], options: RunOptions = {}): Promise<Result & {elapsedMs: number}> {
	const started = performance.now();
	const stdio = options.input === undefined ? {stdin: options.stdin ?? 'ignore'} : {input: options.input};
	const result = await execa(process.execPath, [binPath, ...args], {
		cwd: sandboxed.project,
		env: childEnv(sandboxed.home, options.env),
		extendEnv: false,
		reject: false,
		timeout: 90_000,
		...stdio,
	});
	outputs.push(`${String(result.stdout)}\n${String(result.stderr)}`);
	return Object.assign(result, {elapsedMs: performance.now() - started});
}

async function claude(sandboxed: {home: string; project: string}, args: string[]): Promise<Result> {
	return execa(claudeBin, args, {cwd: sandboxed.project, env: childEnv(sandboxed.home), extendEnv: false, stdin: 'ignore', timeout: 60_000, reject: false, all: true});
}

const setupFlags = ['--auth', 'console-api-key', '--api-key-stdin', '--scope', 'user'];

describe('setup without a terminal', {timeout: testTimeoutMs}, () => {
	const world = {home: '', project: ''};

	it('stores the key, verifies it, and the real Claude Code then uses it', async () => {
		Object.assign(world, await sandbox());
		const setup = await cli(world, [...setupFlags, '--secret-storage', 'file', '--yes'], {input: `${goodKey}\n`});
		expect(setup.exitCode, String(setup.stderr)).toBe(0);
		expect(setup.stdout).toContain(`Anthropic accepted the key ${maskSecret(goodKey)}.`);
		expect(setup.stdout).toContain('The key helper prints the key.');
		expect(setup.stdout).toContain('claude auth status: authenticates through apiKeyHelper.');

		const status = await claude(world, ['auth', 'status']);
		expect(JSON.parse(String(status.stdout))).toMatchObject({authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper'});

		const before = server.requests.length;
		const ping = await claude(world, ['-p', 'ping']);
		expect(ping.exitCode, String(ping.all)).toBe(0);
		expect(ping.stdout).toContain(defaultReplyText);
		const message = await server.waitForRequest(request => server.requests.indexOf(request) >= before && request.pathname === '/v1/messages', 5000);
		expect(message.headers['x-api-key']).toBe(goodKey);
	});

	it('status --json reports it in the documented schema, never the key', async () => {
		expect(world.home, 'the test above sets this HOME up').not.toBe('');
		const result = await cli(world, ['status', '--json', '--verify']);
		expect(result.exitCode).toBe(0);
		const report = JSON.parse(String(result.stdout)) as StatusReport;
		expect(Object.keys(report)).toEqual(['schemaVersion', 'configDir', 'method', 'settings', 'environment', 'helper', 'claudeCode']);
		expect(report).toMatchObject({
			schemaVersion: 1,
			configDir: path.join(world.home, '.claude'),
			method: {id: 'console-api-key', source: {kind: 'settings', scope: 'user'}, configuredByClaudeSetup: true},
			helper: {installed: true, secret: {backend: 'file', state: 'present', hint: maskSecret(goodKey)}},
			claudeCode: {state: 'checked', authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper', apiProvider: 'firstParty'},
		});
		expect(report.settings.map(entry => entry.scope)).toEqual(['user', 'project', 'local']);
	});

	// Only in the private keyring session `npm test` starts, never a developer's own keyring.
	it.runIf(process.env['CLAUDE_SETUP_TEST_SESSION'] === '1')('keeps the key in the keychain by default', async () => {
		const sandboxed = await sandbox();
		const setup = await cli(sandboxed, [...setupFlags, '--yes'], {input: goodKey});
		expect(setup.exitCode, String(setup.stderr)).toBe(0);
		expect(setup.stdout).toContain('claude auth status: authenticates through apiKeyHelper.');
		const account = [...keychainAccounts].at(-1)!;
		expect(await new AsyncEntry('claude-setup', account, {linux: {store: 'secret-service'}}).getPassword()).toBe(goodKey);
	});

	it.runIf(process.platform === 'linux')('stops when the keychain cannot be used, naming --secret-storage file, and writes nothing', async () => {
		const sandboxed = await sandbox();
		const before = await treeOf(sandboxed.home);
		const result = await cli(sandboxed, [...setupFlags, '--yes'], {input: goodKey, env: {DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/claude-setup-test-bus'}});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('Your OS keychain cannot be used:');
		expect(result.stderr).toContain('add --secret-storage file');
		expect(await treeOf(sandboxed.home)).toEqual(before);
	});

	it('--dry-run shows the change and writes nothing', async () => {
		const sandboxed = await sandbox();
		await mkdir(path.join(sandboxed.home, '.claude'), {recursive: true});
		await writeFile(path.join(sandboxed.home, '.claude', 'settings.json'), '{\n  "model": "opus"\n}\n');
		const before = [await treeOf(sandboxed.home), await treeOf(sandboxed.project)];
		const result = await cli(sandboxed, [...setupFlags, '--secret-storage', 'file', '--dry-run'], {input: goodKey});
		expect(result.exitCode, String(result.stderr)).toBe(0);
		expect(result.stdout).toMatch(/^\s+\+\s+"apiKeyHelper": /m);
		expect(result.stdout).toContain('Dry run: nothing was written.');
		expect([await treeOf(sandboxed.home), await treeOf(sandboxed.project)]).toEqual(before);
	});
});

describe('answers missing, or given the wrong way', {timeout: testTimeoutMs}, () => {
	it.each(['ignore', 'pipe'] as const)('exits 2 at once naming every missing flag (stdin: %s)', async stdin => {
		const sandboxed = await sandbox();
		const before = await treeOf(sandboxed.home);
		const bare = await cli(sandboxed, [], {stdin});
		expect(bare.exitCode).toBe(2);
		expect(bare.stderr).toContain('needs an interactive terminal');
		expect(bare.stderr).toContain('missing: --auth, --api-key-stdin (or CLAUDE_SETUP_API_KEY), --yes');
		expect(bare.elapsedMs).toBeLessThan(promptMs);

		// A pipe that is open but silent is never read when an answer is missing anyway.
		const noYes = await cli(sandboxed, setupFlags, {stdin});
		expect(noYes.exitCode).toBe(2);
		expect(noYes.stderr).toContain('missing: --yes');
		expect(noYes.elapsedMs).toBeLessThan(promptMs);
		expect(await treeOf(sandboxed.home)).toEqual(before);
	});

	it('refuses a key given as an argument, without repeating it', async () => {
		const sandboxed = await sandbox();
		for (const args of [['--api-key', goodKey], [`--api-key=${goodKey}`], ['--auth', 'console-api-key', '--key', goodKey, '--yes']]) {
			// eslint-disable-next-line no-await-in-loop -- a few quick runs
			const result = await cli(sandboxed, args);
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toContain('does not take an API key as a command-line argument');
			expect(result.stderr).toContain('--api-key-stdin');
		}

		const positional = await cli(sandboxed, [goodKey]);
		expect(positional.exitCode).toBe(2);
		expect(positional.stderr).toContain(`Unknown command: ${maskSecret(goodKey)}`);
	});

	it('exits 2 on an unknown command, flag or value, with a hint; help per command', async () => {
		const sandboxed = await sandbox();
		const unknownCommand = await cli(sandboxed, ['frobnicate']);
		expect([unknownCommand.exitCode, unknownCommand.stderr]).toEqual([2, expect.stringContaining('Unknown command: frobnicate')]);
		const unknownFlag = await cli(sandboxed, ['status', '--frob']);
		expect([unknownFlag.exitCode, unknownFlag.stderr]).toEqual([2, expect.stringContaining('claude-setup status --help')]);
		const badScope = await cli(sandboxed, ['logout', '--scope', 'team', '--yes']);
		expect([badScope.exitCode, badScope.stderr]).toEqual([2, expect.stringContaining('--scope must be one of user, project, local')]);
		const interactive = await cli(sandboxed, ['--interactive']);
		expect([interactive.exitCode, interactive.stderr]).toEqual([2, expect.stringContaining('needs an interactive terminal')]);

		for (const command of ['doctor', 'status', 'logout', 'undo']) {
			// eslint-disable-next-line no-await-in-loop -- a few quick runs
			const help = await cli(sandboxed, [command, '--help']);
			expect(help.exitCode).toBe(0);
			expect(help.stdout).toContain(`claude-setup ${command}`);
			expect(help.stdout).toContain('Exit codes');
		}
	});
});

describe('logout, then undo', {timeout: testTimeoutMs}, () => {
	it('removes what setup stored, and undo puts back the exact settings bytes', async () => {
		const sandboxed = await sandbox();
		const settingsPath = path.join(sandboxed.home, '.claude', 'settings.json');
		await mkdir(path.dirname(settingsPath), {recursive: true});
		await writeFile(settingsPath, '{\r\n\t"model": "opus",\r\n\t"env": {\r\n\t\t"DISABLE_TELEMETRY": "1"\r\n\t}\r\n}\r\n');
		const setup = await cli(sandboxed, [...setupFlags, '--secret-storage', 'file', '--yes', '--no-verify'], {input: goodKey});
		expect(setup.exitCode, String(setup.stderr)).toBe(0);
		const afterSetup = await readFile(settingsPath);

		const logoutWithoutYes = await cli(sandboxed, ['logout']);
		expect([logoutWithoutYes.exitCode, logoutWithoutYes.stderr]).toEqual([2, expect.stringContaining('--yes')]);

		const logout = await cli(sandboxed, ['logout', '--yes']);
		expect(logout.exitCode, String(logout.stderr)).toBe(0);
		expect(logout.stdout).toContain(`Delete the API key or gateway token ${maskSecret(goodKey)}`);
		expect(JSON.parse(await readFile(settingsPath, 'utf8'))).not.toHaveProperty('apiKeyHelper');
		await expect(stat(path.join(sandboxed.home, '.claude', 'claude-setup', 'bin'))).rejects.toThrow(/ENOENT/);
		await expect(stat(path.join(sandboxed.home, '.claude', 'claude-setup', 'secrets.json'))).rejects.toThrow(/ENOENT/);
		const status = await claude(sandboxed, ['auth', 'status']);
		expect(JSON.parse(String(status.stdout))).toMatchObject({authMethod: 'none'});

		const undo = await cli(sandboxed, ['undo', '--yes']);
		expect(undo.exitCode, String(undo.stderr)).toBe(0);
		expect((await readFile(settingsPath)).equals(afterSetup)).toBe(true);
		expect(undo.stdout).toContain('Run claude-setup to store the key again.');
	});
});
