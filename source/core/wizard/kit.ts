import type {Effect} from './effects.js';
import type {Context, Screen, State} from './state.js';

export type Transition = {state: State; effects: Effect[]};

export function stay(state: State): Transition {
	return {state, effects: []};
}

/** Moves to a screen, optionally starting one effect whose result the new screen waits for. */
export function go(state: State, screen: Screen, context: Partial<Context> = {}, effect?: (id: number) => Effect): Transition {
	const merged = {...state.context, ...context};
	if (!effect) {
		return {state: {...screen, context: merged, nextId: state.nextId}, effects: []};
	}

	const id = state.nextId;
	return {state: {...screen, context: merged, nextId: id + 1, pendingId: id}, effects: [effect(id)]};
}

/** Updates the context while the same effect keeps running (a streamed result), so its id stays pending. */
export function update(state: State, context: Partial<Context>): Transition {
	return {state: {...state, context: {...state.context, ...context}}, effects: []};
}
