import {readdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, it, type ExpectStatic} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {startAnthropicServer, type AnthropicServer} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnInPty, type PtyTerminal} from '../helpers/pty-terminal.js';
import {treeOf} from '../helpers/tree.js';
import {
	bedrockKeysPath,
	choose,
	claudeAiPath,
	consoleKeyPath,
	foundryKeyPath,
	gatewayPath,
	slowStepMs,
	toAuthMethod,
	toDone,
	vertexPath,
	waitForStage,
	waitUntilKeysAreRead,
	walk,
	type Stage,
} from '../helpers/wizard-paths.js';
import {
	binPath,
	changedPaths,
	deleteKeychainEntries,
	isClaudeCodeState,
	keychainEntries,
	offlinePreload,
	probeEntries,
	processesWithHome,
	removeTemporaryDirectories,
	startHangingServer,
	startLocalServer,
	temporaryDirectory,
	toolDirectory,
	wizardEnvironment,
	type LocalServer,
} from '../helpers/wizard-sandbox.js';

/**
Ctrl-C at every step changes nothing. For each stop on the Console key, gateway, Bedrock, Foundry,
Vertex and claude.ai paths (and the moments in between: a check running, an install running, a key
typed but not submitted), a fresh wizard is walked there in a real terminal and Ctrl-C is pressed.
Then: exit code 130 and "Cancelled. Nothing was written."; the whole HOME and project trees
(contents and modes) exactly as before; no keychain entry of this HOME, and no keychain probe entry
left behind; nothing left in TMPDIR; and no process started by the wizard still running.

The one exception is Ctrl-C inside `claude auth login`, which the wizard hands the terminal to:
Claude Code itself creates ~/.claude.json (and a backup of it) as soon as it starts, so there only
Claude Code's own files may differ. Nothing reaches the internet: the login prints a URL and waits.
*/

const testTimeoutMs = 120_000;

const consoleKey = fakeApiKey('CTRL-C');
const gatewayToken = `gateway-token-ctrl-c-${process.pid}-not-real`;
const awsSecret = `aws-secret-ctrl-c-${process.pid}-not-real`;
const foundryKey = `foundry-key-ctrl-c-${process.pid}-not-real`;

let server: AnthropicServer;
let hanging: LocalServer;
let slowInstaller: LocalServer;
let tools: string;
let realClaudeTools: string;
let nodeOptions: string;
const homes: string[] = [];
const terminals: PtyTerminal[] = [];

beforeAll(async () => {
	server = await startAnthropicServer({acceptedKeys: [consoleKey, gatewayToken]});
	hanging = await startHangingServer();
	// An install that takes its time: Ctrl-C comes while it runs (it writes nothing, anywhere).
	slowInstaller = await startLocalServer({'/install.sh': '#!/bin/bash\necho "claude-setup test installer: downloading (stand-in)"\nsleep 60\n'});
	tools = await toolDirectory({claude: 'fake-login'});
	realClaudeTools = await toolDirectory({claude: 'real'});
	({nodeOptions} = await offlinePreload(await temporaryDirectory('ctrl-c-offline')));
}, 60_000);

afterAll(async () => {
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}

	await server?.close();
	await hanging?.close();
	await slowInstaller?.close();
	for (const home of homes) {
		// eslint-disable-next-line no-await-in-loop -- a few dozen, one keychain
		await deleteKeychainEntries(home);
	}

	await removeTemporaryDirectories();
});

type Case = {
	/** Walked in full before the stop. */
	through: Stage[];
	/** The stage Ctrl-C is pressed on, once it shows. */
	stop: Stage;
	/** Done on the stop stage before Ctrl-C (type something and leave it unsubmitted, start a check). */
	before?: (terminal: PtyTerminal) => Promise<void>;
	anthropicBaseUrl?: () => string;
	installerUrl?: () => string;
	keychain?: boolean;
	claude?: 'real' | 'fake-login';
	/** Ctrl-C lands in `claude auth login`, which Claude Code ends; then the wizard shows its result and gets a second Ctrl-C. */
	isInsideLogin?: boolean;
};

/**
The exit status a shell reports: the exit code, or 128 + the signal that ended the program. (While
the wizard starts, before it reads the keyboard itself, Ctrl-C is the terminal's SIGINT: 130 too.)
*/
function shellStatus(terminal: PtyTerminal): number | undefined {
	const status = terminal.exitStatus;
	return status?.signal ? 128 + status.signal : status?.exitCode;
}

