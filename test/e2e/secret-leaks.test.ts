import {randomBytes} from 'node:crypto';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it, vi, type ExpectStatic} from 'vitest';
import {bedrockModelChoices} from '../../source/core/auth/bedrock.js';
import {maskSecret} from '../../source/core/secrets/mask.js';
import {copy} from '../../source/ui/copy.js';
import {startAnthropicServer, type AnthropicServer} from '../helpers/anthropic-server.js';
import {argvLeaks, startArgvSampler, type SampledProcess} from '../helpers/argv-sampler.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnInPty, stripAnsi, type PtyTerminal} from '../helpers/pty-terminal.js';
import {treeOf} from '../helpers/tree.js';
import {
	bedrockKeysPath,
	choose,
	consoleKeyPath,
	foundryKeyPath,
	gatewayPath,
	review,
	slowStepMs,
	toDone,
	walk,
	type ReviewCapture,
	type Stage,
} from '../helpers/wizard-paths.js';
import {
	binPath,
	deleteKeychainEntries,
	fakeAwsScript,
	keychainValues,
	offlinePreload,
	processesWithHome,
	removeTemporaryDirectories,
	startKeyCheckServer,
	temporaryDirectory,
	toolDirectory,
	wizardEnvironment,
	type KeyCheckServer,
} from '../helpers/wizard-sandbox.js';

/**
No secret leaks. One test secret per method, made at run time (nothing realistic is committed), is
typed into the wizard: the Console API key, a gateway token, Bedrock access keys, a Foundry API key,
and once more the Console key kept in the 0600 file (no keychain). Each setup is run to the end
(checked, reviewed, written, verified by the real Claude Code) while the argument lists of every
process the wizard starts are sampled from /proc every 2 ms. Then the secret is searched for in:
every raw chunk the terminal received and the whole output with and without escape codes (stdout
and stderr both reach the terminal); every file under HOME, the project and TMPDIR (backups,
manifest, settings, helper files, .bashrc), except the 0600 secrets file when the user chose it;
and every sampled argv (a secret handed over in the environment or a pipe is fine; in argv, any
local user can read it with `ps`). Expected: 0 occurrences. The review must show what is stored
where, and never the secret; where a secret does go into a settings file (a gateway token the user
asks to keep in plaintext), the review's diff shows it masked.
*/

const testTimeoutMs = 150_000;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const secrets = {
	consoleKey: fakeApiKey(`LEAK${hex(4).toUpperCase()}`),
	fileKey: fakeApiKey(`FILE${hex(4).toUpperCase()}`),
	gatewayToken: `gw-leak-${hex(12)}-not-real`,
	plaintextToken: `gw-plain-${hex(12)}-not-real`,
	awsSecret: `leak/${hex(14)}+not+real`,
	foundryKey: hex(16),
};
const awsAccessKeyId = `AKIA${hex(8).toUpperCase()}`;

let anthropic: AnthropicServer;
let gateway: KeyCheckServer;
let foundry: KeyCheckServer;
let nodeOptions: string;
const homes: string[] = [];
const terminals: PtyTerminal[] = [];
const report: string[] = [];

beforeAll(async () => {
	anthropic = await startAnthropicServer({acceptedKeys: [secrets.consoleKey, secrets.fileKey]});
	gateway = await startKeyCheckServer([secrets.gatewayToken, secrets.plaintextToken]);
	foundry = await startKeyCheckServer([secrets.foundryKey]);
	({nodeOptions} = await offlinePreload(await temporaryDirectory('leaks-offline')));
}, 60_000);

afterAll(async () => {
	console.log(['Secret-leak scan:', ...report].join('\n'));
	for (const terminal of terminals.splice(0)) {
		terminal.dispose();
	}

	await anthropic?.close();
	await gateway?.close();
	await foundry?.close();
	for (const home of homes) {
		// eslint-disable-next-line no-await-in-loop -- a few
		await deleteKeychainEntries(home);
	}

	await removeTemporaryDirectories();
});

/**
What to look for: the whole secret, and overlapping 10-character pieces of its random part, so a
secret cut short, wrapped, or partly masked is found too (a mask shows at most its last 4).
*/
function needlesOf(secret: string): string[] {
	const distinctive = secret.startsWith('sk-ant-') ? secret.slice(0, secret.indexOf('-not-a-real-key')) : secret;
	const pieces: string[] = [];
	for (let start = 0; start + 10 <= distinctive.length; start += 5) {
		pieces.push(distinctive.slice(start, start + 10));
	}

	return [secret, ...pieces.filter(piece => !/^(?:sk-ant-api|k-ant-api0|nt-api03-)/.test(piece))];
}

