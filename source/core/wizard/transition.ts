import {checkKeyFormat, canKeepKeyAnyway, consoleKeyConfiguration, normalizePastedKey} from '../auth/console-key.js';
import {specOf} from '../auth/specs/index.js';
import {backInMethod, chooseAfterChecks, goDiscover, goLastField, goMethodChoice, onMethodResult, submitAnswer, withPresetEnv} from './method-steps.js';
import {findAuthMethod} from '../auth/methods.js';
import {pages} from '../auth/pages.js';
import type {SettingsScope} from '../ports.js';
import type {EffectResult, Intent, WizardEvent} from './events.js';
import {go, stay, type Transition} from './kit.js';
import {chooseInInstall, chooseInRequirements, goInstall, goRequirements, onSetupResult} from './setup-steps.js';
import {isFinished, type Context, type State} from './state.js';
import type {MethodConfiguration} from '../auth/configuration.js';
import type {AuthMethodId} from '../auth/methods.js';

export type {Transition} from './kit.js';

const scopes: readonly SettingsScope[] = ['user', 'local', 'project'];

/**
The whole wizard as one pure function: (state, event) -> next state plus the effects to run.
Effect results carry the id they were requested with; a result for anything but the current
`pendingId` arrived after Back or Cancel and is dropped (and the controller stops that effect).
*/
export function transition(state: State, event: WizardEvent): Transition {
	if (event.type === 'cancel') {
		return cancel(state);
	}

	if (event.type === 'back') {
		return back(state);
	}

	if (event.type === 'screen-failed') {
		return isFinished(state) ? stay(state) : go(state, {step: 'failed', message: event.message});
	}

	if (isEffectResult(event)) {
		return event.id === state.pendingId ? onResult(state, event) : stay(state);
	}

	return onIntent(state, event);
}

function isEffectResult(event: WizardEvent): event is EffectResult {
	return 'id' in event;
}

function cancel(state: State): Transition {
	switch (state.step) {
		case 'commit': {
			// The commit is short and atomic; stopping half-way is what must never happen.
			return {state: {...state, isCancelRequested: true}, effects: []};
		}

		case 'verify': {
			return go(state, {step: 'cancelled', afterCommit: true});
		}

		case 'done':
		case 'cancelled':
		case 'failed': {
			return stay(state);
		}

		default: {
			return go(state, {step: 'cancelled', afterCommit: false});
		}
	}
}

function back(state: State): Transition {
	const {context} = state;
	switch (state.step) {
		case 'detect':
		case 'current': {
			return go(state, {step: 'cancelled', afterCommit: false});
		}

		case 'invite': {
			if (state.opened) {
				return go(state, {step: 'invite'});
			}

			return hasExistingSetup(context) ? go(state, {step: 'current'}) : go(state, {step: 'cancelled', afterCommit: false});
		}

		case 'requirements': {
			if (!needsInvite(context)) {
				return hasExistingSetup(context) ? go(state, {step: 'current'}) : go(state, {step: 'cancelled', afterCommit: false});
			}

			return go(state, {step: 'invite'});
		}

		case 'install': {
			return goRequirements(state);
		}

		case 'installing': {
			// Leaving the screen stops the install: the controller aborts the effect this state no longer waits for.
			const install = state.context.install ?? {output: []};
			return go(state, {step: 'install'}, {install: {...install, outcome: {kind: 'cancelled', tail: install.output.slice(-40)}}});
		}

		case 'install-failed':
		case 'path-fix': {
			return go(state, {step: 'install'});
		}

		case 'auth-method': {
			if (state.unbuilt) {
				return go(state, {step: 'auth-method'});
			}

			return context.mode === 'admin' ? go(state, {step: 'cancelled', afterCommit: false}) : goInstall(state);
		}

		case 'team-review': {
			return goLastField(state);
		}

		case 'discover':
		case 'form':
		case 'method-check':
		case 'method-result': {
			return backInMethod(state) ?? stay(state);
		}

		case 'console-key': {
			return goMethodChoice(state);
		}

		case 'validating':
		case 'key-result': {
			return go(state, {step: 'console-key'});
		}

		case 'secret-storage':
		case 'scope': {
			return specOf(context.method) ? go(state, {step: 'method-result'}) : go(state, {step: 'console-key'});
		}

		case 'review': {
			return go(state, {step: 'scope'}, {plan: undefined});
		}

		case 'verify': {
			return go(state, {step: 'done', outcome: 'saved-unverified'});
		}

		case 'commit':
		case 'done':
		case 'cancelled':
		case 'failed': {
			return stay(state);
		}
	}
}

/**
The invite matters only for Claude for Teams / Enterprise and the Claude Console. A team preset for a
cloud provider or a gateway has settled that nobody is invited, so the step is passed over (shown as
"none needed") instead of asking a question whose answer is known.
*/
function needsInvite(context: Context): boolean {
	const method = context.preset?.method;
	return method === undefined || method === 'claude-ai' || method === 'console-api-key' || method === 'console-login';
}

