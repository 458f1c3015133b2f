import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry} from '@napi-rs/keyring';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {teamFileNames} from '../../source/core/team/outputs.js';
import {copy} from '../../source/ui/copy.js';
import {startGatewayServer, gatewayReplyText, type GatewayServer} from '../helpers/gateway-server.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';
import {startRouteServer, type RouteServer} from '../helpers/route-server.js';
import {treeOf} from '../helpers/tree.js';
import {choose} from '../helpers/screen-list.js';
import {inherited} from '../helpers/session-env.js';

/**
The team rollout end to end: an administrator runs the built `claude-setup team` in a real
pseudo-terminal and writes the team files for an LLM gateway (a local one); a teammate, in another
HOME, runs `claude-setup --preset <URL>` against those files, is asked only for the token, and the
REAL Claude Code then reaches the gateway with that token. Broken presets change nothing.
*/

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const binPath = path.join(root, 'bin', 'claude-setup.cjs');
const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');

const testTimeoutMs = 150_000;
/** Detection, the keychain, the gateway check and `claude auth status`: generous, never a sleep. */
const slowStepMs = 45_000;

/** A personal gateway token, assembled at run time. */
const gatewayToken = ['gw', 'team-e2e', 'not-a-real-token', '0123456789abcdef'].join('-');

let gateway: GatewayServer;
let presetServer: RouteServer;
const temporaryDirectories: string[] = [];
const keychainAccounts = new Set<string>();
const terminals: PtyTerminal[] = [];

beforeAll(async () => {
	gateway = await startGatewayServer({token: gatewayToken});
	presetServer = await startRouteServer();
});

afterEach(() => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}
});

afterAll(async () => {
	await gateway?.close();
	await presetServer?.close();
	for (const account of keychainAccounts) {
		// eslint-disable-next-line no-await-in-loop -- a handful of entries, one keychain
		await new AsyncEntry('claude-setup', account).deletePassword().catch(() => false);
	}

	await Promise.all(temporaryDirectories.map(async directory => rm(directory, {recursive: true, force: true})));
});

