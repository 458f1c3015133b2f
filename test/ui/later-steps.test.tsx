import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {createWizardController} from '../../source/core/wizard/controller.js';
import {App, drawsWithoutLaterSteps} from '../../source/ui/app.js';
import {copy} from '../../source/ui/copy.js';
import {createFakeWorld} from '../helpers/fake-ports.js';
import {keys, waitForFrame} from '../helpers/ink.js';

/**
The wizard's first screens (detect, current, invite) are drawn by app.tsx; every later step's screen
is in later-steps.tsx, which the real wizard loads once its first screen is up. A step reached before
then (a key pressed at once) draws a placeholder, then its own screen when the code arrives. This file
does not load them first (app.test.tsx does), so it sees that path.
*/

function start(world: Awaited<ReturnType<typeof createFakeWorld>>) {
	const controller = createWizardController(world.ports);
	const view = render(
		<App controller={controller} display={{pathOf: scope => world.ports.settings.pathOf(scope), show: target => target, secretsFile: '/tmp/secrets.json', anthropicBaseUrl: undefined}} />,
	);
	controller.start();
	return {controller, view};
}

// First in this file: the later steps' screens have not loaded yet.
it('draws "Cancelled" for a Ctrl-C on the first screen, without the later steps\' screens', async () => {
	const {controller, view} = start(await createFakeWorld({claudeVersion: '2.1.331'}));
	await waitForFrame(view.lastFrame, copy.invite.question);
	view.stdin.write(keys.ctrlC);
	await waitForFrame(view.lastFrame, copy.cancelled.before);
	expect(controller.getState().step).toBe('cancelled');
	expect(view.frames.some(frame => /^…$/m.test(frame))).toBe(false);
	view.unmount();
});

it('draws a placeholder for a later step until its screen has loaded, then the step itself', async () => {
	const {controller, view} = start(await createFakeWorld({claudeVersion: '2.1.331'}));
	await waitForFrame(view.lastFrame, copy.invite.question);
	expect(drawsWithoutLaterSteps(controller.getState())).toBe(true);
	expect(view.frames.some(frame => /^…$/m.test(frame))).toBe(false);

	view.stdin.write(keys.up);
	await waitForFrame(view.lastFrame, `❯ ${copy.invite.choices.accepted}`);
	view.stdin.write(keys.enter);
	expect(drawsWithoutLaterSteps(controller.getState())).toBe(false);
	await waitForFrame(view.lastFrame, copy.requirements.allPassed);
	// The requirements step was drawn as a placeholder first, and the placeholder is gone.
	expect(view.frames.some(frame => /^…$/m.test(frame))).toBe(true);
	expect(view.lastFrame()).not.toMatch(/^…$/m);
	view.unmount();
});