type Haystack = {where: string; text: string | Buffer};

function occurrences(haystacks: readonly Haystack[], secret: string): string[] {
	const found: string[] = [];
	for (const {where, text} of haystacks) {
		for (const needle of needlesOf(secret)) {
			if (text.includes(needle)) {
				found.push(`${where} (contains ${JSON.stringify(needle)})`);
				break;
			}
		}
	}

	return found;
}

async function filesUnder(directory: string, label: string, skip: (relative: string) => boolean = () => false): Promise<Haystack[]> {
	const haystacks: Haystack[] = [];
	for (const entry of await treeOf(directory)) {
		if (entry.kind === 'file' && !skip(entry.path)) {
			// eslint-disable-next-line no-await-in-loop -- a small tree
			haystacks.push({where: `${label}/${entry.path}`, text: await readFile(path.join(directory, entry.path))});
		}
	}

	return haystacks;
}

type Run = {
	terminal: PtyTerminal;
	home: string;
	project: string;
	temporary: string;
	processes: SampledProcess[];
	sampleCount: number;
	haystacks: Haystack[];
};

type RunOptions = {
	stages: Stage[];
	keychain?: boolean;
	tools?: string;
	/** Files under HOME that may hold the secret by the user's explicit choice. */
	allowedFiles?: string[];
	/** Stops here (no write) when set: the stages end on a screen where Ctrl-C is pressed. */
	cancelAtEnd?: boolean;
};

async function runWizard(options: RunOptions): Promise<Run> {
	const home = await temporaryDirectory('leaks-home');
	const project = await temporaryDirectory('leaks-project');
	const temporary = await temporaryDirectory('leaks-tmp');
	homes.push(home);
	const env = wizardEnvironment({
		home,
		tools: options.tools ?? (await toolDirectory({claude: 'real'})),
		anthropicBaseUrl: anthropic.url,
		nodeOptions,
		keychain: options.keychain ?? true,
		extra: {TMPDIR: temporary},
	});

	const sampler = startArgvSampler();
	const terminal = spawnInPty(process.execPath, [binPath], {cwd: project, env, cols: 100, rows: 40});
	terminals.push(terminal);
	let processes: SampledProcess[] = [];
	try {
		await walk(terminal, options.stages);
		if (options.cancelAtEnd) {
			terminal.press('ctrl-c');
			await terminal.waitForText(copy.cancelled.before, {timeoutMs: slowStepMs});
		} else {
			await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		}

		await terminal.waitForExit(30_000);
		// Whatever the wizard started and left running is sampled until it ends too (polled in /proc:
		// they are not our children, so no event tells when they end; the wizard ends its own on exit).
		await vi.waitFor(() => {
			expect(processesWithHome(home)).toEqual([]);
		}, {timeout: 30_000, interval: 20}).catch(() => undefined);
	} finally {
		// Stopped in every case: a failed walk must not leave the worker running.
		processes = await sampler.stop();
	}

	const allowed = new Set(options.allowedFiles ?? []);
	const raw = terminal.chunks.join('');
	const haystacks: Haystack[] = [
		...terminal.chunks.map((chunk, index) => ({where: `terminal chunk ${index}`, text: chunk})),
		{where: 'the raw terminal output', text: raw},
		{where: 'the terminal output without escape codes', text: stripAnsi(raw)},
		{where: 'the terminal output, line breaks removed', text: stripAnsi(raw).replaceAll(/\s*\n\s*/g, '')},
		...(await filesUnder(home, '~', relative => allowed.has(relative))),
		...(await filesUnder(project, '<project>')),
		...(await filesUnder(temporary, '$TMPDIR')),
		...processes.map(sampled => ({where: `argv of pid ${sampled.pid}: ${sampled.argv.join(' ').slice(0, 160)}`, text: sampled.argv.join('\0')})),
	];
	return {terminal, home, project, temporary, processes, sampleCount: sampler.sampleCount, haystacks};
}

