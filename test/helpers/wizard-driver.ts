import {createHash} from 'node:crypto';
import {mkdtemp, readdir, readFile, realpath, rm, stat, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry} from '@napi-rs/keyring';
import {execa, type Result} from 'execa';
import {afterAll, afterEach, beforeAll, expect} from 'vitest';
import {keyringEntryOptions} from '../../source/adapters/keychain.js';
import {secretPurposes, secretRef} from '../../source/core/auth/configuration.js';
import {secretService} from '../../source/core/auth/console-key.js';
import {copy} from '../../source/ui/copy.js';
import {spawnInPty, type PtyTerminal} from './pty-terminal.js';
import {treeOf} from './tree.js';
import {choose, focusedLine} from './screen-list.js';
import {inherited} from './session-env.js';

export {choose} from './screen-list.js';

/**
Driving the built wizard end to end, as a person would, and then the real Claude Code CLI with
what the wizard wrote: temporary HOME and project folders, a PATH that has `claude` but hides the
cloud CLIs (so every test sees the same machine, whatever the host has installed), keychain entries
removed afterwards, and screen helpers that wait for what is drawn instead of sleeping.
*/

export const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const binPath = path.join(root, 'bin', 'claude-setup.cjs');
export const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');

/** Detection, checks, commits and verification call out to other programs: generous, never a sleep. */
export const slowStepMs = 45_000;

/** The cloud CLIs a developer machine may or may not have; the tests run as if it had none. */
const hiddenCommands = new Set(['aws', 'gcloud', 'az', 'claude']);

export type Sandbox = {home: string; project: string};

export type E2eSession = {
	/** A fresh HOME and project folder; every keychain entry the wizard may make for that HOME is removed afterwards. */
	sandbox(): Promise<Sandbox>;
	/** The hermetic environment of a terminal session in `home`, plus `extra`. */
	env(home: string, extra?: Record<string, string | undefined>): Record<string, string | undefined>;
	/** The built wizard (or the bin at `bin`) in a 100x40 pseudo-terminal, with CI=true as in CI: it must still draw live. */
	startWizard(sandbox: Sandbox, extra?: Record<string, string | undefined>, bin?: string): PtyTerminal;
	/** The real Claude Code CLI, in the sandbox, with `extra` added to its environment. */
	runClaude(sandbox: Sandbox, args: readonly string[], extra?: Record<string, string | undefined>): Promise<Result>;
	/** A program in the sandbox (`bash -ic …`), same environment rules. */
	run(sandbox: Sandbox, file: string, args: readonly string[], extra?: Record<string, string | undefined>): Promise<Result>;
};

