import {readdirSync, readFileSync} from 'node:fs';
import {mkdir, readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, expect, it, onTestFailed} from 'vitest';
import {copy, stepTitles} from '../../source/ui/copy.js';
import {startAnthropicServer, type AnthropicServer} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {spawnMonkeyTerminal, type MonkeyTerminal} from '../helpers/monkey-terminal.js';
import type {TreeEntry} from '../helpers/tree.js';
import {
	binPath,
	changedPaths,
	crashSignatures,
	deleteKeychainEntries,
	focusedLine,
	harmlessInstaller,
	isClaudeCodeState,
	keychainEntries,
	offlinePreload,
	processesWithHome,
	removeTemporaryDirectories,
	settledTreeOf,
	startLocalServer,
	statFingerprint,
	temporaryDirectory,
	toolDirectory,
	wizardEnvironment,
	type KeychainEntry,
	type LocalServer,
} from '../helpers/wizard-sandbox.js';

/**
A monkey: thousands of random keystrokes into the real built wizard in a pseudo-terminal (arrows,
Enter, Esc, Tab, text, pastes with line breaks, escape sequences, Alt and function keys, resizes,
and now and then Ctrl-C, which ends a run; the next run starts in the same HOME, so later runs meet
the setups earlier ones saved). Everything is drawn from one seeded generator: the seed is printed
when the test fails, and MONKEY_SEED=<seed> replays it (timing aside).

It asserts that the wizard never crashes (exit code 0, 1 or 130; no stack trace, "Unhandled" or
TypeError on the screen), and that nothing claude-setup owns (settings files, its folder, shell
start-up files, keychain entries of this HOME) changes unless the last screen drawn before the
change was the review (or the PATH fix) and Enter was pressed on it. Claude Code's own state
(~/.claude.json, written by `claude auth status`) is not claude-setup's and is left out.

Nothing reaches the internet: the requirements step's hosts go to a closed local port, the key
check and a gateway typed as the local stand-in go to 127.0.0.1, every other connection of the
wizard's Node processes is refused by a preload (and counted), the installer is a harmless local
script, `claude auth login` is a local stand-in, and no cloud CLI, package manager or browser is on
PATH.
*/

