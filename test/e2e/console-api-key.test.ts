import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, readFile, realpath, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry} from '@napi-rs/keyring';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {maskSecret} from '../../source/core/secrets/mask.js';
import {copy} from '../../source/ui/copy.js';
import {treeOf} from '../helpers/tree.js';
import {startAnthropicServer, defaultReplyText, type AnthropicServer, type RecordedRequest} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';
import {choose} from '../helpers/screen-list.js';
import {inherited, keychainVariables, sessionVariables} from '../helpers/session-env.js';

/**
The Console API-key path end to end: the built CLI in a real pseudo-terminal, a temporary HOME, the
OS keychain of the test session, a local stand-in for the Anthropic API, and the REAL Claude Code
CLI proving afterwards that it authenticates with the typed key through the installed helper.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');
const packageVersion = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {version: string}).version;

const testTimeoutMs = 120_000;
/** Detection probes the keychain, validation and verification call out: generous, never a sleep. */
const slowStepMs = 45_000;

const goodKey = fakeApiKey('E2E');
const rejectedKey = fakeApiKey('E2E-REJECTED');

let server: AnthropicServer;
const temporaryDirectories: string[] = [];
const keychainAccounts = new Set<string>();
const terminals: PtyTerminal[] = [];

beforeAll(async () => {
	server = await startAnthropicServer({acceptedKeys: [goodKey]});
}, 120_000);

afterEach(() => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}
});

afterAll(async () => {
	await server?.close();
	for (const account of keychainAccounts) {
		// eslint-disable-next-line no-await-in-loop -- a handful of entries, one keychain
		await new AsyncEntry('claude-setup', account).deletePassword().catch(() => false);
	}

	await Promise.all(temporaryDirectories.map(async directory => rm(directory, {recursive: true, force: true})));
});

