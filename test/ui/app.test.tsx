import {readFile, writeFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createWizardController} from '../../source/core/wizard/controller.js';
import type {State} from '../../source/core/wizard/state.js';
import {App} from '../../source/ui/app.js';
import {preloadLaterSteps} from '../../source/ui/later-steps-loader.js';
import {copy} from '../../source/ui/copy.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {createFakeWorld, type FakeWorld} from '../helpers/fake-ports.js';
import {focusItem, keys, waitForFrame} from '../helpers/ink.js';

// The real wizard loads the later steps' screens once its first screen is drawn (ui/later-steps-loader.ts);
// here they are loaded up front, so every frame is the step's own.
await preloadLaterSteps();

const key = fakeApiKey();

function start(world: FakeWorld) {
	const controller = createWizardController(world.ports);
	const finished: State[] = [];
	const view = render(
		<App
			controller={controller}
			display={{pathOf: scope => world.ports.settings.pathOf(scope), show: target => target, secretsFile: '/tmp/secrets.json', anthropicBaseUrl: undefined}}
			onFinish={state => finished.push(state)}
		/>,
	);
	controller.start();
	const waitFor = async (text: string | RegExp) => waitForFrame(view.lastFrame, text);
	return {...view, controller, finished, waitFor};
}

/** Walks from the first screen to the key input. */
async function toKeyInput(app: ReturnType<typeof start>) {
	await app.waitFor(copy.invite.question);
	app.stdin.write(keys.down);
	app.stdin.write(keys.down);
	app.stdin.write(keys.down);
	await app.waitFor(`❯ ${copy.invite.choices.accepted}`);
	app.stdin.write(keys.enter);
	await app.waitFor(copy.requirements.allPassed);
	app.stdin.write(keys.enter);
	await app.waitFor(/Claude Code is ready|How should Claude Code be installed/);
	await focusItem(app, app.lastFrame()?.includes('Claude Code is ready') ? copy.install.continueInstalled : copy.install.continueWithout);
	app.stdin.write(keys.enter);
	await app.waitFor(copy.authMethod.question);
	app.stdin.write(keys.enter);
	await app.waitFor(copy.consoleKey.label);
}

describe('the Console API-key path on screen', () => {
	it('walks every step, masks the key, and shows the exact change before writing', async () => {
		const world = await createFakeWorld({claudeVersion: '2.1.331'});
		const app = start(world);
		await app.waitFor('Step 1 of 7');
		await toKeyInput(app);
		expect(app.lastFrame()).toContain('Claude Code: 2.1.331');

		app.stdin.write(`${key}\n`);
		const typed = await app.waitFor(`(${key.length} characters)`);
		expect(typed).not.toContain(key.slice(8, 20));
		app.stdin.write(keys.enter);

		await app.waitFor(copy.scope.question);
		expect(world.httpCalls[0]?.headers['x-api-key']).toBe(key);
		app.stdin.write(keys.enter);

		const review = await app.waitFor(copy.review.question);
		expect(review).toContain(copy.review.title);
		expect(review).toMatch(/\+ "apiKeyHelper": /);
		expect(review).toContain(`API key: ••••••••${key.slice(-4)} (checked)`);
		const settingsPath = world.ports.settings.pathOf('user');
		await expect(readFile(settingsPath, 'utf8')).rejects.toThrow(/ENOENT/);
		expect(world.secrets.size).toBe(0);

		app.stdin.write(keys.enter);
		const done = await app.waitFor(copy.done.verified);
		expect(done).toContain(copy.done.savedTo(settingsPath));
		expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toHaveProperty('apiKeyHelper');
		expect([...world.secrets.values()]).toEqual([key]);
		expect(app.finished[0]?.step).toBe('done');
		for (const frame of app.frames) {
			expect(frame).not.toContain(key);
		}
	});

	it('says what is wrong with a pasted key and keeps the user on the input', async () => {
		const world = await createFakeWorld();
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write('sk-ant-oat01-' + 'x'.repeat(40));
		app.stdin.write(keys.enter);
		await app.waitFor(copy.consoleKey.problems['oauth-token']);
		expect(world.httpCalls).toEqual([]);
	});

	it('shows a 401 as a rejection and asks again', async () => {
		const world = await createFakeWorld({keyStatus: 401});
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(key);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.consoleKey.problems.rejected);
	});

	it('explains a network failure and lets the user keep the key only by choosing to', async () => {
		const world = await createFakeWorld({keyStatus: 'network-error'});
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(key);
		app.stdin.write(keys.enter);
		const frame = await app.waitFor(copy.keyResult.choices.keep);
		expect(frame).toContain('ECONNREFUSED');
		expect(frame).toContain('HTTPS_PROXY');
		app.stdin.write(keys.down);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.scope.question);
		app.stdin.write(keys.enter);
		await app.waitFor('(not checked)');
	});

	it('asks before keeping the key in a file when the keychain is unavailable', async () => {
		const world = await createFakeWorld({keychain: {ok: false, reason: 'No Secret Service is running.', fix: 'Start gnome-keyring.'}});
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(key);
		app.stdin.write(keys.enter);
		const frame = await app.waitFor(copy.secretStorage.question);
		expect(frame).toContain('No Secret Service is running.');
		expect(frame).toContain('Start gnome-keyring.');
		app.stdin.write(keys.down);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.scope.question);
		app.stdin.write(keys.enter);
		const review = await app.waitFor(copy.review.secret(world.ports.secrets.fileLocation(), false));
		expect(review).toContain('kept in a 0600 file');
	});
});

