import {acceptAnswer, findField, keepAskedAnswers, nextField, previousField, type MethodSpec} from '../auth/form.js';
import type {AuthMethodId} from '../auth/methods.js';
import {specOf} from '../auth/specs/index.js';
import type {EffectResult} from './events.js';
import {go, stay, type Transition} from './kit.js';
import type {State} from './state.js';

/**
Every method with a form (all but the Console key, which keeps its own screens): discover what is
on the machine, ask the fields one at a time, check the answers before anything is saved, then
continue to where secrets go and which settings file.
*/

export function goDiscover(state: State, method: AuthMethodId): Transition {
	return go(state, {step: 'discover'}, {method, answers: {}, discovery: undefined, checks: undefined, configuration: undefined}, id => ({type: 'discover', id, method}));
}

function specIn(state: State): MethodSpec | undefined {
	return specOf(state.context.method);
}

/** The first field, or the check when a method asks nothing. */
function goFirstField(state: State): Transition {
	const spec = specIn(state);
	if (!spec) {
		return go(state, {step: 'auth-method'});
	}

	const field = nextField(spec, state.context.answers ?? {}, state.context.discovery ?? {});
	return field ? go(state, {step: 'form', field: field.id}) : goCheck(state);
}

export function goCheck(state: State): Transition {
	const {method, answers = {}, discovery = {}, claude} = state.context;
	if (!method) {
		return stay(state);
	}

	return go(state, {step: 'method-check'}, {checks: undefined}, id => ({
		type: 'check-method',
		id,
		method,
		answers,
		discovery,
		claudePath: claude?.found ? claude.path : undefined,
	}));
}

export function submitAnswer(state: State, text: string): Transition {
	const spec = specIn(state);
	if (state.step !== 'form' || !spec) {
		return stay(state);
	}

	const field = findField(spec, state.field);
	if (!field) {
		return stay(state);
	}

	const answers = state.context.answers ?? {};
	const discovery = state.context.discovery ?? {};
	const accepted = acceptAnswer(field, text, answers, discovery);
	if (accepted.problem) {
		return go(state, {step: 'form', field: field.id, problem: accepted.problem});
	}

	const updated = keepAskedAnswers(spec, {...answers, [field.id]: accepted.value}, discovery);
	const next = nextField(spec, updated, discovery, field.id);
	const moved = {...state, context: {...state.context, answers: updated}};
	return next ? go(moved, {step: 'form', field: next.id}) : goCheck(moved);
}

export function backInMethod(state: State): Transition | undefined {
	const spec = specIn(state);
	switch (state.step) {
		case 'discover': {
			return go(state, {step: 'auth-method'});
		}

		case 'form': {
			const previous = spec ? previousField(spec, state.context.answers ?? {}, state.context.discovery ?? {}, state.field) : undefined;
			return previous ? go(state, {step: 'form', field: previous.id}) : go(state, {step: 'auth-method'});
		}

		case 'method-check':
		case 'method-result': {
			return goLastField(state);
		}

		default: {
			return undefined;
		}
	}
}

/** Back from after the form: to its last question, answers kept, so one answer can be changed. */
export function goLastField(state: State): Transition {
	const spec = specIn(state);
	if (!spec) {
		return go(state, {step: 'auth-method'});
	}

	const answers = state.context.answers ?? {};
	const discovery = state.context.discovery ?? {};
	let last: string | undefined;
	for (let field = nextField(spec, answers, discovery); field; field = nextField(spec, answers, discovery, field.id)) {
		last = field.id;
	}

	return last ? go(state, {step: 'form', field: last}) : go(state, {step: 'auth-method'});
}

/**
After the checks: continue when nothing failed (or the user keeps a setup that could not be
checked), run a suggested login program, check again, or change the answers.
*/
export function chooseAfterChecks(state: State, value: string, afterAccepted: (state: State) => Transition): Transition {
	const spec = specIn(state);
	const {checks = [], answers = {}, discovery = {}, method, claude} = state.context;
	if (!spec || !method) {
		return stay(state);
	}

	if (value === 'continue' && !checks.some(check => check.outcome === 'fail')) {
		return afterAccepted({...state, context: {...state.context, configuration: spec.configure(answers, discovery)}});
	}

	if (value === 'keep-anyway' && checks.some(check => check.outcome === 'fail')) {
		return afterAccepted({...state, context: {...state.context, configuration: spec.configure(answers, discovery)}});
	}

	if (value === 'retry') {
		return goCheck(state);
	}

	if (value === 'change') {
		return goFirstField(state);
	}

	if (value.startsWith('action:')) {
		const action = spec.terminalActions?.(answers, discovery, checks).find(candidate => `action:${candidate.id}` === value);
		if (action) {
			return go(state, {step: 'method-check', action: action.label}, {checks: undefined}, id => ({
				type: 'run-terminal-action',
				id,
				action,
				method,
				answers,
				discovery,
				claudePath: claude?.found ? claude.path : undefined,
			}));
		}
	}

	return stay(state);
}

export function onMethodResult(state: State, result: EffectResult): Transition | undefined {
	switch (result.type) {
		case 'discovered': {
			return goFirstField({...state, context: {...state.context, discovery: result.discovery}});
		}

		case 'method-checked': {
			const discovery = result.discovery ? {...state.context.discovery, ...result.discovery} : state.context.discovery;
			return go(state, {step: 'method-result'}, {checks: result.checks, discovery});
		}

		default: {
			return undefined;
		}
	}
}
