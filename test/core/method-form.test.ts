import {describe, expect, it} from 'vitest';
import type {AwsProfile} from '../../source/core/auth/aws-config.js';
import type {Discovery, MethodCheck} from '../../source/core/auth/form.js';
import type {AuthMethodId} from '../../source/core/auth/methods.js';
import type {Effect} from '../../source/core/wizard/effects.js';
import type {WizardEvent} from '../../source/core/wizard/events.js';
import {initialState, type Detection, type State} from '../../source/core/wizard/state.js';
import {transition} from '../../source/core/wizard/transition.js';
import {snapshot} from '../helpers/snapshots.js';

/**
Each method's form, driven through the wizard's pure `transition` from the auth-method list: the
effects are answered by hand, as the controller would with what the ports found.
*/

const claudePath = '/home/u/.local/bin/claude';

function detection(keychain: Detection['keychain']): Detection {
	return {
		snapshots: [snapshot('user', undefined), snapshot('project', undefined), snapshot('local', undefined)],
		credential: {kind: 'login-or-none'},
		helper: {command: "'/h/api-key-helper'", directory: '/h', installed: false},
		...(keychain ? {keychain} : {}),
		isStoredKeyMissing: false,
	};
}

/** A wizard at the auth-method list, reached the way a user reaches it. */
function atAuthMethod(keychain: Detection['keychain'] | 'not probed yet' = {ok: true, backendName: 'Secret Service'}): State {
	let state = initialState();
	const step = (event: WizardEvent | ((current: State) => WizardEvent)) => {
		state = transition(state, typeof event === 'function' ? event(state) : event).state;
	};

	step(current => ({type: 'detected', id: current.pendingId ?? -1, detection: detection(keychain === 'not probed yet' ? undefined : keychain)}));
	step({type: 'choose', value: 'accepted'});
	step(current => ({type: 'requirements-checked', id: current.pendingId ?? -1}));
	step({type: 'choose', value: 'continue'});
	step(current => ({
		type: 'installs-detected',
		id: current.pendingId ?? -1,
		installs: [{kind: 'native', path: claudePath, version: '2.1.331', isOnPath: true}],
		methods: [],
		claude: {found: true, version: '2.1.331', path: claudePath},
	}));
	step({type: 'choose', value: 'continue'});
	expect(state.step).toBe('auth-method');
	return state;
}

/** A small driver: each call moves the wizard and keeps the last effects. */
class Wizard {
	state: State;
	effects: Effect[] = [];

	constructor(state: State) {
		this.state = state;
	}

	send(event: WizardEvent): this {
		({state: this.state, effects: this.effects} = transition(this.state, event));
		return this;
	}

	choose(value: string): this {
		return this.send({type: 'choose', value});
	}

	answer(text: string): this {
		return this.send({type: 'submit-answer', text});
	}

	back(): this {
		return this.send({type: 'back'});
	}

	discovered(discovery: Discovery): this {
		return this.send({type: 'discovered', id: this.pendingId(), discovery});
	}

	checked(checks: MethodCheck[], discovery?: Discovery): this {
		return this.send({type: 'method-checked', id: this.pendingId(), checks, ...(discovery ? {discovery} : {})});
	}

	pendingId(): number {
		return this.state.pendingId ?? -1;
	}

	get field(): string | undefined {
		return this.state.step === 'form' ? this.state.field : undefined;
	}

	get problem(): string | undefined {
		return this.state.step === 'form' ? this.state.problem : undefined;
	}
}

function start(method: AuthMethodId, discovery: Discovery = {}): Wizard {
	const wizard = new Wizard(atAuthMethod()).choose(method);
	expect(wizard.state.step).toBe('discover');
	expect(wizard.effects).toEqual([{type: 'discover', id: wizard.pendingId(), method}]);
	return wizard.discovered(discovery);
}

