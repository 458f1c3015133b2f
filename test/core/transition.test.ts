import {consoleKeyConfiguration} from '../../source/core/auth/console-key.js';
import {describe, expect, it} from 'vitest';
import type {Effect} from '../../source/core/wizard/effects.js';
import type {WizardEvent} from '../../source/core/wizard/events.js';
import {initialState, type ChangePlan, type Detection, type State} from '../../source/core/wizard/state.js';
import {transition} from '../../source/core/wizard/transition.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {snapshot} from '../helpers/snapshots.js';

const key = fakeApiKey();

const emptyDetection: Detection = {
	snapshots: [snapshot('user', undefined), snapshot('project', undefined), snapshot('local', undefined)],
	credential: {kind: 'login-or-none'},
	helper: {command: "'/h/api-key-helper'", directory: '/h', installed: false},
	keychain: {ok: true, backendName: 'Secret Service'},
	isStoredKeyMissing: false,
};

const configuredDetection: Detection = {
	...emptyDetection,
	credential: {kind: 'api-key-helper', command: "'/h/api-key-helper'", source: {kind: 'settings', scope: 'user', path: '/u'}},
	helper: {...emptyDetection.helper, installed: true, configured: {ref: {service: 's', account: 'a'}, backend: 'keychain'}},
	storedKeyHint: '••••xxxx',
};

const plan: ChangePlan = {
	scope: 'user',
	path: '/u/settings.json',
	beforeText: '',
	afterText: '{}\n',
	diff: [],
	fileExists: false,
	files: [{kind: 'settings', scope: 'user', path: '/u/settings.json', beforeText: '', afterText: '{}\n', diff: [], fileExists: false}],
	secrets: [{ref: {service: 's', account: 'a'}, backend: 'keychain', location: 'keychain', replaces: false, label: 'Anthropic API key', value: 'k'}],
	removeSecrets: [],
	helperCommand: "'/h/api-key-helper'",
	helperDirectory: '/h',
	overrides: [],
	shellOverrides: [],
	remainingElsewhere: [],
	configuration: consoleKeyConfiguration('k'),
};

/** Runs events from the initial state, answering each effect as the given event would. */
function run(events: Array<WizardEvent | ((state: State, effects: Effect[]) => WizardEvent)>): {state: State; effects: Effect[]} {
	let state = initialState();
	let effects: Effect[] = [{type: 'detect', id: 0}];
	for (const item of events) {
		const event = typeof item === 'function' ? item(state, effects) : item;
		({state, effects} = transition(state, event));
	}

	return {state, effects};
}

const idOf = (effects: Effect[]) => effects[0]?.id ?? -1;
const detected = (detection: Detection) => (_: State, effects: Effect[]): WizardEvent => ({type: 'detected', id: idOf(effects), detection});
const choose = (value: string): WizardEvent => ({type: 'choose', value});
const back: WizardEvent = {type: 'back'};
const cancel: WizardEvent = {type: 'cancel'};

const toInvite = [detected(emptyDetection)];
const toRequirements = [...toInvite, choose('accepted')];
const requirementsChecked = (_: State, effects: Effect[]): WizardEvent => ({type: 'requirements-checked', id: idOf(effects)});
const toInstall = [...toRequirements, requirementsChecked, choose('continue')];
const installsDetected = (_: State, effects: Effect[]): WizardEvent => ({
	type: 'installs-detected',
	id: idOf(effects),
	installs: [{kind: 'native', path: '/home/u/.local/bin/claude', version: '2.1.331', isOnPath: true}],
	methods: [],
	claude: {found: true, version: '2.1.331', path: '/home/u/.local/bin/claude'},
});
const toAuthMethod = [...toInstall, installsDetected, choose('continue')];
const toConsoleKey = [...toAuthMethod, choose('console-api-key')];
const toValidating = [...toConsoleKey, {type: 'submit-key', text: `  ${key}\n`} as WizardEvent];
const keyValid = (_: State, effects: Effect[]): WizardEvent => ({type: 'key-checked', id: idOf(effects), outcome: {kind: 'valid'}});
const toScope = [...toValidating, keyValid];
const toReviewPending = [...toScope, choose('user')];
const toReview = [...toReviewPending, (_: State, effects: Effect[]): WizardEvent => ({type: 'planned', id: idOf(effects), plan})];
const toCommit = [...toReview, choose('confirm')];
const toVerify = [...toCommit, (_: State, effects: Effect[]): WizardEvent => ({type: 'committed', id: idOf(effects), result: {path: '/u/settings.json'}})];