describe('keys', () => {
	it('Esc goes back a step', async () => {
		const world = await createFakeWorld();
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(keys.escape);
		await app.waitFor(copy.authMethod.question);
		app.stdin.write(keys.escape);
		await app.waitFor(/Claude Code is ready|How should Claude Code be installed/);
	});

	it('Ctrl-C cancels and nothing is written', async () => {
		const world = await createFakeWorld();
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(keys.ctrlC);
		await app.waitFor(copy.cancelled.before);
		expect(app.finished[0]).toMatchObject({step: 'cancelled', afterCommit: false});
		await expect(readFile(world.ports.settings.pathOf('user'), 'utf8')).rejects.toThrow(/ENOENT/);
	});

	it('choosing LLM gateway shows its first question', async () => {
		const world = await createFakeWorld();
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(keys.escape);
		await app.waitFor(copy.authMethod.question);
		await focusItem(app, 'LLM gateway');
		app.stdin.write(keys.enter);
		const frame = await app.waitFor("Your gateway's URL (ANTHROPIC_BASE_URL)");
		expect(frame).toContain('Claude Code adds /v1/messages itself.');
		expect(frame).not.toContain('not built');
		app.stdin.write(keys.escape);
		await app.waitFor(copy.authMethod.question);
	});
});

describe('settings that cannot be used', () => {
	it('shows the line and column of a malformed file and offers no way to write it', async () => {
		const world = await createFakeWorld();
		const settingsPath = world.ports.settings.pathOf('user');
		await mkdir(path.dirname(settingsPath), {recursive: true});
		const broken = '{\n  "model": "opus",\n}\n';
		await writeFile(settingsPath, broken);
		const app = start(world);
		await toKeyInput(app);
		app.stdin.write(key);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.scope.question);
		app.stdin.write(keys.enter);
		const frame = await app.waitFor('line 3, column 1');
		expect(frame).not.toContain(copy.review.choices.confirm);
		app.stdin.write(keys.enter);
		expect(await readFile(settingsPath, 'utf8')).toBe(broken);
	});
});

describe('a second run', () => {
	it('shows the current setup first', async () => {
		const world = await createFakeWorld();
		const settingsPath = world.ports.settings.pathOf('user');
		await mkdir(path.dirname(settingsPath), {recursive: true});
		await writeFile(settingsPath, JSON.stringify({apiKeyHelper: 'my-helper'}));
		const app = start(world);
		const frame = await app.waitFor(copy.current.title);
		expect(frame).toContain(`an apiKeyHelper in user settings (${settingsPath})`);
		app.stdin.write(keys.down);
		app.stdin.write(keys.down);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.done.unchanged);
	});
});