/** The scan: 0 occurrences of every secret anywhere; the counts go to the report. */
function expectNoLeaks(expect: ExpectStatic, name: string, run: Run, typed: string): void {
	const all = Object.values(secrets);
	const found = all.flatMap(secret => occurrences(run.haystacks, secret).map(where => `${secret === typed ? 'the typed secret' : 'another test secret'} in ${where}`));
	report.push(
		`  ${name}: ${all.length} secrets x ${run.haystacks.length} places (${run.terminal.chunks.length} terminal chunks, ${run.processes.length} process argvs from ${run.sampleCount} samples): ${found.length} occurrences`,
	);
	expect(found, `${name}: secrets found`).toEqual([]);
	expect(argvLeaks(run.processes, all), `${name}: secrets in a child's arguments`).toEqual([]);
}

/** The sampler saw the processes that handle the secret: the check is not vacuous. */
function expectSampled(expect: ExpectStatic, run: Run, patterns: RegExp[]): void {
	const commands = run.processes.map(sampled => sampled.argv.join(' '));
	for (const pattern of patterns) {
		expect(commands.some(command => pattern.test(command)), `a process matching ${pattern} was sampled; saw:\n${commands.join('\n')}`).toBe(true);
	}
}

function expectReviewed(expect: ExpectStatic, capture: ReviewCapture, secret: string, label: string, where = 'your OS keychain'): void {
	expect(capture.screen, 'the review was shown').toBeDefined();
	const screen = capture.screen!;
	expect(screen).toContain(copy.review.title);
	expect(screen.replaceAll(/\s+/g, ' ')).toContain(`Store the ${label} in ${where}`);
	for (const needle of needlesOf(secret)) {
		expect(screen, 'the review screen').not.toContain(needle);
	}
}

describe('the argv sampler', () => {
	it('catches a secret in the arguments of a short-lived grandchild (the scan below can fail)', async ({expect}) => {
		const canary = `canary-${hex(8)}`;
		const sampler = startArgvSampler();
		// A shell that runs a 50 ms child with the canary in its arguments, then exits.
		await execa('/bin/sh', ['-c', `${JSON.stringify(process.execPath)} -e "setTimeout(() => {}, 50)" ${canary}`]);
		const processes = await sampler.stop();
		expect(argvLeaks(processes, [canary]).map(leak => leak.process.argv.at(-1))).toContain(canary);
	});
});