async function temporaryDirectory(name: string): Promise<string> {
	const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-team-${name}-`)));
	temporaryDirectories.push(directory);
	return directory;
}

/** A HOME with an empty ~/.claude, so "nothing written" is a comparison of two trees. */
async function sandbox(name: string): Promise<{home: string; project: string}> {
	const home = await temporaryDirectory(`${name}-home`);
	const project = await temporaryDirectory(`${name}-project`);
	await mkdir(path.join(home, '.claude'), {recursive: true});
	keychainAccounts.add(`anthropic-api-key-${createHash('sha256').update(path.join(home, '.claude')).digest('hex').slice(0, 8)}`);
	return {home, project};
}

/**
Only what a terminal session needs, a temporary HOME, bash as the shell, no Anthropic endpoint in
the environment (the settings must bring the gateway), and no way to reach the internet.
*/
function childEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
	const env = inherited();

	return {
		...env,
		PATH: [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
		HOME: home,
		SHELL: '/bin/bash',
		TERM: 'xterm-256color',
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
		...extra,
	};
}

function start(args: string[], home: string, project: string): PtyTerminal {
	const terminal = spawnInPty(process.execPath, [binPath, ...args], {cwd: project, env: childEnv(home, {CI: 'true'}), cols: 110, rows: 50});
	terminals.push(terminal);
	return terminal;
}

/** Answers a text question: waits for it, clears what is prefilled, types the answer (if any), Enter. */
async function answerText(terminal: PtyTerminal, title: string, text: string): Promise<void> {
	await terminal.waitForText(title, {screenOnly: true, timeoutMs: slowStepMs});
	const fieldShows = (value: string) => (screen: string) => screen.split('\n').some(line => line.trim() === `› ${value}`.trim());
	// A prefilled field is cleared first (Ctrl-U), and only then typed into: keys sent together arrive as one chunk.
	if (!fieldShows('')(terminal.screen())) {
		terminal.write('\u0015');
		await terminal.waitForScreen(fieldShows(''), `the field under ${JSON.stringify(title)} to be empty`);
	}

	if (text) {
		terminal.write(text);
		await terminal.waitForScreen(fieldShows(text), `${JSON.stringify(text)} typed under ${JSON.stringify(title)}`);
	}

	const before = terminal.screen();
	terminal.press('enter');
	await terminal.waitForChange(before);
}

async function filesContaining(directory: string, secret: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await treeOf(directory)) {
		if (entry.kind === 'file') {
			// eslint-disable-next-line no-await-in-loop -- a small tree
			if ((await readFile(path.join(directory, entry.path))).includes(secret)) {
				found.push(entry.path);
			}
		}
	}

	return found;
}

describe('team rollout through an LLM gateway, end to end', {timeout: testTimeoutMs}, () => {
	let teamDirectory: string;
	let presetText: string;

	it('(a) claude-setup team writes the preset, the managed settings and the instructions', async () => {
		const admin = await sandbox('admin');
		teamDirectory = await temporaryDirectory('files');
		const adminHomeBefore = await treeOf(admin.home);
		const terminal = start(['team'], admin.home, admin.project);

		await terminal.waitForText(copy.team.methodQuestion, {screenOnly: true, timeoutMs: slowStepMs});
		expect(terminal.screen()).toContain(copy.team.adminIntro.slice(0, 40));
		await choose(terminal, 'LLM gateway');

		await answerText(terminal, "Your gateway's URL (ANTHROPIC_BASE_URL)", gateway.url);
		await terminal.waitForText('How does the gateway know it is you?', {screenOnly: true});
		await choose(terminal, 'A token or key, kept in the keychain');

		// Never the token: that is each teammate's.
		await answerText(terminal, 'Team name', 'Acme Platform');
		await answerText(terminal, 'HTTPS proxy for everyone', '');
		await answerText(terminal, 'Extra CA certificate file for everyone', '');
		await answerText(terminal, 'Where will teammates get the preset?', '');
		await answerText(terminal, 'Folder to write the three team files to', teamDirectory);

		await terminal.waitForText(copy.team.question, {screenOnly: true, timeoutMs: slowStepMs});
		expect(terminal.screen()).toContain(copy.team.reviewTitle(teamDirectory));
		// Nothing is written before the confirmation.
		expect(await treeOf(teamDirectory)).toEqual([]);
		await choose(terminal, copy.team.choices.confirm);

		await terminal.waitForText(copy.team.written, {timeoutMs: slowStepMs});
		expect(await terminal.waitForExit(15_000)).toBe(0);
		expect(terminal.output()).not.toContain('Paste the gateway token');

		const presetPath = path.join(teamDirectory, teamFileNames.preset);
		const managedPath = path.join(teamDirectory, teamFileNames.managed);
		const instructionsPath = path.join(teamDirectory, teamFileNames.instructions);
		expect((await treeOf(teamDirectory)).map(entry => entry.path).sort()).toEqual([teamFileNames.instructions, teamFileNames.preset, teamFileNames.managed].sort());

		presetText = await readFile(presetPath, 'utf8');
		const preset = JSON.parse(presetText) as Record<string, unknown>;
		expect(preset).toEqual({schemaVersion: 1, method: 'gateway', team: 'Acme Platform', answers: {url: gateway.url, credential: 'helper'}, env: {}});
		expect(presetText).not.toContain(gatewayToken);
		expect(presetText).not.toMatch(/token|apiKeyHelper|sk-ant-/i);

		const managed = JSON.parse(await readFile(managedPath, 'utf8')) as {env?: Record<string, string>};
		expect(managed.env?.['ANTHROPIC_BASE_URL']).toBe(gateway.url);
		expect(managed).not.toHaveProperty('apiKeyHelper');

		const instructions = await readFile(instructionsPath, 'utf8');
		expect(instructions).toContain(`npx claude-setup --preset ./${teamFileNames.preset}`);
		expect(instructions).toContain('gateway token');

		// The administrator's own setup is left alone.
		expect(await treeOf(admin.home)).toEqual(adminHomeBefore);
		// The gateway was never called: the administrator has no token to check.
		expect(gateway.requests).toEqual([]);
	});

	it('(b) a teammate with --preset <URL> is asked only for the token, and the real Claude Code then reaches the gateway with it', async () => {
		expect(presetText, 'test (a) must have written the preset').toBeDefined();
		presetServer.routes.set(`/${teamFileNames.preset}`, {body: presetText});
		const presetUrl = `${presetServer.url}/${teamFileNames.preset}`;
		const {home, project} = await sandbox('teammate');
		const terminal = start(['--preset', presetUrl], home, project);

		// A gateway needs no invite: the wizard starts at the requirements, the invite shown as settled.
		await terminal.waitForText(copy.requirements.choices.recheck, {timeoutMs: slowStepMs, screenOnly: true});
		expect(presetServer.requested).toContain(`/${teamFileNames.preset}`);
		expect(terminal.output()).not.toContain(copy.invite.question);
		expect(terminal.screen()).toContain(copy.invite.summary.cloud);
		await choose(terminal, copy.requirements.choices.continue);

		await terminal.waitForText(copy.install.question(true), {timeoutMs: slowStepMs, screenOnly: true});
		await choose(terminal, copy.install.continueInstalled);

		// Straight to the one personal question, with what the team set shown, not asked.
		await terminal.waitForText('Paste the gateway token', {timeoutMs: slowStepMs, screenOnly: true});
		const tokenScreen = terminal.screen();
		expect(tokenScreen).toContain(copy.team.setBy('Acme Platform'));
		expect(tokenScreen).toContain(gateway.url);
		expect(terminal.output()).not.toContain(copy.authMethod.question);
		expect(terminal.output()).not.toContain("Your gateway's URL (ANTHROPIC_BASE_URL)");

		terminal.write(`${gatewayToken}\n`);
		await terminal.waitForText(`(${gatewayToken.length} characters)`, {screenOnly: true});
		terminal.press('enter');

		// The check sends the token to the gateway with an empty body; the gateway answers 400.
		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		const check = await gateway.waitForRequest(request => request.method === 'POST' && request.body === '{}', 1000);
		expect(check.headers['x-api-key']).toBe(gatewayToken);
		await choose(terminal, copy.form.choices.continue);

		await terminal.waitForText(copy.scope.methodQuestion, {timeoutMs: slowStepMs, screenOnly: true});
		await choose(terminal, copy.scope.choices.user('~/.claude/settings.json'));

		await terminal.waitForText(copy.review.question, {timeoutMs: slowStepMs, screenOnly: true});
		expect(terminal.screen()).toMatch(/"ANTHROPIC_BASE_URL":/);
		await choose(terminal, copy.review.choices.confirm);

		await terminal.waitForText(copy.done.methodVerified('gateway'), {timeoutMs: slowStepMs});
		expect(await terminal.waitForExit(15_000)).toBe(0);
		for (const chunk of terminal.chunks) {
			expect(chunk.includes(gatewayToken), 'the token on screen').toBe(false);
		}

		// The settings bring the gateway and the helper; no file under HOME holds the token.
		const settings = JSON.parse(await readFile(path.join(home, '.claude', 'settings.json'), 'utf8')) as {env?: Record<string, string>; apiKeyHelper?: string};
		expect(settings.env?.['ANTHROPIC_BASE_URL']).toBe(gateway.url);
		expect(settings.apiKeyHelper).toContain(path.join(home, '.claude', 'claude-setup', 'bin'));
		expect(await filesContaining(home, gatewayToken)).toEqual([]);

		// The real Claude Code, with nothing but that HOME, sends the teammate's token to the team's gateway.
		const before = gateway.requests.length;
		const ping = await execa(claudeBin, ['-p', 'ping'], {cwd: project, env: childEnv(home), extendEnv: false, stdin: 'ignore', timeout: 60_000, reject: false, all: true});
		expect(ping.exitCode, `claude -p failed:\n${ping.all}`).toBe(0);
		expect(ping.stdout).toContain(gatewayReplyText);
		const message = await gateway.waitForRequest(
			request => gateway.requests.indexOf(request) >= before && request.method === 'POST' && request.pathname === '/v1/messages' && request.body !== '{}',
			5000,
		);
		expect([message.headers['x-api-key'], message.headers.authorization]).toContain(gatewayToken);
		expect(gateway.requests.slice(before).every(request => request.headers['x-api-key'] === gatewayToken || request.headers.authorization === `Bearer ${gatewayToken}`)).toBe(true);
	});
});

describe('a broken preset changes nothing', {timeout: testTimeoutMs}, () => {
	it.each([
		['a malformed preset file', async (folder: string) => {
			const file = path.join(folder, 'claude-setup-preset.json');
			await writeFile(file, '{\n  "schemaVersion": 1,\n  "method": "gateway",\n}\n');
			return {reference: file, says: [`The preset ${file} is not valid JSON (line 4, column 1)`]};
		}],
		['a preset without a schemaVersion', async (folder: string) => {
			const file = path.join(folder, 'no-version.json');
			await writeFile(file, JSON.stringify({method: 'gateway', answers: {url: 'https://llm.example.com'}, env: {}}));
			return {reference: file, says: ['has no schemaVersion this claude-setup understands (found none, expected 1)']};
		}],
		['a preset from a newer claude-setup, over http', async () => {
			presetServer.routes.set('/newer.json', {body: JSON.stringify({schemaVersion: 2, method: 'gateway', answers: {}, env: {}})});
			return {reference: `${presetServer.url}/newer.json`, says: ['uses schema version 2, newer than this claude-setup understands', 'npx claude-setup@latest']};
		}],
	] as const)('%s: exit 2, one clear message, HOME byte for byte the same', async (_name, make) => {
		const {home, project} = await sandbox('broken');
		await writeFile(path.join(home, '.claude', 'settings.json'), '{\n  "model": "sonnet"\n}\n');
		const {reference, says} = await make(project);
		const before = await treeOf(home);
		const terminal = start(['--preset', reference], home, project);

		expect(await terminal.waitForExit(slowStepMs)).toBe(2);
		const output = terminal.output();
		for (const text of says) {
			expect(output.replaceAll(/\s+/g, ' ')).toContain(text);
		}

		expect(output).toContain('Nothing was changed.');
		expect(output).not.toContain(copy.invite.question);
		expect(await treeOf(home)).toEqual(before);
	});
});