/** Registers the hooks that build the PATH and clean up, and returns the helpers. Call once per test file, at the top. */
export function useE2eSession(): E2eSession {
	const temporaryDirectories: string[] = [];
	const keychainAccounts = new Set<string>();
	const terminals: PtyTerminal[] = [];
	let searchPath = '';

	const temporaryDirectory = async (name: string): Promise<string> => {
		const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-e2e-${name}-`)));
		temporaryDirectories.push(directory);
		return directory;
	};

	beforeAll(async () => {
		const bin = await temporaryDirectory('bin');
		// The node running the tests wins over any other; its own folder is not put on PATH, as it may
		// be /usr/bin with everything else in it.
		await symlink(process.execPath, path.join(bin, 'node'));
		await linkCommandsExcept(bin, (process.env['PATH'] ?? '').split(path.delimiter), new Set([...hiddenCommands, 'node']));
		// Claude Code from this repository first, then the host's tools minus the hidden ones.
		searchPath = [path.join(root, 'node_modules', '.bin'), bin].join(path.delimiter);
	});

	afterEach(() => {
		for (const terminal of terminals.splice(0)) {
			terminal.dispose();
		}
	});

	afterAll(async () => {
		for (const account of keychainAccounts) {
			// eslint-disable-next-line no-await-in-loop -- a handful of entries, one keychain
			await new AsyncEntry(secretService, account, keyringEntryOptions).deletePassword().catch(() => false);
		}

		await Promise.all(temporaryDirectories.map(async directory => rm(directory, {recursive: true, force: true})));
	});

	const env = (home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => {
		const base = inherited();

		return {
			...base,
			PATH: searchPath,
			HOME: home,
			// bash, so a `claude` shell function has a start-up file to go to; the same on every host.
			SHELL: '/bin/bash',
			TERM: 'xterm-256color',
			CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
			DISABLE_AUTOUPDATER: '1',
			// The requirements step must not reach the real internet: every host it checks goes to a closed
			// local port, so those rows fail fast (network rows never block the wizard).
			CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
			...extra,
		};
	};

	const run = async (sandbox: Sandbox, file: string, args: readonly string[], extra: Record<string, string | undefined> = {}): Promise<Result> =>
		execa(file, [...args], {cwd: sandbox.project, env: env(sandbox.home, extra), extendEnv: false, stdin: 'ignore', timeout: 90_000, reject: false, all: true});

	return {
		async sandbox() {
			const home = await temporaryDirectory('home');
			const project = await temporaryDirectory('project');
			for (const account of keychainAccountsFor(home)) {
				keychainAccounts.add(account);
			}

			return {home, project};
		},
		env,
		startWizard(sandbox, extra = {}, bin = binPath) {
			const terminal = spawnInPty(process.execPath, [bin], {cwd: sandbox.project, env: env(sandbox.home, {CI: 'true', ...extra}), cols: 100, rows: 40});
			terminals.push(terminal);
			return terminal;
		},
		runClaude: async (sandbox, args, extra = {}) => run(sandbox, claudeBin, args, extra),
		run,
	};
}

/**
Fills `bin` with symlinks to every command on `directories` except `hidden`, first one wins as on
PATH: a search path with the host's tools minus the ones a test must not find.
*/
async function linkCommandsExcept(bin: string, directories: readonly string[], hidden: ReadonlySet<string>): Promise<void> {
	const linked = new Set<string>();
	for (const directory of directories) {
		if (!directory) {
			continue;
		}

		// eslint-disable-next-line no-await-in-loop -- in PATH order, so the first of a name wins
		const names = await readdir(directory).catch(() => [] as string[]);
		for (const name of names) {
			if (hidden.has(name) || linked.has(name)) {
				continue;
			}

			const target = path.join(directory, name);
			// eslint-disable-next-line no-await-in-loop -- see above
			const info = await stat(target).catch(() => undefined);
			if (!info?.isFile() || (info.mode & 0o111) === 0) {
				continue;
			}

			linked.add(name);
			// eslint-disable-next-line no-await-in-loop -- see above
			await symlink(target, path.join(bin, name));
		}
	}
}

/** Every keychain account the app may use for the Claude config folder of `home`. */
export function keychainAccountsFor(home: string): string[] {
	return secretPurposes.map(purpose => secretRef(purpose, configDirectoryHash(home)).account);
}

export function configDirectoryHash(home: string): string {
	return createHash('sha256').update(path.join(home, '.claude')).digest('hex').slice(0, 8);
}

/** What the app keeps in the keychain for `purpose` in that HOME, read from the store the app writes to. */
export async function readKeychain(home: string, purpose: (typeof secretPurposes)[number]): Promise<string | null> {
	return new AsyncEntry(secretService, secretRef(purpose, configDirectoryHash(home)).account, keyringEntryOptions).getPassword();
}

/** Waits for a form question, then chooses `label` in its list. */
export async function answerSelect(terminal: PtyTerminal, question: string | RegExp, label: string): Promise<void> {
	await terminal.waitForText(question, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, label);
}

/** Waits for a question and takes what it offers: the focused item of a list, or the prefilled text (`expected`, checked first). */
export async function acceptDefault(terminal: PtyTerminal, question: string | RegExp, expected?: string): Promise<void> {
	await terminal.waitForText(question, {timeoutMs: slowStepMs, screenOnly: true});
	if (expected === undefined) {
		await terminal.waitForScreen(screen => focusedLine(screen) !== undefined, 'a list with a focused item');
	} else {
		await terminal.waitForScreen(screen => screen.split('\n').some(line => line.trim() === `${copy.form.textLabel} ${expected}`), `the field prefilled with ${JSON.stringify(expected)}`);
	}

	const before = terminal.screen();
	terminal.press('enter');
	await terminal.waitForChange(before);
}

/** Waits for a visible text question, clears what it was prefilled with, types `text` and presses Enter once it shows. */
export async function answerText(terminal: PtyTerminal, question: string | RegExp, text: string): Promise<void> {
	await terminal.waitForText(question, {timeoutMs: slowStepMs, screenOnly: true});
	await terminal.waitForText(`${copy.form.textLabel} `, {screenOnly: true});
	const isEmpty = (screen: string) => screen.split('\n').some(line => line.trim() === copy.form.textLabel);
	if (!isEmpty(terminal.screen())) {
		// Ctrl-U empties a prefilled field. It must be read as a key of its own before the text comes,
		// or both arrive as one chunk that the field takes as a paste, control character included.
		terminal.write('\u0015');
		await terminal.waitForScreen(isEmpty, 'the field to be empty');
	}

	terminal.write(text);
	await terminal.waitForScreen(screen => screen.split('\n').some(line => line.trim() === `${copy.form.textLabel} ${text}`), `the field to show ${JSON.stringify(text)}`);
	terminal.press('enter');
	await terminal.waitForScreen(screen => !screen.split('\n').some(line => line.trim() === `${copy.form.textLabel} ${text}`), 'the next screen');
}

/** Waits for a secret question, pastes `secret` (one chunk, trailing newline as a terminal delivers it), checks it is masked, presses Enter. */
export async function answerSecret(terminal: PtyTerminal, question: string | RegExp, secret: string): Promise<void> {
	await terminal.waitForText(question, {timeoutMs: slowStepMs, screenOnly: true});
	await terminal.waitForText(copy.form.secretLabel, {screenOnly: true});
	terminal.write(`${secret}\n`);
	await terminal.waitForText(`(${secret.length} characters)`, {screenOnly: true});
	expect(terminal.screen()).toContain('•'.repeat(Math.min(secret.length, 48)));
	expect(terminal.screen()).not.toContain(secret);
	terminal.press('enter');
	await terminal.waitForScreen(screen => !screen.includes(`(${secret.length} characters)`), 'the secret field to close');
}

/** From a fresh start to the method's first question: no invite (cloud or gateway), requirements and install acknowledged, the method chosen. */
export async function walkToMethod(terminal: PtyTerminal, methodLabel: string): Promise<void> {
	await terminal.waitForText(copy.invite.question, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, copy.invite.choices.cloud);

	await terminal.waitForText(copy.requirements.choices.recheck, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, copy.requirements.choices.continue);

	await terminal.waitForText(/Claude Code \d+\.\d+\.\d+\S* is installed: \S*claude/, {timeoutMs: slowStepMs, screenOnly: true});
	await terminal.waitForText(copy.install.question(true), {screenOnly: true});
	await choose(terminal, copy.install.continueInstalled);

	await terminal.waitForText(copy.authMethod.question, {screenOnly: true});
	await choose(terminal, methodLabel);
}

/** After the form: the checks (Continue, nothing failed), then the scope, the review, the commit and the check with Claude Code. */
export async function finishAfterForm(terminal: PtyTerminal, options: {scopeLabel?: string} = {}): Promise<string> {
	await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, copy.form.choices.continue);

	await terminal.waitForText(copy.scope.methodQuestion, {timeoutMs: slowStepMs, screenOnly: true});
	await choose(terminal, options.scopeLabel ?? 'Everywhere on this machine');

	await terminal.waitForText(copy.review.question, {timeoutMs: slowStepMs, screenOnly: true});
	const review = terminal.screen();
	await choose(terminal, copy.review.choices.confirm);
	return review;
}

/** Text as one line: Ink wraps long sentences at the terminal width, which no assertion should care about. */
export function flat(text: string): string {
	return text.replaceAll(/\s+/g, ' ');
}

/** The files under `directory` whose bytes contain any of `secrets`. */
export async function filesContaining(directory: string, secrets: readonly string[]): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await treeOf(directory)) {
		if (entry.kind === 'file') {
			// eslint-disable-next-line no-await-in-loop -- a small tree
			const bytes = await readFile(path.join(directory, entry.path));
			if (secrets.some(secret => bytes.includes(secret))) {
				found.push(entry.path);
			}
		}
	}

	return found;
}

/** No secret in any raw output chunk, in all of them together, or in the text with escape codes removed. */
export function expectNeverShown(terminal: PtyTerminal, secrets: readonly string[]): void {
	const raw = terminal.chunks.join('');
	const views = [...terminal.chunks.map((chunk, index) => [`output chunk ${index}`, chunk] as const), ['the raw output', raw] as const, ['the output without escape codes', terminal.output()] as const];
	for (const secret of secrets) {
		for (const [where, text] of views) {
			if (text.includes(secret)) {
				throw new Error(`A secret (${secret.length} characters) appeared on screen, in ${where}.`);
			}
		}
	}
}

/** The settings file the wizard wrote for the user. */
export async function readUserSettings(home: string): Promise<{text: string; data: Record<string, unknown> & {env?: Record<string, string>}}> {
	const text = await readFile(path.join(home, '.claude', 'settings.json'), 'utf8');
	return {text, data: JSON.parse(text) as Record<string, unknown> & {env?: Record<string, string>}};
}

/** `claude auth status` as JSON. */
export function parseAuthStatus(result: Result): {loggedIn?: boolean; authMethod?: string; apiProvider?: string; apiKeySource?: string} {
	expect(result.exitCode, `claude auth status failed:\n${String(result.all)}`).toBe(0);
	return JSON.parse(String(result.stdout)) as {loggedIn?: boolean; authMethod?: string; apiProvider?: string; apiKeySource?: string};
}