describe.concurrent('no secret leaks', {timeout: testTimeoutMs}, () => {
	it('the Console API key, kept in the keychain', async ({expect}) => {
		const capture: ReviewCapture = {};
		const run = await runWizard({stages: [...consoleKeyPath(secrets.consoleKey), ...toDone(capture)]});
		expect(run.terminal.exitStatus?.exitCode).toBe(0);
		expect((await keychainValues(run.home)).map(entry => entry.password)).toEqual([secrets.consoleKey]);
		expect(anthropic.requests.some(request => request.headers['x-api-key'] === secrets.consoleKey), 'the key was checked with the local API').toBe(true);
		expectReviewed(expect, capture, secrets.consoleKey, 'API key');
		expectSampled(expect, run, [/claude(?:\.exe)? auth status/, /api-key-helper/]);
		expectNoLeaks(expect, 'Console API key (keychain)', run, secrets.consoleKey);
	});

	it('the Console API key, kept in the 0600 file when there is no keychain', async ({expect}) => {
		const capture: ReviewCapture = {};
		const secretsFile = path.join('.claude', 'claude-setup', 'secrets.json');
		const storage: Stage = {
			name: 'secret storage',
			ready: copy.secretStorage.question,
			async act(terminal) {
				await choose(terminal, 'In a file only you can read');
				await terminal.waitForText(copy.scope.question, {timeoutMs: slowStepMs, screenOnly: true});
			},
		};
		const run = await runWizard({stages: [...consoleKeyPath(secrets.fileKey), storage, ...toDone(capture)], keychain: false, allowedFiles: [secretsFile]});
		expect(run.terminal.exitStatus?.exitCode).toBe(0);
		const file = path.join(run.home, secretsFile);
		expect((await stat(file)).mode & 0o777, 'the secrets file is private').toBe(0o600);
		expect(await readFile(file, 'utf8'), 'the key is in the file the user chose').toContain(secrets.fileKey);
		expectReviewed(expect, capture, secrets.fileKey, 'API key', '~/.claude/claude-setup/secrets.json');
		expectSampled(expect, run, [/claude(?:\.exe)? auth status/, /api-key-helper/]);
		expectNoLeaks(expect, 'Console API key (0600 file)', run, secrets.fileKey);
	});

	it('a gateway token, kept in the keychain', async ({expect}) => {
		const capture: ReviewCapture = {};
		const run = await runWizard({stages: [...gatewayPath(() => gateway.url, secrets.gatewayToken), ...toDone(capture)]});
		expect(run.terminal.exitStatus?.exitCode).toBe(0);
		expect((await keychainValues(run.home)).map(entry => entry.password)).toEqual([secrets.gatewayToken]);
		expect(gateway.presented, 'the token was checked with the local gateway').toContain(secrets.gatewayToken);
		expectReviewed(expect, capture, secrets.gatewayToken, 'gateway token');
		expectSampled(expect, run, [/claude(?:\.exe)? auth status/, /api-key-helper/]);
		expectNoLeaks(expect, 'gateway token (keychain)', run, secrets.gatewayToken);
	});

	it('a gateway token the user keeps in the settings file: the review diff masks it (nothing is written)', async ({expect}) => {
		const capture: ReviewCapture = {};
		const shown: Stage = {...review(capture), act: async terminal => {
			capture.screen = terminal.screen();
		}};
		const run = await runWizard({stages: [...gatewayPath(() => gateway.url, secrets.plaintextToken, 'auth-token'), ...toDone().slice(0, 1), shown], cancelAtEnd: true});
		expect(run.terminal.exitStatus?.exitCode).toBe(130);
		const screen = capture.screen ?? '';
		expect(screen).toMatch(/^\s*\+ .*"ANTHROPIC_AUTH_TOKEN":/m);
		expect(screen, 'the token, masked').toContain(maskSecret(secrets.plaintextToken));
		expectNoLeaks(expect, 'gateway token (plaintext settings, review only)', run, secrets.plaintextToken);
	});

	it('Bedrock access keys, checked with the AWS CLI through its environment', async ({expect}) => {
		const capture: ReviewCapture = {};
		const logDirectory = await temporaryDirectory('leaks-aws');
		const awsLog = path.join(logDirectory, 'aws-calls.log');
		const tools = await toolDirectory({claude: 'real', scripts: {aws: fakeAwsScript(awsLog, bedrockModelChoices('us-east-1').map(choice => choice.id))}});
		const run = await runWizard({stages: [...bedrockKeysPath(awsAccessKeyId, secrets.awsSecret), ...toDone(capture)], tools});
		expect(run.terminal.exitStatus?.exitCode).toBe(0);
		const stored = (await keychainValues(run.home)).map(entry => entry.password);
		expect(stored).toHaveLength(1);
		expect(stored[0], 'the keys are in the keychain').toContain(secrets.awsSecret);
		expect(stored[0]).toContain(awsAccessKeyId);
		// The AWS CLI got the keys in its environment (it answered as signed in) and never in its arguments.
		const awsCalls = (await readFile(awsLog, 'utf8')).split('\n').filter(Boolean);
		expect(awsCalls.some(call => call.startsWith('sts get-caller-identity')), awsCalls.join('\n')).toBe(true);
		expect(run.terminal.output()).toContain('AWS account 123456789012');
		run.haystacks.push({where: 'the arguments the stand-in AWS CLI received', text: awsCalls.join('\n')});
		expectReviewed(expect, capture, secrets.awsSecret, 'AWS access key');
		expectSampled(expect, run, [/claude(?:\.exe)? auth status/, /api-key-helper/]);
		expectNoLeaks(expect, 'Bedrock secret access key (keychain)', run, secrets.awsSecret);
		report.push(`    (the access key ID, not a secret, appears in ${occurrences(run.haystacks, awsAccessKeyId).length} places)`);
	});

	it('a Foundry API key, kept in the keychain and handed over by the shell function', async ({expect}) => {
		const capture: ReviewCapture = {};
		const run = await runWizard({stages: [...foundryKeyPath(() => `${foundry.url}/anthropic`, secrets.foundryKey), ...toDone(capture)]});
		expect(run.terminal.exitStatus?.exitCode).toBe(0);
		expect((await keychainValues(run.home)).map(entry => entry.password)).toEqual([secrets.foundryKey]);
		expect(foundry.presented, 'the key was checked with the local Foundry stand-in').toContain(secrets.foundryKey);
		const bashrc = await readFile(path.join(run.home, '.bashrc'), 'utf8');
		expect(bashrc, 'the shell function reads the key when it runs').toContain('ANTHROPIC_FOUNDRY_API_KEY');
		expectReviewed(expect, capture, secrets.foundryKey, 'Foundry API key');
		expectSampled(expect, run, [/claude(?:\.exe)? auth status/, /api-key-helper/]);
		expectNoLeaks(expect, 'Foundry API key (keychain, shell function)', run, secrets.foundryKey);
	});
});
