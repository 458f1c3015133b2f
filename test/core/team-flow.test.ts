import {describe, expect, it} from 'vitest';
import {findField, type Discovery} from '../../source/core/auth/form.js';
import type {AuthMethodId} from '../../source/core/auth/methods.js';
import {specOf} from '../../source/core/auth/specs/index.js';
import type {Preset} from '../../source/core/team/preset.js';
import {activeSpec, adminFields} from '../../source/core/wizard/active-spec.js';
import type {Effect} from '../../source/core/wizard/effects.js';
import type {WizardEvent} from '../../source/core/wizard/events.js';
import {presetFromAdminAnswers} from '../../source/core/wizard/method-steps.js';
import {initialState, type Detection, type State, type TeamPlan} from '../../source/core/wizard/state.js';
import {transition} from '../../source/core/wizard/transition.js';
import {snapshot} from '../helpers/snapshots.js';
import {allMethodIds, orgUuid, validPresets} from '../helpers/team-presets.js';

/**
The team rollout through the pure transition: the administrator's `claude-setup team` from the method
list to the written files, and a teammate's `--preset` run from the install step to the plan.
*/

type Step = {state: State; effects: Effect[]};

/** The administrator's starting state, as source/wizard.tsx's startingState builds it for `mode: 'admin'`. */
function adminStart(): State {
	const state = initialState();
	return {step: 'auth-method', context: {...state.context, mode: 'admin'}, nextId: state.nextId};
}

/** A teammate's starting state with `--preset`, as startingState builds it. */
function presetStart(preset: Preset): State {
	const state = initialState();
	return {...state, context: {...state.context, preset}};
}

function send(from: Step, event: WizardEvent | ((step: Step) => WizardEvent)): Step {
	return transition(from.state, typeof event === 'function' ? event(from) : event);
}

/** The result of the effect the state waits for. */
function reply(step: Step, result: Record<string, unknown> & {type: string}): Step {
	expect(step.effects, `an effect to answer with ${result.type} (at ${step.state.step})`).toHaveLength(1);
	return transition(step.state, {...result, id: step.effects[0]!.id} as WizardEvent);
}

const choose = (value: string): WizardEvent => ({type: 'choose', value});
const back: WizardEvent = {type: 'back'};

const detection: Detection = {
	snapshots: [snapshot('user', undefined), snapshot('project', undefined), snapshot('local', undefined)],
	credential: {kind: 'login-or-none'},
	helper: {command: "'/h/api-key-helper'", directory: '/h', installed: false},
	keychain: {ok: true, backendName: 'Secret Service'},
	isStoredKeyMissing: false,
};

const adminTextAnswers: Record<string, string> = {
	url: 'https://llm.example.com',
	project: 'acme-claude-prod',
	region: 'eu-west-1',
	endpoint: 'acme-ai',
	'team.name': 'Acme Platform',
	'team.orgUuid': orgUuid,
	'team.proxy': 'http://proxy.example.com:8080',
	'team.caCert': '/etc/ssl/certs/corp-ca.pem',
	'team.presetUrl': 'https://intranet.example.com/claude-setup-preset.json',
	'team.directory': '/srv/team-files',
};

const personalTextAnswers: Record<string, string> = {
	token: 'gw-personal-token-0123456789',
	accessKeyId: ['AKIA', 'TESTNOTREAL12345'].join(''),
	secretAccessKey: 'not-a-real-secret-access-key-0123456789',
	bearerToken: 'not-a-real-bedrock-api-key',
	apiKey: 'not-a-real-foundry-key',
	email: 'dev@example.com',
};