function profile(name: string, kind: AwsProfile['kind'], region?: string): AwsProfile {
	return {name, kind, ...(region ? {region} : {}), hasStaticKeys: kind === 'static-keys', sources: ['config'], problems: []};
}

const awsDiscovery: Discovery = {awsProfiles: [profile('dev', 'sso', 'eu-west-1'), profile('ci', 'static-keys', 'us-east-1')]};
const pass = (id: string): MethodCheck => ({id, outcome: 'pass', title: `${id} works`});
const fail = (id: string): MethodCheck => ({id, outcome: 'fail', title: `${id} failed`, fix: 'do something'});

describe('the gateway form', () => {
	it('asks URL, credential, token in order, then checks the answers it cleaned', () => {
		const wizard = start('gateway');
		expect(wizard.field).toBe('url');
		wizard.answer('  "https://llm.example.com/"\n');
		expect(wizard.field).toBe('credential');
		expect(wizard.state.context.answers).toEqual({url: 'https://llm.example.com'});
		wizard.choose('helper');
		expect(wizard.field).toBe('token');
		wizard.answer('Bearer gw-token-123');
		expect(wizard.state.step).toBe('method-check');
		expect(wizard.effects).toEqual([
			{
				type: 'check-method',
				id: wizard.pendingId(),
				method: 'gateway',
				answers: {url: 'https://llm.example.com', credential: 'helper', token: 'gw-token-123'},
				discovery: {},
				claudePath,
			},
		]);
	});

	it.each([
		['plain http to another machine', 'http://llm.example.com', /https/],
		['a trailing /v1', 'https://llm.example.com/v1', /trailing \/v1/],
		['not a URL', 'llm example', /not a URL/],
		['nothing', '   ', /cannot be empty/],
	])('keeps the URL question open on %s, with the problem', (_name, text, problem) => {
		const wizard = start('gateway').answer(text);
		expect(wizard.field).toBe('url');
		expect(wizard.problem).toMatch(problem);
		expect(wizard.effects).toEqual([]);
		expect(wizard.state.context.answers).toEqual({});
		// The next good answer clears the problem.
		wizard.answer('https://llm.example.com');
		expect(wizard.field).toBe('credential');
		expect(wizard.problem).toBeUndefined();
	});

	it('refuses an option that is not offered, and a token with a line break', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('magic');
		expect(wizard.field).toBe('credential');
		expect(wizard.problem).toBe('Choose one of the options.');
		wizard.choose('auth-token').answer('abc def');
		expect(wizard.field).toBe('token');
		expect(wizard.problem).toMatch(/spaces/);
	});

	it('walks Back through the asked fields to the method list', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('helper');
		expect(wizard.back().field).toBe('credential');
		expect(wizard.back().field).toBe('url');
		expect(wizard.back().state.step).toBe('auth-method');
		// The answers given are kept while walking back, so the user can change just one.
		expect(wizard.state.context.answers).toEqual({url: 'https://llm.example.com', credential: 'helper'});
	});

	it('skips the token and drops it when the gateway needs no credential', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('helper').answer('tok');
		expect(wizard.state.step).toBe('method-check');
		wizard.back();
		expect(wizard.field).toBe('token');
		wizard.back();
		expect(wizard.field).toBe('credential');
		wizard.choose('none');
		expect(wizard.state.step).toBe('method-check');
		expect(wizard.state.context.answers).toEqual({url: 'https://llm.example.com', credential: 'none'});
		expect(wizard.effects[0]).toMatchObject({type: 'check-method', answers: {url: 'https://llm.example.com', credential: 'none'}});
	});

	it('continues to the scope when the check passed and the keychain is known to work', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('helper').answer('tok').checked([pass('gateway')]);
		expect(wizard.state.step).toBe('method-result');
		expect(wizard.state.context.checks).toEqual([pass('gateway')]);
		wizard.choose('continue');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration).toMatchObject({method: 'gateway', secrets: [{purpose: 'api-key', value: 'tok'}]});
		wizard.choose('user');
		expect(wizard.effects).toEqual([{type: 'plan', id: wizard.pendingId(), scope: 'user', backend: 'keychain', configuration: wizard.state.context.configuration}]);
	});

	it('probes the keychain first when it was not asked yet and a secret must be stored', () => {
		const unprobed = new Wizard(atAuthMethod('not probed yet')).choose('gateway');
		unprobed.discovered({}).answer('https://llm.example.com').choose('helper').answer('tok').checked([pass('gateway')]).choose('continue');
		expect(unprobed.state.step).toBe('secret-storage');
		expect(unprobed.effects).toEqual([{type: 'probe-keychain', id: unprobed.pendingId()}]);
		unprobed.send({type: 'keychain-probed', id: unprobed.pendingId(), health: {ok: true, backendName: 'Secret Service'}});
		expect(unprobed.state).toMatchObject({step: 'scope', context: {backend: 'keychain'}});
	});

	it('does not probe the keychain when nothing is stored', () => {
		const wizard = new Wizard(atAuthMethod('not probed yet')).choose('gateway');
		wizard.discovered({}).answer('https://llm.example.com').choose('none').checked([pass('gateway')]).choose('continue');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.effects).toEqual([]);
	});

	it('refuses to continue past a failed check, but keeps the setup when the user says so', () => {
		const failed = start('gateway').answer('https://llm.example.com').choose('helper').answer('tok').checked([pass('dns'), fail('gateway')]);
		const before = failed.state;
		failed.choose('continue');
		expect(failed.state).toBe(before);
		expect(failed.effects).toEqual([]);
		failed.choose('keep-anyway');
		expect(failed.state.step).toBe('scope');
		expect(failed.state.context.configuration?.method).toBe('gateway');
	});

	it('offers "keep anyway" only when something failed', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('none').checked([pass('gateway')]);
		const before = wizard.state;
		expect(wizard.choose('keep-anyway').state).toBe(before);
	});

	it('checks again, or goes back to change the answers', () => {
		const checked = () => start('gateway').answer('https://llm.example.com').choose('none').checked([fail('gateway')]);
		const retried = checked().choose('retry');
		expect(retried.state.step).toBe('method-check');
		expect(retried.effects[0]).toMatchObject({type: 'check-method', answers: {url: 'https://llm.example.com', credential: 'none'}});
		const changed = checked().choose('change');
		expect(changed.field).toBe('url');
		expect(changed.state.context.answers).toEqual({url: 'https://llm.example.com', credential: 'none'});
		const back = checked().back();
		expect(back.field).toBe('credential');
	});

	it('drops a check result that arrives after Back', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('none');
		const staleId = wizard.pendingId();
		wizard.back();
		const state = wizard.state;
		wizard.send({type: 'method-checked', id: staleId, checks: [pass('gateway')]});
		expect(wizard.state).toBe(state);
	});

	it('goes back from the scope to the check results', () => {
		const wizard = start('gateway').answer('https://llm.example.com').choose('none').checked([pass('gateway')]).choose('continue');
		expect(wizard.back().state.step).toBe('method-result');
	});
});