/** Every stage of `stages` as a stop, each walked to through the ones before it. */
function stopsOf(stages: readonly Stage[], from = 0): Array<[string, Case]> {
	return stages.slice(from).map((stop, index) => [stop.name, {through: stages.slice(0, from + index), stop}]);
}

function text(name: string, ready: string | RegExp): Stage {
	return {name, ready, act: async () => undefined};
}

async function runCase(expect: ExpectStatic, testCase: Case): Promise<void> {
	const home = await temporaryDirectory('ctrl-c-home');
	const project = await temporaryDirectory('ctrl-c-project');
	const temporary = await temporaryDirectory('ctrl-c-tmp');
	homes.push(home);
	const env = wizardEnvironment({
		home,
		tools: testCase.claude === 'real' ? realClaudeTools : tools,
		anthropicBaseUrl: testCase.anthropicBaseUrl?.() ?? server.url,
		installerUrl: testCase.installerUrl?.() ?? `${slowInstaller.url}/install.sh`,
		nodeOptions,
		keychain: testCase.keychain ?? true,
		extra: {TMPDIR: temporary},
	});
	const [homeBefore, projectBefore, keychainBefore, probesBefore] = await Promise.all([treeOf(home), treeOf(project), keychainEntries(home), probeEntries()]);

	const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env, cols: 100, rows: 40});
	terminals.push(terminal);
	await walk(terminal, testCase.through);
	await waitForStage(terminal, testCase.stop);
	await testCase.before?.(terminal);
	terminal.press('ctrl-c');

	if (testCase.isInsideLogin) {
		// Ctrl-C went to `claude auth login` (the terminal is in its normal mode): the wizard says so and waits.
		await terminal.waitForText('The login was stopped', {timeoutMs: slowStepMs, screenOnly: true});
		terminal.press('ctrl-c');
	}

	await terminal.waitForExit(slowStepMs);
	const left = processesWithHome(home);
	expect(shellStatus(terminal), terminal.screen()).toBe(130);
	if (!terminal.exitStatus?.signal) {
		expect(terminal.output()).toContain(copy.cancelled.before);
	}

	const [homeAfter, projectAfter, keychainAfter] = await Promise.all([treeOf(home), treeOf(project), keychainEntries(home)]);
	const homeChanges = changedPaths(homeBefore, homeAfter);
	if (testCase.isInsideLogin) {
		// Only what Claude Code itself wrote when it started.
		expect(homeChanges.filter(entry => !isClaudeCodeState(entry) && entry !== '.claude')).toEqual([]);
	} else {
		expect(homeChanges, 'files under HOME').toEqual([]);
		expect(homeAfter).toEqual(homeBefore);
	}

	expect(changedPaths(projectBefore, projectAfter), 'files in the project').toEqual([]);
	expect(keychainAfter, 'keychain entries of this HOME').toEqual(keychainBefore);
	expect(await readdir(temporary), 'files left in TMPDIR').toEqual([]);
	expect(left.map(entry => entry.command), 'processes still running after the wizard exited').toEqual([]);
	// A keychain probe writes a throwaway entry and deletes it; Ctrl-C must not leave one behind.
	// (Other files' wizards probe the same keychain, so only entries that stay count.)
	const newProbes = (await probeEntries()).filter(entry => !probesBefore.includes(entry));
	if (newProbes.length > 0) {
		await expect.poll(async () => (await probeEntries()).filter(entry => newProbes.includes(entry)), {timeout: 5000}).toEqual([]);
	}
}

const consoleStages = [...consoleKeyPath(consoleKey), ...toDone()];
// The servers start in beforeAll: their URLs are read when a stage runs.
const gatewayStages = [...gatewayPath(() => server.url, gatewayToken), ...toDone()];
const gatewayToHanging = gatewayPath(() => hanging.url, gatewayToken);
const foundryStages = foundryKeyPath(() => `${hanging.url}/anthropic`, foundryKey);