/**
Answers every question the wizard puts until the form is over: a select with its preselected (or
given) option, a text with the table's value or its prefilled one. Returns the ids asked, in order.
*/
function answerForm(start: Step, texts: Record<string, string>, selects: Record<string, string> = {}): {end: Step; asked: string[]} {
	let step = start;
	const asked: string[] = [];
	while (step.state.step === 'form') {
		const {state} = step;
		const spec = activeSpec(state.context);
		const field = spec ? findField(spec, state.field) : undefined;
		expect(field, `the field ${state.step === 'form' ? state.field : ''} in the active form`).toBeDefined();
		expect(asked, `asked ${field!.id} twice`).not.toContain(field!.id);
		asked.push(field!.id);
		const answers = state.context.answers ?? {};
		const discovery = state.context.discovery ?? {};
		if (field!.kind === 'select') {
			const options = field!.options?.(answers, discovery) ?? [];
			const value = selects[field!.id] ?? field!.initial?.(answers, discovery) ?? options[0]?.value;
			step = send(step, choose(value!));
		} else {
			const text = texts[field!.id] ?? field!.initial?.(answers, discovery) ?? '';
			step = send(step, {type: 'submit-answer', text});
		}

		expect(step.state.step === 'form' && step.state.problem, `the answer to ${field!.id} was refused`).toBeFalsy();
		expect(asked.length).toBeLessThan(30);
	}

	return {end: step, asked};
}

function discoveryFor(method: AuthMethodId): Discovery {
	return method === 'bedrock'
		? {awsProfiles: [{name: 'acme-dev', kind: 'sso', region: 'eu-west-1', hasStaticKeys: false, sources: ['config'], problems: []}], awsProblems: [], awsInstalled: true}
		: {};
}

