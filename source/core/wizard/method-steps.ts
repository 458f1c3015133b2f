import {acceptAnswer, findField, keepAskedAnswers, nextField, previousField, type MethodSpec} from '../auth/form.js';
import type {AuthMethodId} from '../auth/methods.js';
import {activeSpec} from './active-spec.js';
import type {MethodConfiguration} from '../auth/configuration.js';
import {presetSchemaVersion, type Preset} from '../team/preset.js';
import {goInstall} from './setup-steps.js';
import type {EffectResult} from './events.js';
import {go, stay, type Transition} from './kit.js';
import type {State} from './state.js';

/**
Every method with a form (all but the Console key, which keeps its own screens): discover what is
on the machine, ask the fields one at a time, check the answers before anything is saved, then
continue to where secrets go and which settings file.
*/

export function goDiscover(state: State, method: AuthMethodId): Transition {
	const answers = state.context.preset?.method === method ? {...state.context.preset.answers} : {};
	return go(state, {step: 'discover'}, {method, answers, discovery: undefined, checks: undefined, configuration: undefined}, id => ({type: 'discover', id, method}));
}

function specIn(state: State): MethodSpec | undefined {
	return activeSpec(state.context);
}

/** The method list, or with a team preset (which fixes the method) the install step before it. */
export function goMethodChoice(state: State): Transition {
	return state.context.preset ? goInstall(state) : go(state, {step: 'auth-method'});
}

/** The first field, or the check when a method asks nothing. */
function goFirstField(state: State): Transition {
	const spec = specIn(state);
	if (!spec) {
		return goMethodChoice(state);
	}

	const field = nextField(spec, state.context.answers ?? {}, state.context.discovery ?? {});
	return field ? go(state, {step: 'form', field: field.id}) : afterForm(state);
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

	// What a preset fixes is not asked, so it would not count as asked: it is put back.
	const updated = {...keepAskedAnswers(spec, {...answers, [field.id]: accepted.value}, discovery), ...state.context.preset?.answers};
	const next = nextField(spec, updated, discovery, field.id);
	const moved = {...state, context: {...state.context, answers: updated}};
	return next ? go(moved, {step: 'form', field: next.id}) : afterForm(moved);
}

/** After the last question: the checks, or in the team mode the files to write. */
function afterForm(state: State): Transition {
	if (state.context.mode !== 'admin') {
		return goCheck(state);
	}

	const {method, answers = {}} = state.context;
	if (!method) {
		return stay(state);
	}

	const preset = presetFromAdminAnswers(method, answers);
	const directory = answers['team.directory'] || '.';
	const presetReference = answers['team.presetUrl'] || undefined;
	return go(state, {step: 'team-review'}, {team: {}}, id => ({type: 'plan-team', id, directory, preset, ...(presetReference ? {presetReference} : {})}));
}

export function backInMethod(state: State): Transition | undefined {
	const spec = specIn(state);
	switch (state.step) {
		case 'discover': {
			return goMethodChoice(state);
		}

		case 'form': {
			const previous = spec ? previousField(spec, state.context.answers ?? {}, state.context.discovery ?? {}, state.field) : undefined;
			return previous ? go(state, {step: 'form', field: previous.id}) : goMethodChoice(state);
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
		return goMethodChoice(state);
	}

	const answers = state.context.answers ?? {};
	const discovery = state.context.discovery ?? {};
	let last: string | undefined;
	for (let field = nextField(spec, answers, discovery); field; field = nextField(spec, answers, discovery, field.id)) {
		last = field.id;
	}

	return last ? go(state, {step: 'form', field: last}) : goMethodChoice(state);
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

	const configured = () => withPresetEnv(spec.configure(answers, discovery), state.context.preset);
	if (value === 'continue' && !checks.some(check => check.outcome === 'fail')) {
		return afterAccepted({...state, context: {...state.context, configuration: configured()}});
	}

	if (value === 'keep-anyway' && checks.some(check => check.outcome === 'fail')) {
		return afterAccepted({...state, context: {...state.context, configuration: configured()}});
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

/** The team's own variables (proxy, CA) join the method's settings. */
export function withPresetEnv(configuration: MethodConfiguration, preset: Preset | undefined): MethodConfiguration {
	return preset && Object.keys(preset.env).length > 0 ? {...configuration, env: {...preset.env, ...configuration.env}} : configuration;
}

/** The preset an administrator's answers make: the method's team answers, the team env, the org lock. */
export function presetFromAdminAnswers(method: AuthMethodId, answers: Readonly<Record<string, string>>): Preset {
	const methodAnswers = Object.fromEntries(Object.entries(answers).filter(([id, value]) => !id.startsWith('team.') && value !== ''));
	const env: Record<string, string> = {};
	if (answers['team.proxy']) {
		env['HTTPS_PROXY'] = answers['team.proxy'];
	}

	if (answers['team.caCert']) {
		env['NODE_EXTRA_CA_CERTS'] = answers['team.caCert'];
	}

	return {
		schemaVersion: presetSchemaVersion,
		method,
		answers: methodAnswers,
		env,
		...(answers['team.name'] ? {team: answers['team.name']} : {}),
		...(answers['team.orgUuid'] ? {orgUuid: answers['team.orgUuid']} : {}),
	};
}

export function onMethodResult(state: State, result: EffectResult): Transition | undefined {
	switch (result.type) {
		case 'team-planned': {
			return go(state, {step: 'team-review'}, {team: {plan: result.plan}});
		}

		case 'team-plan-failed':
		case 'team-write-failed': {
			return go(state, {step: 'team-review', problem: result.message});
		}

		case 'team-written': {
			return go(state, {step: 'done', outcome: 'team-written'}, {team: {...state.context.team, written: result.paths}});
		}

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