const cases: Array<[string, Case]> = [
	// The steps every path shares, and what happens between them.
	['shared › while it starts', {through: [], stop: {name: 'starting', ready: /claude-setup: starting|Step 1 of 7/, act: async () => undefined}}],
	...stopsOf(toAuthMethod()).map(([name, testCase]): [string, Case] => [`shared › ${name}`, testCase]),
	[
		'shared › invite, the page to open shown',
		{
			through: [],
			stop: toAuthMethod()[0]!,
			async before(terminal) {
				await waitUntilKeysAreRead(terminal);
				await choose(terminal, copy.invite.choices.console);
				await terminal.waitForText(copy.invite.confirmQuestion, {screenOnly: true});
			},
		},
	],
	['shared › requirements, while checking', {through: toAuthMethod().slice(0, 1), stop: text('requirements running', 'Step 2 of 7')}],
	['shared › install, while looking for Claude Code', {through: toAuthMethod().slice(0, 2), stop: text('install detecting', 'Step 3 of 7')}],
	[
		'shared › install, while the installer runs',
		{
			through: toAuthMethod().slice(0, 2),
			stop: toAuthMethod()[2]!,
			async before(terminal) {
				await choose(terminal, 'Native installer');
				await terminal.waitForText('claude-setup test installer: downloading', {timeoutMs: slowStepMs, screenOnly: true});
			},
		},
	],

	// The Console API key.
	...stopsOf(consoleStages, 3).map(([name, testCase]): [string, Case] => [`Console key › ${name}`, testCase]),
	[
		'Console key › key field, a key typed but not submitted',
		{
			through: consoleStages.slice(0, 4),
			stop: consoleStages[4]!,
			async before(terminal) {
				terminal.write(consoleKey);
				await terminal.waitForText(`(${consoleKey.length} characters)`, {screenOnly: true});
			},
		},
	],
	['Console key › while the key is checked', {through: consoleStages.slice(0, 5), stop: text('validating', 'Checking the key with'), anthropicBaseUrl: () => hanging.url}],
	['Console key › the key could not be checked', {through: consoleStages.slice(0, 5), stop: text('key result', copy.keyResult.question), anthropicBaseUrl: () => 'http://127.0.0.1:9'}],
	['Console key › no keychain: where to keep the key', {through: consoleStages.slice(0, 5), stop: text('secret storage', copy.secretStorage.question), keychain: false}],
	[
		'Console key › review, after "No, go back" and back again',
		{
			through: consoleStages.slice(0, 6),
			stop: consoleStages[6]!,
			async before(terminal) {
				await choose(terminal, copy.review.choices.back);
				await terminal.waitForText(copy.scope.question, {screenOnly: true});
				await choose(terminal, 'Everywhere on this machine');
				await terminal.waitForText(copy.review.question, {timeoutMs: slowStepMs, screenOnly: true});
			},
		},
	],

	// An LLM gateway (the local stand-in accepts the token).
	...stopsOf(gatewayStages, 4).map(([name, testCase]): [string, Case] => [`gateway › ${name}`, testCase]),
	[
		'gateway › token typed but not submitted',
		{
			through: gatewayStages.slice(0, 6),
			stop: text('gateway token', 'Paste the gateway token'),
			async before(terminal) {
				terminal.write(gatewayToken);
				await terminal.waitForText(`(${gatewayToken.length} characters)`, {screenOnly: true});
			},
		},
	],
	[
		'gateway › while the gateway is checked',
		{through: gatewayToHanging.slice(0, 7), stop: text('gateway check', copy.form.checking)},
	],

	// Amazon Bedrock with access keys (no aws CLI on PATH: the check is skipped).
	...stopsOf([...bedrockKeysPath('AKIACTRLCNOTAREALKEY', awsSecret), ...toDone()], 4).map(([name, testCase]): [string, Case] => [`Bedrock › ${name}`, testCase]),

	// Microsoft Foundry with an API key, checked against a local server that never answers.
	...stopsOf(foundryStages.slice(0, 10), 4).map(([name, testCase]): [string, Case] => [`Foundry › ${name}`, testCase]),
	[
		'Foundry › while the key is checked',
		{through: foundryStages.slice(0, 10), stop: text('Foundry check', copy.form.checking)},
	],

	// Google Vertex AI (no gcloud on PATH: the check is skipped).
	...stopsOf([...vertexPath('ctrl-c-project-123'), ...toDone()], 4).map(([name, testCase]): [string, Case] => [`Vertex › ${name}`, testCase]),

	// Claude for Teams or Enterprise: the form, then Ctrl-C inside the real `claude auth login`.
	...stopsOf(claudeAiPath(), 4).map(([name, testCase]): [string, Case] => [`claude.ai › ${name}`, testCase]),
	[
		'claude.ai › inside claude auth login',
		{through: claudeAiPath(), stop: text('claude auth login', 'Paste code here if prompted'), claude: 'real', isInsideLogin: true},
	],
];

