import type {Ports} from '../ports.js';
import {describeCrash} from './crash.js';
import type {Effect} from './effects.js';
import type {WizardEvent} from './events.js';
import {runEffect} from './run-effect.js';
import {initialState, type State} from './state.js';
import {transition} from './transition.js';

export type WizardController = {
	getState(): State;
	send(event: WizardEvent): void;
	subscribe(listener: () => void): () => void;
	/** Runs the first effect (detecting what is already set up). */
	start(): void;
};

/**
Holds the one state value, feeds events through `transition`, runs the effects it asks for and
feeds their results back. An effect the state no longer waits for (after Back or Cancel) is
aborted, which is how leaving the install screen stops the installer. Screens see only `getState`
and `send`.
*/
export function createWizardController(ports: Ports, initial: State = initialState()): WizardController {
	let state = initial;
	const listeners = new Set<() => void>();
	const running = new Map<number, AbortController>();

	const launch = (effect: Effect): void => {
		const controller = new AbortController();
		running.set(effect.id, controller);
		runEffect(effect, ports, send, controller.signal)
			// Effects report failures as results; one that throws instead (its code gone, or a bug) ends
			// the wizard with a message rather than crash it with the terminal in raw mode.
			.catch((error: unknown) => {
				if (!controller.signal.aborted) {
					send({type: 'effect-failed', id: effect.id, message: describeCrash(error)});
				}
			})
			.finally(() => running.delete(effect.id));
	};

	const send = (event: WizardEvent): void => {
		const next = transition(state, event);
		if (next.state !== state) {
			state = next.state;
			for (const [id, controller] of running) {
				if (id !== state.pendingId) {
					controller.abort();
					running.delete(id);
				}
			}

			for (const listener of listeners) {
				listener();
			}
		}

		for (const effect of next.effects) {
			launch(effect);
		}
	};

	return {
		getState: () => state,
		send,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start() {
			// The administrator's team mode starts on the method list: there is nothing to detect.
			if (state.step === 'detect') {
				launch({type: 'detect', id: state.pendingId ?? 0});
			}
		},
	};
}