describe('forward through the Console API-key path', () => {
	it.each([
		['invite after detecting nothing', toInvite, 'invite', []],
		['requirements after "already accepted", checking', toRequirements, 'requirements', ['check-requirements']],
		['install, looking for existing installs', toInstall, 'install', ['detect-installs']],
		['auth method after install', toAuthMethod, 'auth-method', []],
		['console key after choosing the method', toConsoleKey, 'console-key', []],
		['validating, with a check-key effect', toValidating, 'validating', ['check-key']],
		['scope after a valid key', toScope, 'scope', []],
		['review, planning the change', toReviewPending, 'review', ['plan']],
		['review with the plan', toReview, 'review', []],
		['commit after confirming', toCommit, 'commit', ['commit']],
		['verify after the commit', toVerify, 'verify', ['verify']],
	] as const)('%s', (_name, events, step, effectTypes) => {
		const {state, effects} = run([...events]);
		expect(state.step).toBe(step);
		expect(effects.map(effect => effect.type)).toEqual(effectTypes);
	});

	it('cleans the pasted key before checking it and keeps it for the commit', () => {
		const {effects, state} = run(toValidating);
		expect(effects[0]).toMatchObject({type: 'check-key', key});
		expect(state.context.apiKey).toBe(key);
		const commit = run(toCommit).effects[0];
		expect(commit).toMatchObject({type: 'commit', plan});
		const planEffect = run(toReviewPending).effects[0];
		expect(planEffect).toMatchObject({type: 'plan', configuration: {secrets: [{purpose: 'api-key', value: key}]}});
	});

	it('ends verified only when the helper prints the key and claude uses it', () => {
		const verified = (usesHelper: boolean, helperReturnsKey: boolean) =>
			run([
				...toVerify,
				(_: State, effects: Effect[]): WizardEvent => ({
					type: 'verified',
					id: idOf(effects),
					verification: {kind: 'checked', usesHelper, helperReturnsKey, authMethod: 'api_key_helper'},
				}),
			]).state;
		expect(verified(true, true)).toMatchObject({step: 'done', outcome: 'verified'});
		expect(verified(false, true)).toMatchObject({step: 'done', outcome: 'saved-unverified'});
		expect(verified(true, false)).toMatchObject({step: 'done', outcome: 'saved-unverified'});
	});
});

describe('Back (Esc) from every step', () => {
	it.each([
		['invite with nothing configured quits', toInvite, 'cancelled'],
		['requirements -> invite', toRequirements, 'invite'],
		['install -> requirements (checked again)', toInstall, 'requirements'],
		['auth method -> install', toAuthMethod, 'install'],
		['console key -> auth method', toConsoleKey, 'auth-method'],
		['validating -> console key', toValidating, 'console-key'],
		['scope -> console key', toScope, 'console-key'],
		['review -> scope', toReview, 'scope'],
		['commit stays (it cannot be half-done)', toCommit, 'commit'],
		['verify -> done without the check', toVerify, 'done'],
	] as const)('%s', (_name, events, step) => {
		expect(run([...events, back]).state.step).toBe(step);
	});

	it('returns to the current setup from the invite when something is configured', () => {
		const {state} = run([detected(configuredDetection), choose('reconfigure'), back]);
		expect(state.step).toBe('current');
	});

	it('drops a result that arrives after Back, even when the same request is made again', () => {
		const first = run(toValidating);
		const staleId = idOf(first.effects);
		const {state, effects} = run([...toValidating, back, {type: 'submit-key', text: key}]);
		expect(idOf(effects)).not.toBe(staleId);
		const late = transition(state, {type: 'key-checked', id: staleId, outcome: {kind: 'valid'}});
		expect(late.state).toBe(state);
		expect(late.effects).toEqual([]);
	});
});

describe('Cancel (Ctrl-C) from every step', () => {
	it.each([
		['detect', [], false],
		['invite', toInvite, false],
		['requirements', toRequirements, false],
		['install', toInstall, false],
		['auth method', toAuthMethod, false],
		['console key', toConsoleKey, false],
		['validating', toValidating, false],
		['scope', toScope, false],
		['review', toReview, false],
		['verify', toVerify, true],
	] as const)('%s -> cancelled', (_name, events, afterCommit) => {
		const {state, effects} = run([...events, cancel]);
		expect(state).toMatchObject({step: 'cancelled', afterCommit});
		expect(effects).toEqual([]);
	});

	it('waits for a running commit to finish, then stops without verifying', () => {
		const during = run([...toCommit, cancel]).state;
		expect(during).toMatchObject({step: 'commit', isCancelRequested: true});
		const after = run([
			...toCommit,
			cancel,
			(_: State) => ({type: 'committed', id: (during.pendingId ?? -1), result: {path: '/u/settings.json'}}),
		]);
		expect(after.state).toMatchObject({step: 'cancelled', afterCommit: true});
		expect(after.effects).toEqual([]);
	});
});