async function temporaryDirectory(name: string): Promise<string> {
	const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-e2e-${name}-`)));
	temporaryDirectories.push(directory);
	return directory;
}

/** A fresh HOME and project folder; the keychain entry the wizard will use there is cleaned up afterwards. */
async function sandbox(): Promise<{home: string; project: string}> {
	const home = await temporaryDirectory('home');
	const project = await temporaryDirectory('project');
	keychainAccounts.add(keychainAccountFor(home));
	return {home, project};
}

/** Mirrors the app's `consoleKeyRef(configDirHash)`: one entry per Claude config folder. */
function keychainAccountFor(home: string): string {
	const configDirectory = path.join(home, '.claude');
	return `anthropic-api-key-${createHash('sha256').update(configDirectory).digest('hex').slice(0, 8)}`;
}

/**
A hermetic environment: only what a terminal session needs (PATH, locale, the D-Bus session of the
keychain), a temporary HOME, the local API, and no way to reach Anthropic or open a browser.
*/
function childEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	const env = inherited([...sessionVariables, ...keychainVariables, 'SHELL']);

	return {
		...env,
		PATH: [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
		HOME: home,
		TERM: 'xterm-256color',
		ANTHROPIC_BASE_URL: server.url,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		// The requirements step must not reach the real internet: every host it checks goes to a closed
		// local port, so those rows fail fast (network rows never block the wizard).
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
		...extra,
	};
}

/** The wizard in a 100x40 pseudo-terminal, with CI=true as in CI: the CLI must still draw live. */
function startWizard(home: string, project: string): PtyTerminal {
	const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env: childEnv(home, {CI: 'true'}), cols: 100, rows: 40});
	terminals.push(terminal);
	return terminal;
}

/** From a fresh start to the API-key field: invite accepted, requirements and install acknowledged, the Console key method. */
async function walkToKeyField(terminal: PtyTerminal): Promise<void> {
	await terminal.waitForText(copy.invite.question, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, copy.invite.choices.accepted);

	await terminal.waitForText(copy.requirements.choices.recheck, {timeoutMs: slowStepMs, screenOnly: true});
	expect(terminal.screen()).toMatch(/✓ Operating system: /);
	await choose(terminal, copy.requirements.choices.continue);

	await terminal.waitForText(/Claude Code \d+\.\d+\.\d+\S* is installed: \S*claude/, {timeoutMs: slowStepMs, screenOnly: true});
	await terminal.waitForText(copy.install.question(true), {screenOnly: true});
	await choose(terminal, copy.install.continueInstalled);

	await terminal.waitForText(copy.authMethod.question, {screenOnly: true});
	await choose(terminal, 'Claude Console: API key');

	await terminal.waitForText(copy.consoleKey.label, {screenOnly: true});
	await terminal.waitForText(copy.consoleKey.intro[2]!, {screenOnly: true});
}

/** Pastes the key the way a terminal delivers a paste: one chunk, trailing newline included; then Enter. */
async function pasteKey(terminal: PtyTerminal, key: string): Promise<void> {
	terminal.write(`${key}\n`);
	await terminal.waitForText(`(${key.length} characters)`, {screenOnly: true});
	expect(terminal.screen()).toContain('•'.repeat(Math.min(key.length, 48)));
	expectNoLeak(terminal.screen(), key, 'the key field');
	terminal.press('enter');
}

/** The key, or its distinctive beginning, anywhere in `text`. */
function expectNoLeak(text: string, key: string, where: string): void {
	const distinctive = key.slice(0, key.indexOf('not-a-real-key') + 'not-a-real-key'.length);
	if (text.includes(key) || text.includes(distinctive)) {
		throw new Error(`The API key leaked into ${where}.`);
	}
}

function expectNoLeakInOutput(terminal: PtyTerminal, key: string): void {
	for (const [index, chunk] of terminal.chunks.entries()) {
		expectNoLeak(chunk, key, `output chunk ${index}`);
	}

	expectNoLeak(terminal.chunks.join(''), key, 'the raw terminal output');
	expectNoLeak(terminal.output(), key, 'the terminal output without escape codes');
}

/** The files under `directory` whose bytes contain `secret`. */
async function filesContaining(directory: string, secret: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await treeOf(directory)) {
		if (entry.kind === 'file') {
			// eslint-disable-next-line no-await-in-loop -- a small tree
			const bytes = await readFile(path.join(directory, entry.path));
			if (bytes.includes(secret)) {
				found.push(entry.path);
			}
		}
	}

	return found;
}

function isKeyCheck(key: string) {
	return (request: RecordedRequest) => request.method === 'GET' && request.pathname === '/v1/models' && request.headers['x-api-key'] === key;
}

describe('the Claude Console API-key path, end to end in a terminal', {timeout: testTimeoutMs}, () => {
	let home: string;
	let project: string;
	let settingsBytes: Buffer | undefined;

	it('sets up a key that the real Claude Code then uses', async () => {
		({home, project} = await sandbox());
		const terminal = startWizard(home, project);

		await walkToKeyField(terminal);
		await pasteKey(terminal, goodKey);

		// The key is checked against the local API, then the scope is asked.
		await terminal.waitForText(copy.scope.question, {timeoutMs: slowStepMs, screenOnly: true});
		const keyCheck = await server.waitForRequest(isKeyCheck(goodKey), 1000);
		expect(keyCheck.headers['anthropic-version']).toBe('2023-06-01');
		await choose(terminal, copy.scope.choices.user('~/.claude/settings.json'));

		// The review shows the exact change, with the helper and never the key.
		await terminal.waitForText(copy.review.question, {timeoutMs: slowStepMs, screenOnly: true});
		const review = terminal.screen();
		expect(review).toContain(copy.review.title);
		expect(review).toMatch(/^\s*\+ .*"apiKeyHelper":/m);
		expect(review).toContain(copy.review.secret('keychain', false));
		expectNoLeak(review, goodKey, 'the review screen');
		await choose(terminal, copy.review.choices.confirm);

		// Commit, then verification with the real `claude auth status`.
		await terminal.waitForText(copy.done.verified, {timeoutMs: slowStepMs});
		await terminal.waitForText(copy.done.helperOk);
		await terminal.waitForText(copy.done.usesHelper);
		await terminal.waitForText(copy.done.next);
		expect(await terminal.waitForExit(15_000)).toBe(0);
		expectNoLeakInOutput(terminal, goodKey);

		// The settings name the helper and hold no key; no file under HOME holds the key.
		const settingsPath = path.join(home, '.claude', 'settings.json');
		settingsBytes = await readFile(settingsPath);
		const settings = JSON.parse(settingsBytes.toString('utf8')) as {apiKeyHelper?: unknown};
		expect(settings.apiKeyHelper).toEqual(expect.any(String));
		expect(settings.apiKeyHelper).toContain(path.join(home, '.claude', 'claude-setup', 'bin'));
		expect(settingsBytes.includes(goodKey)).toBe(false);
		expect(await filesContaining(home, goodKey)).toEqual([]);
		expect(await filesContaining(project, goodKey)).toEqual([]);

		// The key is in the OS keychain of this session.
		expect(await new AsyncEntry('claude-setup', keychainAccountFor(home)).getPassword()).toBe(goodKey);

		// The real Claude Code sends the typed key, fetched through the helper, to the (local) API.
		const messagesBefore = server.requests.length;
		const claudeEnv = childEnv(home);
		const ping = await execa(claudeBin, ['-p', 'ping'], {cwd: project, env: claudeEnv, extendEnv: false, stdin: 'ignore', timeout: 60_000, reject: false, all: true});
		expect(ping.exitCode, `claude -p failed:\n${ping.all}`).toBe(0);
		expect(ping.stdout).toContain(defaultReplyText);
		const message = await server.waitForRequest(
			request => server.requests.indexOf(request) >= messagesBefore && request.method === 'POST' && request.pathname === '/v1/messages',
			5000,
		);
		expect(message.headers['x-api-key']).toBe(goodKey);
		expect((message.json as {stream?: boolean}).stream).toBe(true);

		const status = await execa(claudeBin, ['auth', 'status'], {cwd: project, env: claudeEnv, extendEnv: false, stdin: 'ignore', timeout: 60_000, reject: false, all: true});
		expect(status.exitCode, `claude auth status failed:\n${status.all}`).toBe(0);
		const parsedStatus = JSON.parse(status.stdout) as {authMethod?: string; apiKeySource?: string};
		expect(parsedStatus.authMethod, status.stdout).toBe('api_key_helper');
		expect(parsedStatus.apiKeySource).toBe('apiKeyHelper');

		// Claude Code asked the helper for the key; still no file under HOME holds it.
		expect(await filesContaining(home, goodKey)).toEqual([]);
	});

	it('shows the existing setup on a second run and leaves it as it is', async () => {
		expect(settingsBytes, 'the first test must have set up this HOME').toBeDefined();
		const terminal = startWizard(home, project);

		await terminal.waitForText(copy.current.title, {timeoutMs: slowStepMs, screenOnly: true});
		await terminal.waitForText(copy.current.question, {screenOnly: true});
		// The stored key is named by its masked hint only.
		expect(terminal.screen()).toContain(maskSecret(goodKey));
		await choose(terminal, copy.current.choices.keep);

		await terminal.waitForText(copy.done.unchanged);
		expect(await terminal.waitForExit(15_000)).toBe(0);
		expectNoLeakInOutput(terminal, goodKey);
		expect(await readFile(path.join(home, '.claude', 'settings.json'))).toEqual(settingsBytes);
	});
});

describe('a key Anthropic rejects', {timeout: testTimeoutMs}, () => {
	it('says so, and Ctrl-C then leaves without writing anything', async () => {
		const {home, project} = await sandbox();
		await mkdir(path.join(home, '.claude'), {recursive: true});
		const before = await treeOf(home);
		const terminal = startWizard(home, project);

		await walkToKeyField(terminal);
		await pasteKey(terminal, rejectedKey);

		await terminal.waitForText(copy.consoleKey.problems.rejected, {timeoutMs: slowStepMs, screenOnly: true});
		await server.waitForRequest(isKeyCheck(rejectedKey), 1000);
		// Still on the key field, ready for another paste.
		expect(terminal.screen()).toContain(copy.consoleKey.label);

		terminal.press('ctrl-c');
		await terminal.waitForText(copy.cancelled.before);
		expect(await terminal.waitForExit(15_000)).toBe(130);
		expectNoLeakInOutput(terminal, rejectedKey);

		expect(await treeOf(home)).toEqual(before);
		expect(await new AsyncEntry('claude-setup', keychainAccountFor(home)).getPassword()).toBeNull();
	});
});

describe('the command line outside the wizard', {timeout: testTimeoutMs}, () => {
	it('prints its version and help', async () => {
		const {home, project} = await sandbox();
		const version = await execa(process.execPath, [binPath, '--version'], {cwd: project, env: childEnv(home), extendEnv: false});
		expect(version.stdout.trim()).toBe(packageVersion);

		const help = await execa(process.execPath, [binPath, '--help'], {cwd: project, env: childEnv(home), extendEnv: false});
		expect(help.stdout).toContain('Exit codes');
		expect(help.exitCode).toBe(0);
	});

	it.each(['ignore', 'pipe'] as const)('exits 2 at once when stdin is not a terminal (stdin: %s)', async stdin => {
		const {home, project} = await sandbox();
		await mkdir(path.join(home, '.claude'), {recursive: true});
		const before = await treeOf(home);
		const started = performance.now();
		const result = await execa(process.execPath, [binPath], {
			cwd: project,
			env: childEnv(home, {CI: 'true'}),
			extendEnv: false,
			stdin,
			reject: false,
			timeout: 15_000,
		});
		const elapsedMs = performance.now() - started;
		expect(result.timedOut).toBe(false);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('needs an interactive terminal');
		expect(elapsedMs).toBeLessThan(5000);
		expect(await treeOf(home)).toEqual(before);
	});
});
