import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {createWizardController} from '../../source/core/wizard/controller.js';
import {App} from '../../source/ui/app.js';
import {preloadLaterSteps} from '../../source/ui/later-steps-loader.js';
import {copy} from '../../source/ui/copy.js';
import {createFakeWorld, type FakeWorld} from '../helpers/fake-ports.js';
import {focusItem, keys, waitForFrame} from '../helpers/ink.js';

// The real wizard loads the later steps' screens once its first screen is drawn (ui/later-steps-loader.ts);
// here they are loaded up front, so every frame is the step's own.
await preloadLaterSteps();

function start(world: FakeWorld) {
	const controller = createWizardController(world.ports);
	const view = render(
		<App controller={controller} display={{pathOf: scope => world.ports.settings.pathOf(scope), show: target => target, secretsFile: '/s', anthropicBaseUrl: undefined}} />,
	);
	controller.start();
	return {...view, waitFor: async (text: string | RegExp) => waitForFrame(view.lastFrame, text)};
}

async function toRequirements(app: ReturnType<typeof start>) {
	await app.waitFor(copy.invite.question);
	await focusItem(app, copy.invite.choices.accepted);
	app.stdin.write(keys.enter);
}

async function toInstallChoice(app: ReturnType<typeof start>) {
	await toRequirements(app);
	await app.waitFor(copy.requirements.allPassed);
	app.stdin.write(keys.enter);
	await app.waitFor(copy.install.question(false));
}

describe('requirements', () => {
	it('shows each row with its mark and lets the user go on', async () => {
		const app = start(await createFakeWorld());
		await toRequirements(app);
		const frame = await app.waitFor(copy.requirements.allPassed);
		expect(frame).toContain('✓ Operating system: Ubuntu 24.04');
		expect(frame).toContain('✓ Connection to api.anthropic.com');
		expect(frame).toContain(copy.requirements.choices.continue);
	});

	it('says a fix shared by several hosts once, and lets the user go on (network rows never block)', async () => {
		const app = start(await createFakeWorld({reach: 'dns'}));
		await toRequirements(app);
		const frame = await app.waitFor(copy.requirements.choices.recheck);
		expect(frame.match(/✗ Connection to/g)).toHaveLength(4);
		expect(frame.match(/nslookup/g)).toHaveLength(1);
		expect(frame.match(new RegExp(copy.requirements.sameFix.replaceAll('.', '\\.'), 'g'))).toHaveLength(3);
		expect(frame).toContain(copy.requirements.choices.continue);
	});

	it('stops on a failed hard requirement, with the fix, and offers no way on', async () => {
		const app = start(await createFakeWorld({system: {osVersion: '18.04'}}));
		await toRequirements(app);
		const frame = await app.waitFor(copy.requirements.blocked);
		expect(frame).toMatch(/✗ Operating system: Ubuntu 18\.04.*\(required\)/);
		expect(frame).not.toContain(`❯ ${copy.requirements.choices.continue}`);
		app.stdin.write(keys.enter);
		// "Check again" runs the checks anew and lands on the same verdict.
		await app.waitFor(copy.requirements.blocked);
	});
});

describe('install', () => {
	it('streams the installer, then shows what was installed', async () => {
		const world = await createFakeWorld({install: {hold: true}});
		const app = start(world);
		await toInstallChoice(app);
		app.stdin.write(keys.enter);
		const running = await app.waitFor('Installing with native…');
		expect(running).toContain(copy.install.running('curl -fsSL https://claude.ai/install.sh | bash'));
		expect(running).toContain(copy.install.elapsed(0));
		world.finishInstall();
		await app.waitFor(copy.install.installed('9.9.9', '/home/u/.local/bin/claude'));
		await app.waitFor(copy.install.question(true));
	});

	it('Esc stops a running install and reports nothing as installed', async () => {
		const world = await createFakeWorld({install: {hold: true}});
		const app = start(world);
		await toInstallChoice(app);
		app.stdin.write(keys.enter);
		await app.waitFor('Installing with native…');
		app.stdin.write(keys.escape);
		await app.waitFor(copy.install.cancelled);
		expect(world.installRuns[0]?.signal.aborted).toBe(true);
		expect(app.lastFrame()).toContain(copy.install.question(false));
	});

	it('explains a failed install with its cause, fix and last output', async () => {
		const world = await createFakeWorld({install: {failure: {cause: 'The download failed: no network', fix: 'Set HTTPS_PROXY.'}}});
		const app = start(world);
		await toInstallChoice(app);
		app.stdin.write(keys.enter);
		const frame = await app.waitFor(copy.install.failed('The download failed: no network'));
		expect(frame).toContain(copy.install.fix('Set HTTPS_PROXY.'));
		expect(frame).toContain('Could not resolve host');
		app.stdin.write(keys.enter);
		await app.waitFor(copy.install.question(false));
	});

	it('offers to put the folder on PATH, and applies it only when asked', async () => {
		const world = await createFakeWorld({install: {notOnPath: true}});
		const app = start(world);
		await toInstallChoice(app);
		app.stdin.write(keys.enter);
		const frame = await app.waitFor(copy.install.notOnPath('/home/u/.local/bin'));
		expect(frame).toContain(copy.install.pathPlan('/home/u/.bashrc', 'export PATH="/home/u/.local/bin:$PATH"'));
		expect(world.pathFixes).toEqual([]);
		app.stdin.write(keys.enter);
		await app.waitFor(copy.install.pathFixed('/home/u/.bashrc', 'source /home/u/.bashrc'));
		expect(world.pathFixes).toEqual(['/home/u/.bashrc']);
	});
});