describe('the Bedrock form', () => {
	it('asks for a profile when there are profiles, then the region (from the profile) and the models', () => {
		const wizard = start('bedrock', awsDiscovery);
		expect(wizard.field).toBe('auth');
		wizard.choose('profile');
		expect(wizard.field).toBe('profile');
		wizard.choose('dev');
		expect(wizard.field).toBe('region');
		wizard.answer('eu-west-1');
		expect(wizard.field).toBe('model');
		wizard.choose('eu.anthropic.claude-sonnet-4-6');
		expect(wizard.field).toBe('smallModel');
		wizard.choose('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
		expect(wizard.state.step).toBe('method-check');
		expect(wizard.effects[0]).toMatchObject({
			type: 'check-method',
			method: 'bedrock',
			answers: {auth: 'profile', profile: 'dev', region: 'eu-west-1', model: 'eu.anthropic.claude-sonnet-4-6', smallModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'},
			discovery: awsDiscovery,
		});
	});

	it('does not offer a profile when there is none', () => {
		const wizard = start('bedrock', {awsProfiles: []}).choose('profile');
		expect(wizard.field).toBe('auth');
		expect(wizard.problem).toBe('Choose one of the options.');
	});

	it('asks keys in order, and the session token only for temporary keys', () => {
		const wizard = start('bedrock', {}).choose('keys');
		expect(wizard.field).toBe('accessKeyId');
		wizard.answer('hello');
		expect(wizard.field).toBe('accessKeyId');
		expect(wizard.problem).toMatch(/AKIA or ASIA/);
		wizard.answer('export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE');
		expect(wizard.field).toBe('secretAccessKey');
		wizard.answer('wJalrXUtnFEMI/K7MDENG');
		expect(wizard.field).toBe('sessionToken');
		wizard.answer('IQoJb3JpZ2luX2Vj');
		expect(wizard.field).toBe('region');
		wizard.answer('mars-1');
		expect(wizard.field).toBe('region');
		expect(wizard.problem).toMatch(/not an AWS region/);
		wizard.answer('us-east-1');
		expect(wizard.field).toBe('model');
		expect(wizard.state.context.answers).toEqual({auth: 'keys', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'IQoJb3JpZ2luX2Vj', region: 'us-east-1'});
	});

	it('walks Back over the fields that were not asked', () => {
		const wizard = start('bedrock', {}).choose('keys').answer('AKIAIOSFODNN7EXAMPLE').answer('secret').answer('us-east-1');
		expect(wizard.field).toBe('model');
		expect(wizard.back().field).toBe('region');
		// Long-term keys have no session token: Back skips it.
		expect(wizard.back().field).toBe('secretAccessKey');
		expect(wizard.back().field).toBe('accessKeyId');
		expect(wizard.back().field).toBe('auth');
		expect(wizard.back().state.step).toBe('auth-method');
	});

	it('drops the access keys when the user switches to a profile', () => {
		const wizard = start('bedrock', awsDiscovery).choose('keys').answer('AKIAIOSFODNN7EXAMPLE').answer('secret').answer('us-east-1');
		wizard.back().back().back().back();
		expect(wizard.field).toBe('auth');
		wizard.choose('profile');
		expect(wizard.field).toBe('profile');
		expect(wizard.state.context.answers).toEqual({auth: 'profile', region: 'us-east-1'});
		expect(wizard.state.context.answers).not.toHaveProperty('secretAccessKey');
	});

	it('drops the session token when a temporary key is replaced by a long-term one', () => {
		const wizard = start('bedrock', {}).choose('keys').answer('ASIAIOSFODNN7EXAMPLE').answer('secret').answer('token');
		expect(wizard.field).toBe('region');
		wizard.back().back().back();
		expect(wizard.field).toBe('accessKeyId');
		wizard.answer('AKIAIOSFODNN7EXAMPLE');
		expect(wizard.state.context.answers).toEqual({auth: 'keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret'});
	});

	it('asks for a custom model ID only when chosen, and checks it', () => {
		const wizard = start('bedrock', awsDiscovery).choose('profile').choose('ci').answer('us-east-1').choose('custom');
		expect(wizard.field).toBe('customModel');
		wizard.answer('   ');
		expect(wizard.problem).toBe('This cannot be empty.');
		wizard.answer('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc');
		expect(wizard.field).toBe('smallModel');
	});

	it('offers aws sso login for an SSO profile whose identity check failed, and runs it in the terminal', () => {
		const wizard = start('bedrock', awsDiscovery)
			.choose('profile')
			.choose('dev')
			.answer('eu-west-1')
			.choose('eu.anthropic.claude-sonnet-4-6')
			.choose('eu.anthropic.claude-haiku-4-5-20251001-v1:0')
			.checked([fail('identity')], {awsCliInstalled: true});
		expect(wizard.state.step).toBe('method-result');
		// What the check learned is added to what discovery found.
		expect(wizard.state.context.discovery).toEqual({...awsDiscovery, awsCliInstalled: true});
		const before = wizard.state;
		expect(wizard.choose('continue').state).toBe(before);
		expect(wizard.choose('action:no-such-action').state).toBe(before);
		wizard.choose('action:sso-login');
		expect(wizard.state).toMatchObject({step: 'method-check', action: 'Run aws sso login --profile dev'});
		expect(wizard.effects).toEqual([
			{
				type: 'run-terminal-action',
				id: wizard.pendingId(),
				action: {id: 'sso-login', label: 'Run aws sso login --profile dev', file: 'aws', args: ['sso', 'login', '--profile', 'dev']},
				method: 'bedrock',
				answers: {auth: 'profile', profile: 'dev', region: 'eu-west-1', model: 'eu.anthropic.claude-sonnet-4-6', smallModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'},
				discovery: {...awsDiscovery, awsCliInstalled: true},
				claudePath,
			},
		]);
		// After the login, the checks pass and the SSO profile gets its refresh command.
		wizard.checked([pass('identity')]).choose('continue');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration).toMatchObject({settings: {awsAuthRefresh: 'aws sso login --profile dev'}, env: {AWS_PROFILE: 'dev'}});
	});

	it('offers no SSO login for a profile with keys', () => {
		const wizard = start('bedrock', awsDiscovery).choose('profile').choose('ci').answer('us-east-1').choose('us.anthropic.claude-sonnet-4-6').choose('us.anthropic.claude-haiku-4-5-20251001-v1:0');
		wizard.checked([fail('identity')]);
		const before = wizard.state;
		expect(wizard.choose('action:sso-login').state).toBe(before);
		wizard.choose('keep-anyway');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration?.settings).toEqual({});
	});
});

describe('the Vertex form', () => {
	const discovery = {gcloudProject: 'my-project-123', gcloudInstalled: true};

	it('asks project, region, models, and where a model the region lacks should run', () => {
		const wizard = start('vertex', discovery);
		expect(wizard.field).toBe('project');
		wizard.answer('My Project');
		expect(wizard.problem).toMatch(/project name/);
		wizard.answer('my-project-123');
		expect(wizard.field).toBe('region');
		wizard.choose('europe-west1');
		expect(wizard.field).toBe('model');
		wizard.choose('claude-sonnet-4-6');
		expect(wizard.field).toBe('smallModel');
		wizard.choose('claude-haiku-4-5@20251001');
		expect(wizard.field).toBe('modelRegion');
		wizard.choose('us-east5');
		expect(wizard.state.step).toBe('method-check');
		wizard.checked([pass('adc')]).choose('continue');
		// Nothing secret: straight to the scope.
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration?.env).toMatchObject({CLOUD_ML_REGION: 'europe-west1', VERTEX_REGION_CLAUDE_HAIKU_4_5: 'us-east5'});
	});

	it('does not ask for a model region when the region has every model, and drops an old answer', () => {
		const wizard = start('vertex', discovery).answer('my-project-123').choose('europe-west1').choose('claude-sonnet-4-6').choose('claude-haiku-4-5@20251001').choose('us-east5');
		expect(wizard.state.context.answers).toHaveProperty('modelRegion', 'us-east5');
		// Back from the check goes to the last question; walk to the region and pick one with everything.
		wizard.back();
		expect(wizard.field).toBe('modelRegion');
		wizard.back().back().back();
		expect(wizard.field).toBe('region');
		wizard.choose('us-east5');
		expect(wizard.state.context.answers).not.toHaveProperty('modelRegion');
		wizard.choose('claude-sonnet-4-6').choose('claude-haiku-4-5@20251001');
		expect(wizard.state.step).toBe('method-check');
	});

	it('offers the ADC login when the credentials check failed and gcloud is installed', () => {
		const wizard = start('vertex', discovery).answer('my-project-123').choose('global').choose('claude-sonnet-4-6').choose('claude-haiku-4-5@20251001');
		expect(wizard.state.step).toBe('method-check');
		wizard.checked([fail('adc')]).choose('action:adc-login');
		expect(wizard.effects[0]).toMatchObject({type: 'run-terminal-action', action: {file: 'gcloud', args: ['auth', 'application-default', 'login']}});
	});
});