describe("the administrator's claude-setup team", () => {
	it('starts on the method list, with nothing to detect', () => {
		const state = adminStart();
		expect(state.step).toBe('auth-method');
		expect(state.pendingId).toBeUndefined();
	});

	const expectedQuestions: Record<AuthMethodId, string[]> = {
		gateway: ['url', 'credential'],
		bedrock: ['region', 'model', 'smallModel'],
		vertex: ['project', 'region', 'model', 'smallModel'],
		foundry: ['endpoint', 'auth', 'sonnet', 'opus', 'haiku'],
		'claude-ai': ['how', 'lock'],
		'console-login': ['how'],
		'console-api-key': [],
	};
	const loginTeamFields = (method: AuthMethodId) => (method === 'claude-ai' || method === 'console-login' ? ['team.orgUuid'] : []);

	it.each(allMethodIds)('%s: only the team questions, then the files to write', method => {
		let step = send({state: adminStart(), effects: []}, choose(method));
		// The method's own look-around first (AWS profiles, gcloud project), when it has one.
		if (step.state.step === 'discover') {
			expect(step.effects).toEqual([{type: 'discover', id: step.state.pendingId, method}]);
			step = reply(step, {type: 'discovered', discovery: discoveryFor(method)});
		}

		expect(step.state.step, 'choosing a method leads to its team questions (never to a key field)').toBe('form');

		const {end, asked} = answerForm(step, adminTextAnswers);
		expect(asked).toEqual([...expectedQuestions[method], 'team.name', ...loginTeamFields(method), 'team.proxy', 'team.caCert', 'team.presetUrl', 'team.directory']);
		const spec = specOf(method);
		for (const id of asked) {
			expect(spec ? findField(spec, id)?.isPersonal : undefined, `${id} is personal`).toBeFalsy();
		}

		// The plan of the three files, made from exactly these answers.
		expect(end.state.step).toBe('team-review');
		const answers = end.state.context.answers ?? {};
		expect(end.effects).toEqual([
			{
				type: 'plan-team',
				id: end.state.pendingId,
				directory: '/srv/team-files',
				preset: presetFromAdminAnswers(method, answers),
				presetReference: 'https://intranet.example.com/claude-setup-preset.json',
			},
		]);
		const preset = (end.effects[0] as Extract<Effect, {type: 'plan-team'}>).preset;
		expect(preset).toMatchObject({method, team: 'Acme Platform', env: {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'}});
		expect(Object.keys(preset.answers).sort()).toEqual([...expectedQuestions[method]].sort());
		expect(preset.orgUuid).toBe(loginTeamFields(method).length > 0 ? orgUuid : undefined);
	});

	describe('review, confirm, written', () => {
		const plan: TeamPlan = {
			directory: '/srv/team-files',
			files: [{name: 'claude-setup-preset.json', path: '/srv/team-files/claude-setup-preset.json', text: '{}\n', exists: false}],
		};

		function toReview(): Step {
			let step = send({state: adminStart(), effects: []}, choose('gateway'));
			step = reply(step, {type: 'discovered', discovery: {}});
			return answerForm(step, adminTextAnswers).end;
		}

		it('team-planned shows the plan; confirm writes it; team-written is done', () => {
			let step = reply(toReview(), {type: 'team-planned', plan});
			expect(step.state).toMatchObject({step: 'team-review', context: {team: {plan}}});
			expect(step.state.pendingId).toBeUndefined();
			expect(step.effects).toEqual([]);

			step = send(step, choose('confirm'));
			expect(step.state.step).toBe('team-review');
			expect(step.effects).toEqual([{type: 'write-team', id: step.state.pendingId, plan}]);

			step = reply(step, {type: 'team-written', paths: ['/srv/team-files/claude-setup-preset.json']});
			expect(step.state).toMatchObject({step: 'done', outcome: 'team-written', context: {team: {plan, written: ['/srv/team-files/claude-setup-preset.json']}}});
		});

		it('confirm before the plan is there does nothing', () => {
			const step = send(toReview(), choose('confirm'));
			expect(step.effects).toEqual([]);
		});

		it('a plan that failed shows why, and confirm writes nothing', () => {
			let step = reply(toReview(), {type: 'team-plan-failed', message: '/srv/team-files is a file, not a folder.'});
			expect(step.state).toMatchObject({step: 'team-review', problem: '/srv/team-files is a file, not a folder.'});
			step = send(step, choose('confirm'));
			expect(step.effects).toEqual([]);
		});

		it('a write that failed shows why', () => {
			let step = reply(toReview(), {type: 'team-planned', plan});
			step = send(step, choose('confirm'));
			step = reply(step, {type: 'team-write-failed', message: 'EACCES'});
			expect(step.state).toMatchObject({step: 'team-review', problem: 'EACCES'});
		});

		it('Back from the review returns to the folder question, answers kept', () => {
			const step = send(reply(toReview(), {type: 'team-planned', plan}), back);
			expect(step.state).toMatchObject({step: 'form', field: 'team.directory'});
			expect(step.state.context.answers?.['url']).toBe('https://llm.example.com');
		});

		it('"No, go back" on the review does the same', () => {
			const step = send(reply(toReview(), {type: 'team-planned', plan}), choose('back'));
			expect(step.state).toMatchObject({step: 'form', field: 'team.directory'});
		});
	});

	it('Back from the first question returns to the method list; Back from there cancels', () => {
		let step = send({state: adminStart(), effects: []}, choose('gateway'));
		step = reply(step, {type: 'discovered', discovery: {}});
		expect(step.state).toMatchObject({step: 'form', field: 'url'});
		step = send(step, back);
		expect(step.state.step).toBe('auth-method');
		step = send(step, back);
		expect(step.state).toMatchObject({step: 'cancelled', afterCommit: false});
	});

	it('a bad organization ID or proxy is refused where it is typed', () => {
		let step = send({state: adminStart(), effects: []}, choose('claude-ai'));
		step = reply(step, {type: 'discovered', discovery: {}});
		step = send(step, choose('browser'));
		step = send(step, choose('no'));
		step = send(step, {type: 'submit-answer', text: ''});
		expect(step.state).toMatchObject({step: 'form', field: 'team.orgUuid'});
		step = send(step, {type: 'submit-answer', text: 'acme'});
		expect(step.state).toMatchObject({step: 'form', field: 'team.orgUuid', problem: expect.stringContaining('UUID')});
		step = send(step, {type: 'submit-answer', text: ''});
		step = send(step, {type: 'submit-answer', text: 'proxy.example.com:8080'});
		expect(step.state).toMatchObject({step: 'form', field: 'team.proxy', problem: expect.stringContaining('http://proxy.example.com:8080')});
	});

	it('the admin fields are optional except the folder, which starts at "."', () => {
		const directory = adminFields.find(field => field.id === 'team.directory');
		expect(directory?.initial?.({}, {})).toBe('.');
		expect(adminFields.filter(field => !field.isOptional).map(field => field.id)).toEqual(['team.directory']);
	});
});

const invitedMethods = new Set(['claude-ai', 'console-api-key', 'console-login']);

describe('a teammate with --preset', () => {
	/** From the start to the install step's Continue, as a teammate with an invite already accepted walks it. */
	function toInstalled(preset: Preset): Step {
		let step: Step = {state: presetStart(preset), effects: [{type: 'detect', id: 0}]};
		step = reply(step, {type: 'detected', detection});
		if (invitedMethods.has(preset.method)) {
			expect(step.state.step).toBe('invite');
			step = send(step, choose('accepted'));
		}

		expect(step.state.step).toBe('requirements');
		step = reply(step, {type: 'requirements-checked'});
		step = send(step, choose('continue'));
		expect(step.state.step).toBe('install');
		return reply(step, {
			type: 'installs-detected',
			installs: [{kind: 'native', path: '/home/u/.local/bin/claude', version: '2.1.331', isOnPath: true}],
			methods: [],
			claude: {found: true, version: '2.1.331', path: '/home/u/.local/bin/claude'},
		});
	}

	it.each(allMethodIds)('%s: the invite is asked only where there is one (Teams / Enterprise, Console)', method => {
		const step = reply({state: presetStart(validPresets[method]), effects: [{type: 'detect', id: 0}]}, {type: 'detected', detection});
		if (invitedMethods.has(method)) {
			expect(step.state.step).toBe('invite');
		} else {
			expect(step.state).toMatchObject({step: 'requirements', context: {invite: 'cloud'}});
			// Back from the first screen it shows leaves, as Back from the invite would.
			expect(send(step, back).state).toMatchObject({step: 'cancelled', afterCommit: false});
		}
	});

	it.each(allMethodIds.filter(method => method !== 'console-api-key'))('%s: Continue after the install goes straight to the method, never the method list', method => {
		const step = send(toInstalled(validPresets[method]), choose('continue'));
		expect(step.state.step).toBe('discover');
		expect(step.effects).toEqual([{type: 'discover', id: step.state.pendingId, method}]);
		expect(step.state.context.answers).toEqual(validPresets[method].answers);
	});

	it('console-api-key: Continue after the install goes to the key field, never the method list', () => {
		let step = send(toInstalled(validPresets['console-api-key']), choose('continue'));
		if (step.state.step === 'discover') {
			step = reply(step, {type: 'discovered', discovery: {}});
		}

		expect(step.state.step).toBe('console-key');
		expect(step.state.context.method).toBe('console-api-key');
	});

	it('console-api-key: Back from the key field returns to the install step', () => {
		let step = send(toInstalled(validPresets['console-api-key']), choose('continue'));
		if (step.state.step === 'discover') {
			step = reply(step, {type: 'discovered', discovery: {}});
		}

		step = send(step, back);
		expect(step.state.step).toBe('install');
	});

	it("console-api-key: the team's env joins the key's configuration", () => {
		let step = send(toInstalled(validPresets['console-api-key']), choose('continue'));
		if (step.state.step === 'discover') {
			step = reply(step, {type: 'discovered', discovery: {}});
		}

		const key = ['sk-ant-api03', 'FLOW', 'not-a-real-key', 'x'.repeat(40)].join('-');
		step = send(step, {type: 'submit-key', text: key});
		expect(step.state.step).toBe('validating');
		step = reply(step, {type: 'key-checked', outcome: {kind: 'valid'}});
		expect(step.state.step).toBe('scope');
		step = send(step, choose('user'));
		expect(step.effects[0]).toMatchObject({
			type: 'plan',
			configuration: {method: 'console-api-key', env: {HTTPS_PROXY: 'http://proxy.example.com:8080', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corp-ca.pem'}},
		});
	});

	it.each(allMethodIds.filter(method => method !== 'console-api-key'))('%s: the fixed questions are never asked; the answers hold the preset\'s', method => {
		const preset = validPresets[method];
		let step = send(toInstalled(preset), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: discoveryFor(method)});
		const {end, asked} = answerForm(step, personalTextAnswers, {auth: method === 'bedrock' ? 'keys' : 'entra'});
		for (const id of Object.keys(preset.answers)) {
			expect(asked, `${id} is fixed by the preset`).not.toContain(id);
		}

		expect(end.state.step).toBe('method-check');
		const check = end.effects[0];
		expect(check).toMatchObject({type: 'check-method', method});
		const answers = (check as Extract<Effect, {type: 'check-method'}>).answers;
		expect(answers).toMatchObject(preset.answers);
		expect(end.state.context.answers).toMatchObject(preset.answers);
	});

	it('gateway: only the token is asked', () => {
		let step = send(toInstalled(validPresets.gateway), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: {}});
		expect(answerForm(step, personalTextAnswers).asked).toEqual(['token']);
	});

	it('bedrock: only the credentials are asked (the profile, with one found)', () => {
		let step = send(toInstalled(validPresets.bedrock), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: discoveryFor('bedrock')});
		expect(answerForm(step, personalTextAnswers, {auth: 'profile'}).asked).toEqual(['auth', 'profile']);
	});

	it.each([
		['gateway', {}],
		['bedrock', discoveryFor('bedrock')],
	] as const)('%s: Back from the first question goes to the install step, not the method list', (method, discovery) => {
		let step = send(toInstalled(validPresets[method]), choose('continue'));
		step = reply(step, {type: 'discovered', discovery});
		expect(step.state.step).toBe('form');
		step = send(step, back);
		expect(step.state.step).toBe('install');
		expect(step.effects.map(effect => effect.type)).toEqual(['detect-installs']);
	});

	it('Back while discovering goes to the install step too', () => {
		const step = send(send(toInstalled(validPresets.gateway), choose('continue')), back);
		expect(step.state.step).toBe('install');
	});

	it('vertex with every question fixed: straight to the check, and Back from it to the install step', () => {
		let step = send(toInstalled(validPresets.vertex), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: {}});
		expect(step.state.step).toBe('method-check');
		step = reply(step, {type: 'method-checked', checks: [{id: 'adc', outcome: 'pass', title: 'ok'}]});
		step = send(step, back);
		expect(step.state.step).toBe('install');
	});

	it("gateway: after the checks the configuration carries the team's env, and so does the plan", () => {
		let step = send(toInstalled(validPresets.gateway), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: {}});
		step = answerForm(step, personalTextAnswers).end;
		step = reply(step, {type: 'method-checked', checks: [{id: 'gateway', outcome: 'pass', title: 'The gateway accepts the credential'}]});
		expect(step.state.step).toBe('method-result');
		step = send(step, choose('continue'));
		expect(step.state.step).toBe('scope');
		const {configuration} = step.state.context;
		expect(configuration?.env).toEqual({ANTHROPIC_BASE_URL: 'https://llm.example.com', HTTPS_PROXY: 'http://proxy.example.com:8080'});
		expect(configuration?.secrets).toEqual([{purpose: 'api-key', value: personalTextAnswers['token'], label: 'gateway token'}]);

		step = send(step, choose('user'));
		expect(step.effects[0]).toMatchObject({type: 'plan', scope: 'user', configuration: {env: {HTTPS_PROXY: 'http://proxy.example.com:8080'}}});
	});

	it("a method's own variable wins over a team env of the same name", () => {
		// parsePreset refuses such a preset; the merge order is what keeps a hand-made one harmless.
		const preset: Preset = {...validPresets.gateway, env: {ANTHROPIC_BASE_URL: 'https://elsewhere.example.com'}};
		let step = send(toInstalled(preset), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: {}});
		step = answerForm(step, personalTextAnswers).end;
		step = reply(step, {type: 'method-checked', checks: [{id: 'gateway', outcome: 'pass', title: 'ok'}]});
		step = send(step, choose('continue'));
		expect(step.state.context.configuration?.env['ANTHROPIC_BASE_URL']).toBe('https://llm.example.com');
	});

	it('"Change my answers" asks only the personal questions again', () => {
		let step = send(toInstalled(validPresets.gateway), choose('continue'));
		step = reply(step, {type: 'discovered', discovery: {}});
		step = answerForm(step, personalTextAnswers).end;
		step = reply(step, {type: 'method-checked', checks: [{id: 'gateway', outcome: 'fail', title: 'rejected'}]});
		step = send(step, choose('change'));
		expect(step.state).toMatchObject({step: 'form', field: 'token'});
	});
});