describe.concurrent('Ctrl-C changes nothing', {timeout: testTimeoutMs}, () => {
	it.for(cases)('%s', async ([, testCase], {expect}) => {
		await runCase(expect, testCase);
	});
});

/**
A Console-key wizard walked to its final check, with a Claude Code that takes its time to answer,
returned once `claude auth status` is found running in /proc: whatever stops the wizard next
surely comes while it runs.
*/
async function atFinalCheck(expect: ExpectStatic): Promise<{home: string; terminal: PtyTerminal}> {
	const home = await temporaryDirectory('ctrl-c-home');
	const project = await temporaryDirectory('ctrl-c-project');
	homes.push(home);
	const env = wizardEnvironment({home, tools: await toolDirectory({claude: 'slow-status'}), anthropicBaseUrl: server.url, nodeOptions});
	const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env, cols: 100, rows: 40});
	terminals.push(terminal);
	await walk(terminal, consoleStages);
	await terminal.waitForText(copy.verify.running, {timeoutMs: slowStepMs});
	await expect.poll(() => processesWithHome(home).some(entry => entry.command.includes('auth status')), {timeout: slowStepMs, interval: 5}).toBe(true);
	return {home, terminal};
}

/** The commands still running in `home` once the wizard is gone; they are ended (ours: started by the wizard this test ran). */
function endLeftovers(home: string): string[] {
	const left = processesWithHome(home);
	for (const {pid} of left) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}

	return left.map(entry => entry.command);
}

describe('Ctrl-C after the write', {timeout: testTimeoutMs}, () => {
	it('while `claude auth status` checks the setup: the setup stays saved, exit 0, and nothing keeps running', async ({expect}) => {
		const {home, terminal} = await atFinalCheck(expect);
		terminal.press('ctrl-c');
		await terminal.waitForText(copy.cancelled.after, {timeoutMs: slowStepMs});
		expect(await terminal.waitForExit(15_000)).toBe(0);
		const left = endLeftovers(home);
		expect((await keychainEntries(home)).length, 'the key stays in the keychain').toBe(1);
		expect((await treeOf(home)).some(entry => entry.path === path.join('.claude', 'settings.json')), 'the settings stay written').toBe(true);
		expect(left, 'processes still running after the wizard exited').toEqual([]);
	});
});

describe('SIGINT from outside while `claude auth status` runs', {timeout: testTimeoutMs}, () => {
	// In raw mode Ctrl-C is a key, but a SIGINT can still come (kill -INT, or right after a login handed
	// the terminal back): the process then ends by the signal, skipping 'exit', and must end its
	// children first.
	it('ends the wizard and leaves no process behind', async ({expect}) => {
		const {home, terminal} = await atFinalCheck(expect);
		const wizard = processesWithHome(home).find(entry => entry.command.includes(binPath));
		expect(wizard, 'the wizard process').toBeDefined();
		process.kill(wizard!.pid, 'SIGINT');
		await terminal.waitForExit(15_000);
		expect(endLeftovers(home), 'processes still running after the wizard ended').toEqual([]);
	});
});

describe('Ctrl-C that arrives with other keys', {timeout: testTimeoutMs}, () => {
	// A terminal delivers what was typed since the program last read as one chunk: a key typed just
	// before Ctrl-C (while the wizard is busy drawing, checking, or starting) comes with it.
	it.for([
		['after a letter', 'x\u0003'],
		['before a letter', '\u0003x'],
		['after an arrow key', '\u001B[B\u0003'],
	])('%s, in one read, still cancels', async ([, keys], {expect}) => {
		const home = await temporaryDirectory('ctrl-c-home');
		const project = await temporaryDirectory('ctrl-c-project');
		const env = wizardEnvironment({home, tools, anthropicBaseUrl: server.url, nodeOptions});
		const before = await treeOf(home);
		const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env, cols: 100, rows: 40});
		terminals.push(terminal);
		await waitForStage(terminal, toAuthMethod()[0]!);
		await waitUntilKeysAreRead(terminal);
		terminal.write(keys!);
		await terminal.waitForText(copy.cancelled.before, {timeoutMs: 10_000});
		expect(await terminal.waitForExit(15_000)).toBe(130);
		expect(await treeOf(home)).toEqual(before);
	});
});