describe('the key', () => {
	it.each([
		['empty', '   \n', 'empty'],
		['admin key', 'sk-ant-admin01-' + 'x'.repeat(30), 'admin-key'],
		['subscription token', 'sk-ant-oat01-' + 'x'.repeat(30), 'oauth-token'],
		['something else', 'hello-world', 'not-an-api-key'],
	] as const)('refuses %s without checking it', (_name, text, problem) => {
		const {state, effects} = run([...toConsoleKey, {type: 'submit-key', text}]);
		expect(state).toMatchObject({step: 'console-key', problem});
		expect(effects).toEqual([]);
	});

	it('sends a rejected key (401) back to the input and forgets it', () => {
		const {state} = run([
			...toValidating,
			(_: State, effects: Effect[]) => ({type: 'key-checked', id: idOf(effects), outcome: {kind: 'rejected', status: 401}}),
		]);
		expect(state).toMatchObject({step: 'console-key', problem: 'rejected'});
		expect(state.context.apiKey).toBeUndefined();
	});

	it('lets the user keep a key only by choosing to when the network failed', () => {
		const failed = [
			...toValidating,
			(_: State, effects: Effect[]): WizardEvent => ({type: 'key-checked', id: idOf(effects), outcome: {kind: 'network-error', message: 'refused'}}),
		];
		expect(run(failed).state.step).toBe('key-result');
		expect(run([...failed, choose('keep')]).state.step).toBe('scope');
		expect(run([...failed, choose('retry')]).effects[0]).toMatchObject({type: 'check-key', key});
		expect(run([...failed, choose('change')]).state.step).toBe('console-key');
	});

	it('asks where to keep the key when the keychain is unavailable, and never falls back silently', () => {
		const noKeychain: Detection = {...emptyDetection, keychain: {ok: false, reason: 'No Secret Service', fix: 'start it'}};
		const events = [detected(noKeychain), ...toScope.slice(1)];
		const {state} = run(events);
		expect(state.step).toBe('secret-storage');
		expect(state.context.backend).toBe('keychain');
		const chosen = run([...events, choose('file')]).state;
		expect(chosen).toMatchObject({step: 'scope', context: {backend: 'file'}});
		const scoped = run([...events, choose('file'), choose('local')]);
		expect(scoped.effects[0]).toMatchObject({type: 'plan', scope: 'local', backend: 'file'});
	});
});

describe('a second run', () => {
	it('shows the current setup instead of starting over', () => {
		expect(run([detected(configuredDetection)]).state.step).toBe('current');
	});

	it.each([
		['keep', 'done', []],
		['verify', 'verify', ['verify']],
		['reconfigure', 'invite', []],
	] as const)('"%s" goes to %s', (choice, step, effectTypes) => {
		const {state, effects} = run([detected(configuredDetection), choose(choice)]);
		expect(state.step).toBe(step);
		expect(effects.map(effect => effect.type)).toEqual(effectTypes);
	});
});

describe('methods with a form', () => {
	// Every method is built now: the form methods look at the machine first, and Back returns to the list.
	it.each(['claude-ai', 'console-login', 'bedrock', 'vertex', 'foundry', 'gateway'])('%s starts with discovery', method => {
		const {state, effects} = run([...toAuthMethod, choose(method)]);
		expect(state).toMatchObject({step: 'discover'});
		expect(effects).toEqual([expect.objectContaining({type: 'discover', method})]);
		const afterBack = run([...toAuthMethod, choose(method), back]).state;
		expect(afterBack.step).toBe('auth-method');
		expect('unbuilt' in afterBack && afterBack.unbuilt).toBeFalsy();
	});
});

describe('review', () => {
	it('never commits while the file cannot be parsed', () => {
		const {state, effects} = run([
			...toReviewPending,
			(_: State, fx: Effect[]) => ({type: 'plan-failed', id: idOf(fx), problem: {kind: 'unparsable', path: '/u', problem: {message: 'x', line: 2, column: 3}}}),
			choose('confirm'),
		]);
		expect(state.step).toBe('review');
		expect(effects).toEqual([]);
	});

	it('does not confirm before the plan is ready', () => {
		const {state, effects} = run([...toReviewPending, choose('confirm')]);
		expect(state.step).toBe('review');
		expect(effects).toEqual([]);
	});
});

describe('the keychain is asked only once a key is in hand', () => {
	const unprobed: Detection = {...emptyDetection, keychain: undefined};
	const accepted = [detected(unprobed), ...toScope.slice(1)];

	it('probes after the key is accepted, showing the keychain step meanwhile', () => {
		const {state, effects} = run(accepted);
		expect(state.step).toBe('secret-storage');
		expect(effects.map(effect => effect.type)).toEqual(['probe-keychain']);
	});

	it('goes on to the scope when it answers, and to the explicit choice (not a retry) when it fails', () => {
		const probed = (health: Detection['keychain']) => (_: State, effects: Effect[]): WizardEvent => ({type: 'keychain-probed', id: idOf(effects), health: health!});
		expect(run([...accepted, probed({ok: true, backendName: 'Secret Service'})]).state.step).toBe('scope');
		const failed = run([...accepted, probed({ok: false, reason: 'No D-Bus session', fix: 'start it'})]).state;
		expect(failed).toMatchObject({step: 'secret-storage', isRetried: false});
		expect(failed.context.detection?.keychain).toMatchObject({ok: false});
	});
});
