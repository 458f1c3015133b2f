import {copy} from '../../source/ui/copy.js';
import type {PtyTerminal} from './pty-terminal.js';
import {choose, focusedLine} from './screen-list.js';

export {choose} from './screen-list.js';

/**
The wizard's paths as lists of stages, for tests that walk them end to end (the secret-leak scan) or
stop at each stage (Ctrl-C everywhere). A stage names the text that shows it is on the screen and
what a person does there; everything waits on the screen, never on time.
*/

export type Stage = {
	name: string;
	/** Text (or a pattern) on the screen once this stage is there. */
	ready: string | RegExp;
	/** How long `ready` may take (a keychain probe, a check): generous, never a sleep. */
	readyMs?: number;
	/** What the person does on this stage to move on. */
	act: (terminal: PtyTerminal) => Promise<void>;
};

export const slowStepMs = 45_000;

export async function waitForStage(terminal: PtyTerminal, stage: Stage): Promise<void> {
	await terminal.waitForText(stage.ready, {timeoutMs: stage.readyMs ?? slowStepMs, screenOnly: true});
}

/** Walks `stages` in order: waits for each, then acts on it. */
export async function walk(terminal: PtyTerminal, stages: readonly Stage[]): Promise<void> {
	for (const stage of stages) {
		// eslint-disable-next-line no-await-in-loop -- stages happen one after the other
		await waitForStage(terminal, stage);
		// eslint-disable-next-line no-await-in-loop -- see above
		await stage.act(terminal);
	}
}

/** Pastes into a secret field (one chunk, as a terminal delivers a paste), waits for its dots, then Enter. */
export async function pasteSecret(terminal: PtyTerminal, secret: string): Promise<void> {
	terminal.write(secret);
	await terminal.waitForText(`(${secret.length} characters)`, {screenOnly: true});
	terminal.press('enter');
}

const fieldLine = (screen: string) => screen.split('\n').find(line => /^\s*›(?:\s|$)/.test(line));

/**
Replaces a visible text field's value and presses Enter. A prefilled value is first cleared with
Ctrl-U, and the text is typed only once the field shows empty: a Ctrl-U that reaches the wizard in
the same read as the text is taken as part of the text.
*/
export async function typeText(terminal: PtyTerminal, text: string): Promise<void> {
	await terminal.waitForScreen(screen => fieldLine(screen) !== undefined, 'a text field');
	if (fieldLine(terminal.screen())!.trim() !== '›') {
		terminal.write('\u0015');
		await terminal.waitForScreen(screen => fieldLine(screen)?.trim() === '›', 'the field to be cleared');
	}

	terminal.write(text);
	await terminal.waitForScreen(screen => fieldLine(screen)?.includes(text) ?? false, `${JSON.stringify(text)} in the field`);
	terminal.press('enter');
}

/** Enter on a prefilled text field: its value is kept. */
async function acceptPrefilled(terminal: PtyTerminal): Promise<void> {
	await terminal.waitForScreen(screen => fieldLine(screen) !== undefined, 'a text field');
	terminal.press('enter');
}

/**
The first frame can be drawn a moment before the wizard reads the keyboard itself (until then the
terminal is in its normal mode: Enter becomes a line feed the wizard ignores, Ctrl-C a SIGINT).
Moves the focus down and waits for the move to be drawn: from then on, keys reach the wizard.
*/
export async function waitUntilKeysAreRead(terminal: PtyTerminal): Promise<void> {
	await terminal.waitForScreen(screen => focusedLine(screen) !== undefined, 'a list with a focused item');
	const focused = focusedLine(terminal.screen());
	terminal.press('down');
	await terminal.waitForScreen(screen => focusedLine(screen) !== focused, 'the wizard to take a key');
}

// ---------------------------------------------------------------------------------------------

/** From a fresh HOME to the auth-method list: invite accepted, requirements and install acknowledged. */
export function toAuthMethod(): Stage[] {
	return [
		{
			name: 'invite',
			ready: copy.invite.question,
			async act(terminal) {
				await waitUntilKeysAreRead(terminal);
				await choose(terminal, copy.invite.choices.accepted);
			},
		},
		{name: 'requirements', ready: copy.requirements.choices.recheck, act: async terminal => choose(terminal, copy.requirements.choices.continue)},
		{name: 'install', ready: copy.install.question(true), act: async terminal => choose(terminal, copy.install.continueInstalled)},
	];
}

function method(label: string): Stage {
	return {name: 'auth method', ready: copy.authMethod.question, act: async terminal => choose(terminal, label)};
}

/** After a form: its checks passed (or could not run), then Continue (or keep it anyway). */
function afterChecks(): Stage {
	return {
		name: 'checks',
		ready: new RegExp(`${escape(copy.form.passedTitle)}|${escape(copy.form.failedTitle)}`),
		act: async terminal => choose(terminal, terminal.screen().includes(copy.form.failedTitle) ? copy.form.choices.keepAnyway : copy.form.choices.continue),
	};
}

