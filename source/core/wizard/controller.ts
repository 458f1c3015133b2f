import type {Ports} from '../ports.js';
import type {WizardEvent} from './events.js';
import {runEffect} from './run-effect.js';
import {initialState, type State} from './state.js';
import {transition} from './transition.js';

export type WizardController = {
	getState(): State;
	send(event: WizardEvent): void;
	subscribe(listener: () => void): () => void;
	/** Resolves when the wizard reaches done, cancelled or failed, and no effect is still running. */
	start(): void;
};

/**
Holds the one state value, feeds events through `transition`, runs the effects it asks for and
feeds their results back. Screens see only `getState` and `send`.
*/
export function createWizardController(ports: Ports, initial: State = initialState()): WizardController {
	let state = initial;
	const listeners = new Set<() => void>();

	const send = (event: WizardEvent): void => {
		const next = transition(state, event);
		if (next.state !== state) {
			state = next.state;
			for (const listener of listeners) {
				listener();
			}
		}

		for (const effect of next.effects) {
			void runEffect(effect, ports).then(send);
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
			void runEffect({type: 'detect', id: state.pendingId ?? 0}, ports).then(send);
		},
	};
}