describe('the Foundry form', () => {
	it('asks the endpoint, the sign-in, the key only for API keys, and a deployment per tier', () => {
		const wizard = start('foundry', {azInstalled: true});
		expect(wizard.field).toBe('endpoint');
		wizard.answer('<your-resource>');
		expect(wizard.problem).toMatch(/placeholder/);
		wizard.answer('contoso-ai');
		expect(wizard.field).toBe('auth');
		wizard.choose('api-key');
		expect(wizard.field).toBe('apiKey');
		wizard.answer('foundry-key-1');
		expect([wizard.field, wizard.answer('claude-sonnet-4-6').field, wizard.answer('claude-opus-4-6').field]).toEqual(['sonnet', 'opus', 'haiku']);
		wizard.answer('my deployment');
		expect(wizard.field).toBe('haiku');
		expect(wizard.problem).toMatch(/letters, digits/);
		wizard.answer('claude-haiku-4-5');
		expect(wizard.state.step).toBe('method-check');
		wizard.checked([pass('foundry')]).choose('continue');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration).toMatchObject({shellSecrets: [{variable: 'ANTHROPIC_FOUNDRY_API_KEY', secret: 'foundry-api-key'}]});
	});

	it('offers az login when Entra ID failed', () => {
		const wizard = start('foundry', {azInstalled: true}).answer('contoso-ai').choose('entra').answer('s1').answer('o1').answer('h1');
		expect(wizard.state.step).toBe('method-check');
		wizard.checked([fail('entra')]).choose('action:az-login');
		expect(wizard.effects[0]).toMatchObject({type: 'run-terminal-action', action: {file: 'az', args: ['login']}});
	});

	it('drops the API key when the user switches to Entra ID', () => {
		const wizard = start('foundry', {}).answer('contoso-ai').choose('api-key').answer('foundry-key-1');
		expect(wizard.field).toBe('sonnet');
		wizard.back().back();
		expect(wizard.field).toBe('auth');
		wizard.choose('entra');
		expect(wizard.field).toBe('sonnet');
		expect(wizard.state.context.answers).toEqual({endpoint: 'contoso-ai', auth: 'entra'});
	});
});

describe('the login forms', () => {
	it('claude.ai: asks for the email only when signing in with one, then whether to lock', () => {
		const wizard = start('claude-ai', {loginAdvice: []});
		expect(wizard.field).toBe('how');
		wizard.choose('email');
		expect(wizard.field).toBe('email');
		wizard.answer('not an email');
		expect(wizard.problem).toMatch(/email address/);
		wizard.answer('dev@example.com');
		expect(wizard.field).toBe('lock');
		wizard.choose('yes');
		expect(wizard.effects[0]).toMatchObject({type: 'check-method', method: 'claude-ai', answers: {how: 'email', email: 'dev@example.com', lock: 'yes'}});
		wizard.checked([pass('login')]).choose('continue');
		expect(wizard.state.step).toBe('scope');
		expect(wizard.state.context.configuration?.settings).toEqual({forceLoginMethod: 'claudeai'});
	});

	it('console login: one question, then the login check', () => {
		const wizard = start('console-login', {loginAdvice: []}).choose('sso');
		expect(wizard.state.step).toBe('method-check');
		expect(wizard.back().field).toBe('how');
	});
});