/**
The scope question. On a loaded machine the keychain probe (which starts a Node process and allows
it 2 s) can time out, and the wizard then offers the 0600 file instead: a person would try the
keychain again, and so does this stage.
*/
function scope(where: 'user' | 'local' | 'project' = 'user'): Stage {
	const labels = {user: 'Everywhere on this machine', local: 'Only this project, only you', project: 'This project for everyone'};
	return {
		name: 'scope',
		ready: new RegExp(`${escape(copy.scope.question)}|${escape(copy.scope.methodQuestion)}|${escape(copy.secretStorage.question)}`),
		async act(terminal) {
			const isScope = () => terminal.screen().includes(copy.scope.question) || terminal.screen().includes(copy.scope.methodQuestion);
			for (let attempt = 0; attempt < 3 && !isScope(); attempt++) {
				// eslint-disable-next-line no-await-in-loop -- one retry at a time
				await choose(terminal, copy.secretStorage.choices.retry);
				// eslint-disable-next-line no-await-in-loop -- see above
				await terminal.waitForText(new RegExp(`${escape(copy.scope.question)}|${escape(copy.scope.methodQuestion)}|${escape(copy.secretStorage.stillUnavailable)}`), {timeoutMs: slowStepMs, screenOnly: true});
			}

			await choose(terminal, labels[where]);
		},
	};
}

export type ReviewCapture = {screen?: string};

/** The review: its screen is kept in `capture` (for checks of what it shows), then "Yes, write them". */
export function review(capture: ReviewCapture = {}): Stage {
	return {
		name: 'review',
		ready: copy.review.question,
		async act(terminal) {
			capture.screen = terminal.screen();
			await choose(terminal, copy.review.choices.confirm);
		},
	};
}

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

export function consoleKeyPath(key: string): Stage[] {
	return [
		...toAuthMethod(),
		method('Claude Console: API key'),
		{name: 'key field', ready: copy.consoleKey.label, act: async terminal => pasteSecret(terminal, key)},
	];
}

/** A value known only when the stage runs (the URL of a server started in `beforeAll`), or now. */
export type Late<T> = T | (() => T);

function resolve<T>(value: Late<T>): T {
	return typeof value === 'function' ? (value as () => T)() : value;
}

export function gatewayPath(url: Late<string>, token: string, credential: 'helper' | 'auth-token' = 'helper'): Stage[] {
	return [
		...toAuthMethod(),
		method('LLM gateway'),
		{name: 'gateway URL', ready: "Your gateway's URL", act: async terminal => typeText(terminal, resolve(url))},
		{
			name: 'gateway credential',
			ready: 'How does the gateway know it is you?',
			act: async terminal => choose(terminal, credential === 'helper' ? 'kept in the keychain' : 'written into the settings file'),
		},
		{name: 'gateway token', ready: 'Paste the gateway token', act: async terminal => pasteSecret(terminal, token)},
		afterChecks(),
	];
}

export function bedrockKeysPath(accessKeyId: string, secretAccessKey: string): Stage[] {
	return [
		...toAuthMethod(),
		method('Amazon Bedrock'),
		{name: 'AWS credentials', ready: 'Which AWS credentials should Claude Code use?', act: async terminal => choose(terminal, 'An access key ID and secret access key')},
		{name: 'access key ID', ready: 'Access key ID', act: async terminal => typeText(terminal, accessKeyId)},
		{name: 'secret access key', ready: 'Secret access key', act: async terminal => pasteSecret(terminal, secretAccessKey)},
		{name: 'region', ready: 'AWS region (AWS_REGION)', act: async terminal => typeText(terminal, 'us-east-1')},
		{name: 'main model', ready: 'Main model (ANTHROPIC_MODEL)', act: async terminal => choose(terminal, 'Claude Sonnet 4.6')},
		{name: 'background model', ready: 'Background model for quick tasks', act: async terminal => choose(terminal, 'Claude Haiku 4.5')},
		afterChecks(),
	];
}

export function foundryKeyPath(endpoint: Late<string>, apiKey: string): Stage[] {
	return [
		...toAuthMethod(),
		method('Microsoft Foundry'),
		{name: 'Foundry endpoint', ready: 'Foundry resource name, or its base URL', act: async terminal => typeText(terminal, resolve(endpoint))},
		{name: 'Foundry sign-in', ready: 'How should Claude Code sign in to Foundry?', act: async terminal => choose(terminal, 'An API key')},
		{name: 'Foundry API key', ready: 'Foundry API key', act: async terminal => pasteSecret(terminal, apiKey)},
		{name: 'Sonnet deployment', ready: 'Deployment name for Sonnet', act: acceptPrefilled},
		{name: 'Opus deployment', ready: 'Deployment name for Opus', act: acceptPrefilled},
		{name: 'Haiku deployment', ready: 'Deployment name for Haiku', act: acceptPrefilled},
		afterChecks(),
	];
}

export function vertexPath(project: string): Stage[] {
	return [
		...toAuthMethod(),
		method('Google Vertex AI'),
		{name: 'project ID', ready: 'Google Cloud project ID', act: async terminal => typeText(terminal, project)},
		{name: 'region', ready: 'Region (CLOUD_ML_REGION)', act: async terminal => choose(terminal, 'global')},
		{name: 'main model', ready: 'Main model (ANTHROPIC_MODEL)', act: async terminal => choose(terminal, 'Claude Sonnet 4.6')},
		{name: 'background model', ready: 'Background model for quick tasks', act: async terminal => choose(terminal, 'Claude Haiku 4.5')},
		afterChecks(),
	];
}

export function claudeAiPath(): Stage[] {
	return [
		...toAuthMethod(),
		method('Claude for Teams or Enterprise'),
		{name: 'claude.ai sign-in', ready: 'How do you sign in to claude.ai?', act: async terminal => choose(terminal, 'With my claude.ai account in the browser')},
		{name: 'login lock', ready: 'Keep Claude Code on this login?', act: async terminal => choose(terminal, 'No, just log in')},
	];
}

/** The stages after a method's own ones: scope, review, and the final screen. */
export function toDone(capture: ReviewCapture = {}, where: 'user' | 'local' | 'project' = 'user'): Stage[] {
	return [scope(where), review(capture)];
}