function goInvite(state: State): Transition {
	return needsInvite(state.context) ? go(state, {step: 'invite'}) : goRequirements({...state, context: {...state.context, invite: 'cloud'}});
}

function hasExistingSetup(context: Context): boolean {
	const detection = context.detection;
	return detection !== undefined && (detection.credential.kind !== 'login-or-none' || detection.helper.installed);
}

function goVerify(state: State, context: Partial<Context> = {}): Transition {
	const merged = {...state.context, ...context};
	const configuration = merged.plan?.configuration;
	return go(state, {step: 'verify'}, {...context, verification: undefined}, id => ({
		type: 'verify',
		id,
		expectedKey: merged.apiKey,
		scope: merged.scope,
		claudePath: merged.claude?.found ? merged.claude.path : undefined,
		...(configuration ? {configuration} : {}),
	}));
}

/**
"Check it works" for a setup made earlier (or by hand): what Claude Code reports must match the
method the settings configure; for a gateway helper, the helper must print a key.
*/
function goVerifyExisting(state: State, method: AuthMethodId): Transition {
	const expectedProvider = method === 'bedrock' || method === 'vertex' || method === 'foundry' ? method : 'firstParty';
	const usesHelper = state.context.detection?.credential.kind === 'api-key-helper';
	const configuration: MethodConfiguration = {
		method,
		env: {},
		settings: {},
		helperSettings: usesHelper ? [{key: 'apiKeyHelper', secret: 'api-key'}] : [],
		secrets: [],
		shellSecrets: [],
		expectedProvider,
	};
	const {claude} = state.context;
	return go(state, {step: 'verify'}, {verification: undefined}, id => ({
		type: 'verify',
		id,
		expectedKey: undefined,
		scope: state.context.scope,
		claudePath: claude?.found ? claude.path : undefined,
		configuration,
	}));
}

/** The configuration being set up: a form method's, or the Console key's. */
function configurationOf(context: Context): MethodConfiguration | undefined {
	if (specOf(context.method)) {
		return context.configuration;
	}

	return context.apiKey === undefined ? undefined : withPresetEnv(consoleKeyConfiguration(context.apiKey), context.preset);
}

/** Whether the setup keeps anything in the keychain (or the file the user agrees to). */
function needsSecretStore(context: Context): boolean {
	const configuration = configurationOf(context);
	return configuration !== undefined && (configuration.secrets.length > 0 || configuration.shellSecrets.length > 0);
}

/**
After a key is accepted: the keychain decides whether the user must first choose where it goes. It is
asked now if it has not been yet (a spinner says so), and a failure leads to the explicit choice.
*/
function afterKeyAccepted(state: State, context: Partial<Context>): Transition {
	if (state.context.backend === 'file' || !needsSecretStore({...state.context, ...context})) {
		return go(state, {step: 'scope'}, context);
	}

	const keychain = state.context.detection?.keychain;
	if (!keychain) {
		return go(state, {step: 'secret-storage'}, context, id => ({type: 'probe-keychain', id}));
	}

	return keychain.ok ? go(state, {step: 'scope'}, context) : go(state, {step: 'secret-storage'}, context);
}

function onIntent(state: State, intent: Exclude<Intent, {type: 'back'} | {type: 'cancel'} | {type: 'screen-failed'}>): Transition {
	if (intent.type === 'submit-key') {
		return state.step === 'console-key' ? submitKey(state, intent.text) : stay(state);
	}

	if (intent.type === 'submit-answer') {
		return submitAnswer(state, intent.text);
	}

	const {value} = intent;
	switch (state.step) {
		case 'current': {
			if (value === 'keep') {
				return go(state, {step: 'done', outcome: 'unchanged'});
			}

			if (value === 'verify') {
				const current = state.context.currentMethod;
				return current && current !== 'console-api-key' ? goVerifyExisting(state, current) : goVerify(state);
			}

			return value === 'reconfigure' ? goInvite(state) : stay(state);
		}

		case 'invite': {
			return chooseInvite(state, value);
		}

		case 'requirements': {
			return chooseInRequirements(state, value);
		}

		case 'install':
		case 'install-failed':
		case 'path-fix': {
			return chooseInInstall(state, value);
		}

		case 'auth-method': {
			const method = findAuthMethod(value);
			if (!method) {
				return stay(state);
			}

			if (!method.isBuilt) {
				return go(state, {step: 'auth-method', unbuilt: method.id});
			}

			return specOf(method.id) || state.context.mode === 'admin' ? goDiscover(state, method.id) : go(state, {step: 'console-key'}, {method: method.id});
		}

		case 'form': {
			// A select field answers with `choose`; text fields with `submit-answer`.
			return submitAnswer(state, value);
		}

		case 'method-result': {
			return chooseAfterChecks(state, value, accepted => afterKeyAccepted(accepted, {}));
		}

		case 'key-result': {
			return chooseAfterKeyCheck(state, value);
		}

		case 'secret-storage': {
			if (value === 'file') {
				return go(state, {step: 'scope'}, {backend: 'file'});
			}

			return value === 'retry' ? go(state, {step: 'secret-storage'}, {}, id => ({type: 'probe-keychain', id})) : stay(state);
		}

		case 'scope': {
			const scope = scopes.find(candidate => candidate === value);
			const configuration = configurationOf(state.context);
			if (!scope || !configuration) {
				return stay(state);
			}

			const {backend} = state.context;
			return go(state, {step: 'review'}, {scope, plan: undefined}, id => ({type: 'plan', id, scope, backend, configuration}));
		}

		case 'team-review': {
			const plan = state.context.team?.plan;
			if (value === 'confirm' && plan && !state.problem) {
				return go(state, {step: 'team-review'}, {}, id => ({type: 'write-team', id, plan}));
			}

			return value === 'back' ? goLastField(state) : stay(state);
		}

		case 'review': {
			const {plan} = state.context;
			if (value !== 'confirm' || !plan || state.problem) {
				return stay(state);
			}

			return go(state, {step: 'commit', isCancelRequested: false}, {}, id => ({type: 'commit', id, plan}));
		}

		default: {
			return stay(state);
		}
	}
}