const seed = Number(process.env['MONKEY_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
const totalKeystrokes = Number(process.env['MONKEY_KEYSTROKES'] ?? 10_000);
const monkeyCount = Number(process.env['MONKEY_PARALLEL'] ?? 4);
/** The run stops early (and fails) rather than hang past this. */
const budgetMs = 220_000;
/** A run this long is ended with Ctrl-C, so later runs start over in a HOME with history. */
const maxActionsPerRun = 1200;
const startupMs = 30_000;

const monkeyKey = fakeApiKey('MONKEY');

let server: AnthropicServer;
let installer: LocalServer;
let tools: string;
let offline: Awaited<ReturnType<typeof offlinePreload>>;
const homes: string[] = [];

beforeAll(async () => {
	server = await startAnthropicServer({acceptedKeys: [monkeyKey]});
	installer = await startLocalServer({'/install.sh': harmlessInstaller});
	tools = await toolDirectory({claude: 'fake-login'});
	offline = await offlinePreload(await temporaryDirectory('monkey-offline'));
}, 60_000);

afterAll(async () => {
	await server?.close();
	await installer?.close();
	for (const home of homes) {
		// eslint-disable-next-line no-await-in-loop -- a few homes
		await deleteKeychainEntries(home);
	}

	await removeTemporaryDirectories();
});

// ---------------------------------------------------------------------------------------------
// Random keys

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seedValue: number): () => number {
	let state = seedValue >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

type Random = {
	next: () => number;
	int: (min: number, max: number) => number;
	pick: <T>(items: readonly T[]) => T;
};

function randomFrom(seedValue: number): Random {
	const next = generator(seedValue);
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {next, int, pick: items => items[int(0, items.length - 1)]!};
}

type Action =
	| {kind: 'keys'; name: string; data: string}
	| {kind: 'resize'; cols: number; rows: number}
	| {kind: 'ctrl-c'};

const printable = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@ ~!#$%^&*()=+[]{};\'",<>?|`\\';
const exotic = ['é', 'ü', '日本', '😀', 'e\u0301', '\u200B', '\u00A0', '“', '”', '\u202E', 'Ω'];

/** Text that gets somewhere: a key the local API accepts, its URL, AWS-looking IDs, regions, names. */
function usefulPastes(baseUrl: string): string[] {
	return [
		monkeyKey,
		`${monkeyKey}\n`,
		`  "${monkeyKey}"  `,
		baseUrl,
		`${baseUrl}/`,
		`${baseUrl}/v1`,
		'https://llm.example.invalid',
		'AKIAMONKEYNOTAREALKEY',
		'ASIAMONKEYNOTAREALKEY',
		'monkey-secret-not-real/abc+def',
		'us-east-1',
		'eu-central-1',
		'my-resource',
		'https://my-resource.services.ai.azure.com/anthropic',
		'my-gcp-project-123',
		'person@example.com',
		'claude-sonnet-4-6',
		'export ANTHROPIC_AUTH_TOKEN=monkey-token-not-real',
	];
}

function randomText(random: Random, length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		const roll = random.next();
		text += roll < 0.05 ? random.pick(['\n', '\r\n', '\t']) : roll < 0.08 ? random.pick(exotic) : printable[random.int(0, printable.length - 1)]!;
	}

	return text;
}

const escapeSequences = [
	'\u001B[', // A CSI with nothing after it.
	'\u001B[1;5',
	'\u001B[999999999999A',
	'\u001B[;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;m',
	'\u001B[?1049h',
	'\u001B[<0;10;10M', // A mouse click.
	'\u001B[M !!',
	'\u001B[200~', // Bracketed paste without its end.
	'\u001B[201~',
	'\u001B]0;title\u0007',
	'\u001BP+q\u001B\\',
	'\u001B[I', // Focus in and out.
	'\u001B[O',
	'\u001B[1;2A',
	'\u001B[1;3B',
	'\u001B[3~', // Delete.
	'\u001B[2~',
	'\u001B[H',
	'\u001B[F',
	'\u001B[5~',
	'\u001B[6~',
	'\u001B[Z', // Shift-Tab.
	'\u001B[13;2u', // Kitty Shift-Enter.
	'\u001B[27;5;13~',
	'\u001B\u001B',
	'\u001B\u001B[A',
	'\u001BO',
];
/** F1–F12 as xterm sends them, and with Shift, Alt and Ctrl (Ctrl-F1 is `ESC [1;5P`). */
const functionKeys = [
	'\u001BOP', '\u001BOQ', '\u001BOR', '\u001BOS', '\u001B[15~', '\u001B[17~', '\u001B[18~', '\u001B[19~', '\u001B[20~', '\u001B[21~', '\u001B[23~', '\u001B[24~',
	'\u001B[1;2P', '\u001B[1;3Q', '\u001B[1;5P', '\u001B[1;5S', '\u001B[15;5~', '\u001B[24;2~',
];
/**
Control keys but Ctrl-C (its own action), and not the ones a terminal in normal mode turns into job
control or flow control while the wizard lends it to `claude auth login` (Ctrl-Z stops the wizard,
Ctrl-\ quits it, Ctrl-S freezes the screen): those are the shell's, not the wizard's.
*/
const controlKeys = ['\u0001', '\u0002', '\u0004', '\u0005', '\u0006', '\u0007', '\u000B', '\u000C', '\u000E', '\u000F', '\u0010', '\u0012', '\u0014', '\u0015', '\u0016', '\u0017', '\u0018', '\u0019', '\u001D', '\u001E', '\u001F', '\u0000'];

type Weighted = [number, (random: Random) => Action];

function actionTable(baseUrl: string): Weighted[] {
	const pastes = usefulPastes(baseUrl);
	const keys = (name: string, data: string): Action => ({kind: 'keys', name, data});
	return [
		[15, () => keys('enter', '\r')],
		[13, () => keys('down', '\u001B[B')],
		[7, () => keys('up', '\u001B[A')],
		[2.5, () => keys('esc', '\u001B')],
		[2, () => keys('tab', '\t')],
		[2, random => keys('left/right', random.pick(['\u001B[D', '\u001B[C']))],
		[4, () => keys('backspace', '\u007F')],
		[0.5, () => keys('ctrl-u', '\u0015')],
		[20, random => keys('char', printable[random.int(0, printable.length - 1)]!)],
		[1, random => keys('unicode', random.pick(exotic))],
		[5, random => keys('word', randomText(random, random.int(2, 12)))],
		[3.5, random => keys('paste', randomText(random, random.int(20, 400)))],
		[4, random => keys('useful paste', random.pick(pastes))],
		[1, random => keys('bracketed paste', `\u001B[200~${random.pick([...pastes, randomText(random, 60)])}\u001B[201~`)],
		[5, random => keys('escape sequence', random.pick(escapeSequences))],
		[2, random => keys('alt', `\u001B${printable[random.int(0, 61)]!}`)],
		[2, random => keys('function key', random.pick(functionKeys))],
		[1.5, random => keys('control', random.pick(controlKeys))],
		[0.6, random => ({kind: 'resize', cols: random.int(30, 180), rows: random.int(8, 60)})],
		[0.12, () => ({kind: 'ctrl-c'})],
	];
}

function chooseAction(random: Random, table: readonly Weighted[], total: number): Action {
	let roll = random.next() * total;
	for (const [weight, make] of table) {
		roll -= weight;
		if (roll < 0) {
			return make(random);
		}
	}

	return table[0]![1](random);
}

/**
Now and then the monkey reads the screen and does what a hurried person would: Enter on a list,
the accepted key in the key field, a plausible answer in a text field, something in a secret field.
Pure randomness rarely gets past the third step; this takes runs to the review and beyond, where
the writes happen, while the random keys in between still go everywhere.
*/
function guidedKeys(screen: string, random: Random, baseUrl: string): string[] | undefined {
	const lines = screen.split('\n');
	const last = (pattern: RegExp) => lines.some(line => pattern.test(line));
	if (last(/^\s*API key:(?:\s|$)/)) {
		return ['\u0015', random.next() < 0.8 ? monkeyKey : fakeApiKey('MONKEY-REJECTED'), '\r'];
	}

	if (last(/^\s*Paste it here:(?:\s|$)/)) {
		return ['\u0015', `monkey-secret-${random.int(1, 999)}-not-real`, '\r'];
	}

	if (last(/^\s*›(?:\s|$)/)) {
		const answers: Array<[RegExp, string[]]> = [
			[/gateway's URL/, [baseUrl, `${baseUrl}/`, 'https://llm.example.invalid']],
			[/Access key ID/, ['AKIAMONKEYNOTAREALKEY', 'ASIAMONKEYNOTAREALKEY']],
			[/project ID/, ['my-gcp-project-123']],
			[/Foundry resource/, ['my-resource', 'https://my-resource.services.ai.azure.com/anthropic']],
			[/email address/, ['person@example.com']],
			[/Model ID|model ID/, ['claude-sonnet-4-6']],
		];
		const answer = answers.find(([pattern]) => pattern.test(screen))?.[1];
		// Prefilled fields (region, deployments) are kept as they are.
		return answer ? ['\u0015', random.pick(answer), '\r'] : ['\r'];
	}

	if (focusedLine(screen) !== undefined) {
		const moves = random.next() < 0.6 ? 0 : random.int(1, 4);
		return [...Array.from({length: moves}, () => '\u001B[B'), '\r'];
	}

	return undefined;
}

// ---------------------------------------------------------------------------------------------
// What may be written, and when

type Violation = {monkey: number; run: number; what: string; detail: string};

type Stats = {
	keystrokes: number;
	runs: number;
	exitCodes: Record<string, number>;
	ctrlC: number;
	resizes: number;
	/** Runs in which a write followed a review confirmed on screen. */
	confirmedWrites: number;
	screens: Set<string>;
	slowestExitMs: number;
	/** Runs ended by SIGINT (shell status 130) rather than by the wizard's own exit. */
	interrupted: string[];
	/** Runs that left files in TMPDIR. */
	tmpLeftovers: string[];
	/** Processes of a run still alive after the wizard exited. */
	leftovers: string[];
	/** Ctrl-C pressed in the wizard itself, and the wizard still running 5 s later. */
	ctrlCIgnored: string[];
};

/**
The screens that let the user confirm a write, and the screens that may follow the confirmation
before the write lands: the review is followed by "Writing…" (still step 6), the check (step 7) and
the final screen (no step); the PATH fix (step 3) by the install step again.
*/
const confirmations = [
	{question: copy.review.question, intruders: [/Step [1-5] of 7/, copy.current.title, copy.invite.question, copy.done.unchanged, copy.cancelled.before]},
	{question: copy.install.pathChoices.add, intruders: [/Step [124567] of 7/, copy.current.title, copy.invite.question, copy.done.unchanged, copy.cancelled.before]},
].map(({question, intruders}) => ({
	question,
	intruder: new RegExp(intruders.map(intruder => (typeof intruder === 'string' ? escapeRegExp(intruder) : intruder.source)).join('|'), 'g'),
}));

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

/** Keys Ink reads as Enter: CR, Alt-CR, and the kitty and xterm encodings of a modified Enter. */
function isEnter(data: string): boolean {
	return data === '\r' || data === '\u001B\r' || /^\u001B\[13(?:;\d+)?u$|^\u001B\[27;\d+;13~$/.test(data);
}

/**
Whether the output drawn so far ends with a confirmation screen followed only by what may follow
it, and an Enter was sent after that screen was first drawn.
*/
function isConfirmedWrite(plain: string, enterPositions: readonly number[]): {ok: boolean; why: string} {
	let best: {position: number; episodeStart: number; intruder: RegExp} | undefined;
	for (const {question, intruder} of confirmations) {
		const position = plain.lastIndexOf(question);
		if (position === -1 || (best && best.position > position)) {
			continue;
		}

		// The first drawing of this confirmation since another screen was last drawn.
		let lastOther = -1;
		for (const match of plain.slice(0, position).matchAll(intruder)) {
			lastOther = match.index;
		}

		best = {position, episodeStart: plain.indexOf(question, lastOther + 1), intruder};
	}

	if (!best) {
		return {ok: false, why: 'no review screen was drawn before the write'};
	}

	const intruder = [...plain.slice(best.position).matchAll(best.intruder)][0];
	if (intruder) {
		return {ok: false, why: `another screen (${intruder[0]}) was drawn after the review and before the write`};
	}

	const {episodeStart} = best;
	if (!enterPositions.some(position => position > episodeStart)) {
		return {ok: false, why: 'no Enter was pressed after the review was drawn'};
	}

	return {ok: true, why: ''};
}

// ---------------------------------------------------------------------------------------------
// One monkey

type Shared = {remaining: number; deadline: number; violations: Violation[]; stats: Stats};

/**
Left out of the watch: Claude Code's own state, and the run lock, which every wizard takes when it
starts and removes when it ends (with the folder made for it): that is not a change to the setup.
*/
function guardedSkip(relative: string): boolean {
	return isClaudeCodeState(relative) || isRunLock(relative);
}

const setupFolder = path.join('.claude', 'claude-setup');

function isRunLock(relative: string): boolean {
	return relative === setupFolder || relative === path.join(setupFolder, 'lock') || /^\.lock\..*\.tmp$/.test(path.basename(relative));
}

async function guardedFingerprint(home: string, project: string): Promise<string> {
	const [a, b] = await Promise.all([statFingerprint(home, guardedSkip), statFingerprint(project)]);
	return `${a}\n--\n${b}`;
}

type Authoritative = {home: TreeEntry[]; project: TreeEntry[]; keychain: KeychainEntry[]};

async function authoritativeState(home: string, project: string): Promise<Authoritative> {
	const [homeTree, projectTree, keychain] = await Promise.all([settledTreeOf(home), settledTreeOf(project), keychainEntries(home)]);
	return {home: homeTree.filter(entry => !guardedSkip(entry.path)), project: projectTree, keychain};
}

function describeChange(before: Authoritative, after: Authoritative): string[] {
	const keychainChanged = JSON.stringify(before.keychain) === JSON.stringify(after.keychain) ? [] : ['keychain entries of this HOME'];
	return [...changedPaths(before.home, after.home).map(entry => `~/${entry}`), ...changedPaths(before.project, after.project).map(entry => `<project>/${entry}`), ...keychainChanged];
}

/** The last screens of a run: done, cancelled, failed. */
const finalScreen = new RegExp(
	[copy.cancelled.before, copy.cancelled.after, copy.done.next, copy.done.unchanged, copy.nothingHalfWritten].map(text => escapeRegExp(text)).join('|'),
);

/** A short name for a screen (its step and first line), to report how far the monkeys got. */
function screenName(screen: string): string | undefined {
	const lines = screen.split('\n');
	const headerIndex = lines.findIndex(line => /Step \d of 7 · /.test(line));
	const header = lines[headerIndex]?.match(/Step \d of 7 · (.+)$/);
	// A header the terminal wrapped (after a resize to a narrow width) is not worth a name.
	if (header && Object.values(stepTitles).includes(header[1]!.trim())) {
		const firstLine = lines.slice(headerIndex + 1).find(line => line.trim() !== '') ?? '';
		return `${header[0].trim()} | ${firstLine.replaceAll(/[\u2800-\u28FF]/g, '').replaceAll(/\d+/g, 'N').trim().slice(0, 40)}`;
	}

	return [copy.current.title, copy.cancelled.before, copy.cancelled.after, copy.done.unchanged, copy.done.next, 'Setup failed'].find(text => screen.includes(text));
}

async function runMonkey(index: number, shared: Shared): Promise<void> {
	const random = randomFrom((seed + Math.imul(index + 1, 0x9E_37_79_B9)) >>> 0);
	const home = await temporaryDirectory(`monkey-home-${index}`);
	const project = await temporaryDirectory(`monkey-project-${index}`);
	homes.push(home);
	const temporary = await temporaryDirectory(`monkey-tmp-${index}`);
	await mkdir(path.join(home, '.claude'));
	const env = wizardEnvironment({
		home,
		tools,
		anthropicBaseUrl: server.url,
		installerUrl: `${installer.url}/install.sh`,
		nodeOptions: offline.nodeOptions,
		extra: {TMPDIR: temporary},
	});
	const table = actionTable(server.url);
	const totalWeight = table.reduce((sum, [weight]) => sum + weight, 0);
	const {stats, violations} = shared;

	for (let run = 1; shared.remaining > 0 && Date.now() < shared.deadline; run++) {
		stats.runs++;
		let recentKeys: string[] = [];
		const violation = (what: string, detail: string) => {
			violations.push({monkey: index, run, what, detail: `Last keys, each with the end of what had been drawn when it was sent:\n  ${recentKeys.join('\n  ')}\n${detail}`});
		};

		// eslint-disable-next-line no-await-in-loop -- runs are sequential by design
		const before = await authoritativeState(home, project);
		// eslint-disable-next-line no-await-in-loop -- see above
		let fingerprint = await guardedFingerprint(home, project);
		let confirmedInRun = false;
		/** One report per run is enough: the rest of the same write would repeat it. */
		let isWriteReported = false;
		const cols = random.int(60, 140);
		const rows = random.int(20, 50);
		const terminal: MonkeyTerminal = spawnMonkeyTerminal(process.execPath, [binPath], {cwd: project, env, cols, rows});
		try {
			// The first frame, before the first key: keys typed before the wizard reads the terminal go to the line discipline instead.
			const startedAt = Date.now();
			while (!/Step \d of 7|already set up/.test(terminal.screen()) && terminal.exitStatus === undefined && Date.now() - startedAt < startupMs) {
				// eslint-disable-next-line no-await-in-loop -- waiting for output
				await terminal.nextActivity(1000);
			}

			if (terminal.exitStatus === undefined && !/Step \d of 7|already set up/.test(terminal.screen())) {
				violation('no first screen', `Nothing was drawn within ${startupMs} ms.\n${terminal.screen()}`);
				break;
			}

			const enterPositions: number[] = [];
			let isKilled = false;
			/** Keys the screen suggested, sent one by one; how often the screen is asked, per run. */
			const planned: string[] = [];
			const guidance = random.next() * 0.5;
			/** The last keys sent, for the report of anything that goes wrong. */
			const recent: string[] = [];
			recentKeys = recent;
			let actions = 0;
			let lastScreen = '';
			while (terminal.exitStatus === undefined) {
				// The wizard said its last word: a person would stop here too, and keys typed now would
				// reach the terminal in normal mode (echoed; Ctrl-C a signal), not the wizard.
				if (finalScreen.test(terminal.plainOutput().slice(-600))) {
					const drawnAt = Date.now();
					// eslint-disable-next-line no-await-in-loop -- the run ends here
					if ((await terminal.waitForExit(10_000)) === undefined) {
						violation('still running 10 s after its final screen', terminal.screen());
						isKilled = true;
						terminal.dispose();
						// eslint-disable-next-line no-await-in-loop -- see above
						await terminal.waitForExit(5000);
					}

					stats.slowestExitMs = Math.max(stats.slowestExitMs, Date.now() - drawnAt);
					break;
				}

				const isOverLimit = actions >= maxActionsPerRun || shared.remaining <= 0 || Date.now() >= shared.deadline;
				if (!isOverLimit && planned.length === 0 && random.next() < guidance) {
					planned.push(...(guidedKeys(terminal.screen(), random, server.url) ?? []));
				}

				const plannedKeys = isOverLimit ? undefined : planned.shift();
				const action: Action = isOverLimit ? {kind: 'ctrl-c'} : plannedKeys === undefined ? chooseAction(random, table, totalWeight) : {kind: 'keys', name: 'guided', data: plannedKeys};
				actions++;
				// What had been drawn when the key was sent: the end of the output so far.
				recent.push(`${JSON.stringify(action.kind === 'keys' ? action.data : action).slice(0, 80)} (after «${terminal.plainOutput().slice(-40).replaceAll(/\s+/g, ' ')}»)`);
				if (recent.length > 25) {
					recent.shift();
				}

				if (!isOverLimit) {
					shared.remaining--;
					stats.keystrokes++;
				}

				switch (action.kind) {
					case 'keys': {
						if (isEnter(action.data)) {
							enterPositions.push(terminal.plainOutput().length);
						}

						terminal.write(action.data);
						break;
					}

					case 'resize': {
						stats.resizes++;
						terminal.resize(action.cols, action.rows);
						break;
					}

					case 'ctrl-c': {
						stats.ctrlC++;
						// Alone in its read, as a person's Ctrl-C is: after the previous key's frame.
						// eslint-disable-next-line no-await-in-loop -- one key at a time
						await terminal.nextActivity(30);
						// Lent to the stand-in `claude auth login` (the terminal in normal mode), Ctrl-C ends that program, not the wizard.
						const lentTo = childCommands(terminal.pid).find(command => command.includes('auth login'));
						const sentAt = terminal.plainOutput().length;
						terminal.write('\u0003');
						// eslint-disable-next-line no-await-in-loop -- the run ends here, unless the terminal is lent to another program
						await terminal.waitForExit(5000);
						if (terminal.exitStatus === undefined) {
							const screen = terminal.screen();
							// A login that started just as the key was sent got it instead.
							if (lentTo === undefined && !/Paste code here|stand-in login/.test(terminal.plainOutput().slice(Math.max(0, sentAt - 2000)))) {
								stats.ctrlCIgnored.push(`[monkey ${index}, run ${run}] after keys\n  ${recent.slice(-5).join('\n  ')}\n${screen}`);
							}

							if (isOverLimit) {
								// eslint-disable-next-line no-await-in-loop -- ends the run, however many programs the wizard lends the terminal to
								if (!(await endRun(terminal))) {
									violation('hangs: Ctrl-C does not end the wizard', terminal.screen());
									isKilled = true;
									terminal.dispose();
									// eslint-disable-next-line no-await-in-loop -- see above
									await terminal.waitForExit(5000);
								}
							}
						}

						break;
					}
				}

				// Paced by the program: on to the next key at its next frame, or after a short bound
				// (many keys change nothing on the screen); now and then a burst with no wait at all.
				const roll = random.next();
				if (roll > 0.12) {
					// eslint-disable-next-line no-await-in-loop -- one key at a time
					await terminal.nextActivity(roll > 0.9 ? 60 : roll > 0.5 ? 20 : 6);
				}

				const screen = terminal.screen();
				if (screen !== lastScreen) {
					lastScreen = screen;
					const name = screenName(screen);
					if (name) {
						stats.screens.add(name);
					}
				}

				// eslint-disable-next-line no-await-in-loop -- after every key: did anything get written?
				const now = await guardedFingerprint(home, project);
				if (now !== fingerprint) {
					const verdict = isConfirmedWrite(terminal.plainOutput(), enterPositions);
					if (verdict.ok) {
						stats.confirmedWrites += confirmedInRun ? 0 : 1;
						confirmedInRun = true;
					} else if (!isWriteReported) {
						isWriteReported = true;
						violation('write without a confirmed review', `${verdict.why}.\nChanged:\n${diffFingerprints(fingerprint, now)}\nLast output:\n${terminal.plainOutput().slice(-3000)}`);
					}

					fingerprint = now;
				}
			}

			// eslint-disable-next-line no-await-in-loop -- the exit was reported; let xterm settle
			await terminal.waitForExit(1000);
			const status = terminal.exitStatus;
			const code = status?.signal ? `signal ${status.signal}` : String(status?.exitCode);
			stats.exitCodes[code] = (stats.exitCodes[code] ?? 0) + 1;
			// Ended by SIGINT: a Ctrl-C the terminal turned into a signal because the wizard was not
			// reading the keyboard (the moment before its first frame takes the keys, or after its final
			// screen). A shell reports 130, as for the wizard's own exit; counted, not a crash.
			if (status?.signal === 2) {
				stats.interrupted.push(`[monkey ${index}, run ${run}] after keys\n  ${recent.slice(-3).join('\n  ')}`);
			} else if (!isKilled && (status?.signal || ![0, 1, 130].includes(status?.exitCode ?? -1))) {
				violation(`exit ${code}`, terminal.plainOutput().slice(-3000));
			}

			const crashes = crashSignatures(terminal.plainOutput());
			if (crashes.length > 0) {
				// The error and its stack, not the minified source line Node prints above them.
				const errorLines = terminal.plainOutput().split('\n').filter(line => /Error|Unhandled|failed unexpectedly|^\s*at |^Node\.js v/.test(line) && line.length < 300);
				violation(`crash output (${crashes.join(', ')})`, errorLines.slice(0, 20).join('\n'));
			}

			// What the wizard started and left running (in its own process group, so the terminal's
			// hang-up does not reach it): noted, and waited for, so the next run starts clean.
			const leftovers = processesWithHome(home);
			if (leftovers.length > 0) {
				stats.leftovers.push(`[monkey ${index}, run ${run}, ${code}] ${leftovers.map(leftover => leftover.command).join(' | ')}`);
				const until = Date.now() + 30_000;
				while (processesWithHome(home).length > 0 && Date.now() < until) {
					// eslint-disable-next-line no-await-in-loop -- polling /proc for their exit; they are not our children
					await terminal.nextActivity(50);
				}
			}

			// Files the run left in TMPDIR (an installer's download folder): noted, then cleared for the next run.
			// eslint-disable-next-line no-await-in-loop -- see above
			const leftFiles = await readdir(temporary);
			if (leftFiles.length > 0) {
				stats.tmpLeftovers.push(`[monkey ${index}, run ${run}, ${code}] ${leftFiles.join(', ')}`);
				// eslint-disable-next-line no-await-in-loop -- see above
				await Promise.all(leftFiles.map(async name => rm(path.join(temporary, name), {recursive: true, force: true})));
			}

			// The authoritative check of the whole run: contents, modes and keychain, not just a fingerprint.
			// eslint-disable-next-line no-await-in-loop -- see above
			const after = await authoritativeState(home, project);
			const changed = describeChange(before, after);
			if (changed.length > 0 && !confirmedInRun && !isWriteReported) {
				const verdict = isConfirmedWrite(terminal.plainOutput(), enterPositions);
				if (!verdict.ok) {
					violation('changed without a confirmed review', `${verdict.why}.\nChanged: ${changed.join(', ')}\nLast output:\n${terminal.plainOutput().slice(-3000)}`);
				}
			}
		} finally {
			terminal.dispose();
		}
	}
}

/**
Ctrl-C until the wizard exits: a Ctrl-C given to a program the wizard lent the terminal to ends that
program, and the wizard draws its next screen first. False when it is still running after six.
*/
async function endRun(terminal: MonkeyTerminal): Promise<boolean> {
	for (let attempt = 0; attempt < 6 && terminal.exitStatus === undefined; attempt++) {
		const isLent = childCommands(terminal.pid).some(command => command.includes('auth login'));
		terminal.write('\u0003');
		// eslint-disable-next-line no-await-in-loop -- one Ctrl-C at a time
		await (isLent ? terminal.nextActivity(3000) : terminal.waitForExit(5000));
	}

	return (await terminal.waitForExit(1000)) !== undefined;
}

/** The command lines of the processes whose parent is `pid`. */
function childCommands(pid: number): string[] {
	const commands: string[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) {
				commands.push(readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' '));
			}
		} catch {
			// Gone in the meantime.
		}
	}

	return commands;
}

function diffFingerprints(before: string, after: string): string {
	const a = new Set(before.split('\n'));
	const b = new Set(after.split('\n'));
	return [...[...a].filter(line => !b.has(line)).map(line => `- ${line}`), ...[...b].filter(line => !a.has(line)).map(line => `+ ${line}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------

it(`survives ${totalKeystrokes} random keystrokes and writes nothing it was not told to`, {timeout: budgetMs + 60_000}, async () => {
	onTestFailed(() => {
		console.error(`Monkey seed: ${seed}. Replay with MONKEY_SEED=${seed} (and MONKEY_PARALLEL=${monkeyCount}).`);
	});
	const shared: Shared = {
		remaining: totalKeystrokes,
		deadline: Date.now() + budgetMs,
		violations: [],
		stats: {keystrokes: 0, runs: 0, exitCodes: {}, ctrlC: 0, resizes: 0, confirmedWrites: 0, screens: new Set(), ctrlCIgnored: [], slowestExitMs: 0, leftovers: [], interrupted: [], tmpLeftovers: []},
	};
	const started = Date.now();
	const outcomes = await Promise.allSettled(Array.from({length: monkeyCount}, async (_, index) => runMonkey(index, shared)));
	const blocked = await offline.attempts();
	const {stats} = shared;
	console.log(
		[
			`Monkey seed ${seed}: ${stats.keystrokes} keystrokes in ${stats.runs} runs (${monkeyCount} in parallel, ${Math.round((Date.now() - started) / 1000)} s)`,
			`exit codes ${JSON.stringify(stats.exitCodes)}, Ctrl-C ${stats.ctrlC}, resizes ${stats.resizes}, runs that wrote after a confirmed review ${stats.confirmedWrites}, slowest exit after the final screen ${stats.slowestExitMs} ms`,
			`Ctrl-C that did not end the wizard: ${stats.ctrlCIgnored.length}`,
			...stats.ctrlCIgnored.slice(0, 3),
			`runs ended by SIGINT instead of the wizard's own exit: ${stats.interrupted.length}`,
			...stats.interrupted.slice(0, 3),
			`runs that left files in TMPDIR: ${stats.tmpLeftovers.length}`,
			...stats.tmpLeftovers.slice(0, 3),
			`runs that left processes behind: ${stats.leftovers.length}`,
			...stats.leftovers.slice(0, 5),
			`connections refused by the offline guard: ${blocked.length}${blocked.length > 0 ? ` (${[...new Set(blocked.map(line => line.split(' ')[1]))].slice(0, 10).join(', ')})` : ''}`,
			`screens reached (${stats.screens.size}):`,
			...[...stats.screens].sort().map(name => `  ${name}`),
		].join('\n'),
	);

	const errors = outcomes.flatMap(outcome => (outcome.status === 'rejected' ? [String((outcome.reason as Error)?.stack ?? outcome.reason)] : []));
	expect(errors, `seed ${seed}`).toEqual([]);
	// Every violation by kind, then the first few in full (each with the keys that led to it).
	const kinds = new Map<string, number>();
	for (const violation of shared.violations) {
		kinds.set(violation.what, (kinds.get(violation.what) ?? 0) + 1);
	}

	const summary = [
		`seed ${seed}: ${shared.violations.length} violations`,
		...[...kinds].map(([what, count]) => `  ${count} x ${what}`),
		...shared.violations.slice(0, 3).map(violation => `\n[monkey ${violation.monkey}, run ${violation.run}] ${violation.what}\n${violation.detail}`),
	].join('\n');
	expect(shared.violations.length, summary).toBe(0);
	expect(stats.leftovers, `seed ${seed}: processes the wizard started and left running`).toEqual([]);
	expect(stats.keystrokes, `seed ${seed}: the time budget ran out`).toBe(totalKeystrokes);
});
