import {describe, expect, it} from 'vitest';
import type {Ports} from '../../source/core/ports.js';
import {createWizardController, type WizardController} from '../../source/core/wizard/controller.js';
import type {State} from '../../source/core/wizard/state.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {createFakeWorld} from '../helpers/fake-ports.js';

/**
Effects report their failures as results; one that throws instead (its code could not be loaded, or
a bug) must end the wizard on its "failed" screen with a message, not reject unhandled, which would
kill claude-setup with a stack trace and the terminal still in raw mode. Vitest fails a test file on
any unhandled rejection, so these fail without the controller's catch.
*/

async function portsWhoseDetectionThrows(error: () => Promise<never>): Promise<Ports> {
	const world = await createFakeWorld({claudeVersion: '2.1.331'});
	return {...world.ports, helper: {...world.ports.helper, inspect: error}};
}

async function settledOn(controller: WizardController, step: State['step']): Promise<State> {
	return new Promise(resolve => {
		const check = () => {
			if (controller.getState().step === step) {
				unsubscribe();
				resolve(controller.getState());
			}
		};

		const unsubscribe = controller.subscribe(check);
		check();
	});
}

describe('an effect that throws', () => {
	it('ends the wizard on "failed", naming the kind of error and nothing it said', async () => {
		const ports = await portsWhoseDetectionThrows(async () => {
			throw new TypeError(`cannot read ${fakeApiKey('CRASH')}`);
		});
		const controller = createWizardController(ports);
		controller.start();
		const state = await settledOn(controller, 'failed');
		expect(state.step === 'failed' && state.message).toBe("claude-setup stopped on an error of its own (TypeError). Run it again; if this happens again, please report it");
	});

	it('says that its own code is missing when a module could not be loaded', async () => {
		const ports = await portsWhoseDetectionThrows(async () => {
			throw Object.assign(new Error("Cannot find module '/home/u/.npm/_npx/1/node_modules/claude-setup/dist/chunks/later-effects-1.js'\nmore"), {code: 'ERR_MODULE_NOT_FOUND'});
		});
		const controller = createWizardController(ports);
		controller.start();
		const state = await settledOn(controller, 'failed');
		expect(state.step === 'failed' && state.message).toBe(
			"part of claude-setup's own code is missing (Cannot find module '/home/u/.npm/_npx/1/node_modules/claude-setup/dist/chunks/later-effects-1.js'): were its files removed or replaced while it ran? Run claude-setup again",
		);
	});

	it('is ignored once the wizard no longer waits for that effect', async () => {
		let fail: (error: Error) => void = () => undefined;
		const ports = await portsWhoseDetectionThrows(
			async () =>
				new Promise<never>((_resolve, reject) => {
					fail = reject;
				}),
		);
		const controller = createWizardController(ports);
		controller.start();
		controller.send({type: 'cancel'});
		expect(controller.getState().step).toBe('cancelled');
		fail(new Error('late'));
		// The rejection is handled on the next turns; the state stays as the user left it.
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(controller.getState().step).toBe('cancelled');
	});
});