function chooseInvite(state: State, value: string): Transition {
	if (value === 'console' || value === 'claude-ai') {
		const url = value === 'console' ? pages.console : pages.claudeAi;
		return go(state, {step: 'invite'}, {invite: value}, id => ({type: 'open-browser', id, url}));
	}

	if (value === 'cloud' || value === 'accepted') {
		return goRequirements({...state, context: {...state.context, invite: value}});
	}

	return value === 'continue' && state.step === 'invite' && state.opened ? goRequirements(state) : stay(state);
}

function submitKey(state: State, text: string): Transition {
	const key = normalizePastedKey(text);
	const problem = checkKeyFormat(key);
	if (problem) {
		return go(state, {step: 'console-key', problem}, {apiKey: undefined});
	}

	return go(state, {step: 'validating'}, {apiKey: key, keyCheck: undefined}, id => ({type: 'check-key', id, key}));
}

function chooseAfterKeyCheck(state: State, value: string): Transition {
	const {apiKey, keyCheck} = state.context;
	if (value === 'retry' && apiKey !== undefined) {
		return go(state, {step: 'validating'}, {}, id => ({type: 'check-key', id, key: apiKey}));
	}

	if (value === 'keep' && keyCheck && canKeepKeyAnyway(keyCheck)) {
		return afterKeyAccepted(state, {});
	}

	return value === 'change' ? go(state, {step: 'console-key'}, {apiKey: undefined}) : stay(state);
}

function onResult(state: State, result: EffectResult): Transition {
	const setup = onSetupResult(state, result) ?? onMethodResult(state, result);
	if (setup) {
		return setup;
	}

	switch (result.type) {
		case 'detected': {
			const context = {detection: result.detection, ...(result.detection.method ? {currentMethod: result.detection.method} : {})};
			const next = {...state, context: {...state.context, ...context}};
			return hasExistingSetup(next.context) ? go(next, {step: 'current'}) : goInvite(next);
		}

		case 'browser-opened': {
			return go(state, {step: 'invite', opened: {url: result.url, isOpened: result.isOpened}});
		}

		case 'key-checked': {
			if (result.outcome.kind === 'valid') {
				return afterKeyAccepted(state, {keyCheck: result.outcome});
			}

			if (result.outcome.kind === 'rejected') {
				return go(state, {step: 'console-key', problem: 'rejected'}, {keyCheck: result.outcome, apiKey: undefined});
			}

			return go(state, {step: 'key-result', outcome: result.outcome}, {keyCheck: result.outcome});
		}

		case 'keychain-probed': {
			const detection = state.context.detection ? {...state.context.detection, keychain: result.health} : undefined;
			const next = {...state, context: {...state.context, detection}};
			const isRetried = state.context.detection?.keychain !== undefined;
			return result.health.ok ? go(next, {step: 'scope'}, {backend: 'keychain'}) : go(next, {step: 'secret-storage', isRetried});
		}

		case 'planned': {
			return go(state, {step: 'review'}, {plan: result.plan});
		}

		case 'plan-failed': {
			return go(state, {step: 'review', problem: result.problem});
		}

		case 'committed': {
			if (state.step === 'commit' && state.isCancelRequested) {
				return go(state, {step: 'cancelled', afterCommit: true}, {commit: result.result});
			}

			return goVerify(state, {commit: result.result});
		}

		case 'commit-failed':
		case 'effect-failed': {
			return go(state, {step: 'failed', message: result.message});
		}

		case 'verified': {
			const verification = result.verification;
			const isVerified =
				verification.kind === 'checked' &&
				(verification.expectedProvider === undefined ? verification.usesHelper && verification.helperReturnsKey : verification.isProviderRight === true);
			return go(state, {step: 'done', outcome: isVerified ? 'verified' : 'saved-unverified'}, {verification});
		}

		default: {
			return stay(state);
		}
	}
}
