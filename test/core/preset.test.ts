import {describe, expect, it} from 'vitest';
import {bedrockModelChoices} from '../../source/core/auth/bedrock.js';
import {checkOrgUuid, describeFixedAnswers, isFixedByPreset, parsePreset, presetSchemaVersion, presetText, type Preset, type PresetResult} from '../../source/core/team/preset.js';
import {allMethodIds, credentialLookalikes, orgUuid, presetJson, validPresets} from '../helpers/team-presets.js';

const source = '/team/claude-setup-preset.json';

function refusal(result: PresetResult): string {
	if (result.ok) {
		throw new Error(`Expected the preset to be refused, but it was accepted: ${JSON.stringify(result.preset)}`);
	}

	return result.message;
}

function accepted(result: PresetResult): Preset {
	if (!result.ok) {
		throw new Error(`Expected the preset to be accepted, but: ${result.message}`);
	}

	return result.preset;
}

describe('parsePreset: a valid preset for every method', () => {
	it.each(allMethodIds)('%s', method => {
		const preset = accepted(parsePreset(presetJson(method), source));
		expect(preset).toEqual(validPresets[method]);
	});

	it('accepts a byte-order mark and CRLF line ends (a preset saved on Windows)', () => {
		const text = `\uFEFF${presetJson('gateway').replaceAll('\n', '\r\n')}\r\n`;
		expect(accepted(parsePreset(text, source))).toEqual(validPresets.gateway);
	});

	it('normalizes each answer as the form would (a pasted URL with quotes and a trailing slash)', () => {
		const preset = accepted(parsePreset(presetJson('gateway', {answers: {url: ' "https://llm.example.com/" ', credential: 'helper'}}), source));
		expect(preset.answers['url']).toBe('https://llm.example.com');
	});

	it('treats missing answers and env as empty, and an empty team name as none', () => {
		const preset = accepted(parsePreset(JSON.stringify({schemaVersion: 1, method: 'console-login', team: '   '}), source));
		expect(preset).toEqual({schemaVersion: 1, method: 'console-login', answers: {}, env: {}});
	});

	it('checks the answers in the order of the form, whatever their order in the file (a Bedrock model depends on the region)', () => {
		const euSonnet = bedrockModelChoices('eu-west-1').find(choice => choice.role === 'primary' && choice.id.startsWith('eu.'));
		expect(euSonnet, 'an eu. inference profile for eu-west-1').toBeDefined();
		const regionFirst = {region: 'eu-west-1', model: euSonnet!.id};
		const modelFirst = {model: euSonnet!.id, region: 'eu-west-1'};
		expect(accepted(parsePreset(presetJson('bedrock', {answers: regionFirst}), source)).answers).toEqual(regionFirst);
		// The same answers, written in another order (a hand-edited file, a JSON tool that sorts keys).
		expect(accepted(parsePreset(presetJson('bedrock', {answers: modelFirst}), source)).answers).toEqual(regionFirst);
	});
});

describe('parsePreset: refusals say what is wrong and where', () => {
	it('names the source in every refusal', () => {
		const message = refusal(parsePreset('{', source));
		expect(message).toContain(source);
	});

	it.each([
		['a trailing comma', '{\n  "schemaVersion": 1,\n  "method": "gateway",\n}\n', 4, [1, 1]],
		['a missing comma', '{\n  "schemaVersion": 1\n  "method": "gateway"\n}\n', 3, [3, 3]],
		['a stray closing brace where a value belongs', '{\n  "schemaVersion": 1,\n  "method": }\n', 3, [13, 14]],
		['a single-quoted string', "{\n  \"schemaVersion\": 1,\n  \"method\": 'gateway'\n}\n", 3, [13, 14]],
		// The string's opening quote, or the end of the file where the closing one is missing.
		['a file cut short', '{\n  "schemaVersion": 1,\n  "method": "gat', 3, [13, 17]],
	] as const)('malformed JSON (%s): not valid JSON, with its line and column', (_name, text, line, [first, last]) => {
		const message = refusal(parsePreset(text, source));
		expect(message).toContain('not valid JSON');
		expect(message).toMatch(/line \d+, column \d+/);
		const [, foundLine, foundColumn] = /line (\d+), column (\d+)/.exec(message) ?? [];
		expect(Number(foundLine)).toBe(line);
		expect(Number(foundColumn)).toBeGreaterThanOrEqual(first);
		expect(Number(foundColumn)).toBeLessThanOrEqual(last);
	});

	it('never repeats the file text in a JSON refusal (it may hold what someone pasted)', () => {
		const secret = credentialLookalikes['an Anthropic API key'];
		const message = refusal(parsePreset(`{"schemaVersion": 1, "method": "gateway", "answers": {"token": '${secret}'}}`, source));
		expect(message).not.toContain(secret);
		expect(message).not.toContain('sk-ant-');
	});

	it.each([
		['an array', '[1, 2]'],
		['a string', '"gateway"'],
		['null', 'null'],
		['an empty file', ''],
	])('a JSON value other than an object (%s)', (_name, text) => {
		expect(refusal(parsePreset(text, source))).toMatch(/not (?:a claude-setup preset|valid JSON)/);
	});

	it('a newer schemaVersion: says so and how to get a claude-setup that reads it', () => {
		const message = refusal(parsePreset(presetJson('gateway', {schemaVersion: presetSchemaVersion + 1}), source));
		expect(message).toContain(`schema version ${presetSchemaVersion + 1}`);
		expect(message).toContain('newer');
		expect(message).toContain('claude-setup@latest');
	});

	it.each([
		['missing', undefined, 'none'],
		['zero', 0, '0'],
		['a string', '1', '"1"'],
		['negative', -1, '-1'],
	])('an unknown schemaVersion (%s)', (_name, version, shown) => {
		const text = JSON.stringify({...validPresets.gateway, schemaVersion: version});
		const message = refusal(parsePreset(text, source));
		expect(message).toContain('schemaVersion');
		expect(message).toContain(`found ${shown}`);
	});

	it.each([
		['an unknown method', 'openai'],
		['a method spelt differently', 'Gateway'],
		['a non-string method', 7],
	])('%s', (_name, method) => {
		expect(refusal(parsePreset(presetJson('gateway', {method}), source))).toMatch(/no known method/);
	});

	it('a missing method', () => {
		const {method: _method, ...rest} = validPresets.gateway;
		expect(refusal(parsePreset(JSON.stringify(rest), source))).toContain('"method": missing');
	});

	it.each([
		['gateway', 'token', 'a-personal-token'],
		['bedrock', 'auth', 'profile'],
		['bedrock', 'profile', 'acme-dev'],
		['claude-ai', 'email', 'someone@example.com'],
		['foundry', 'apiKey', 'abc'],
	] as const)('%s: an answer for the personal field %s', (method, field, value) => {
		const preset = validPresets[method];
		const message = refusal(parsePreset(presetJson(method, {answers: {...preset.answers, [field]: value}}), source));
		expect(message).toContain(`"${field}"`);
		expect(message).toContain('each person answers for themselves');
	});

	it.each([
		['gateway', 'region', 'eu-west-1'],
		['console-api-key', 'url', 'https://llm.example.com'],
	] as const)('%s: an answer to a question the method does not have (%s)', (method, field, value) => {
		const message = refusal(parsePreset(presetJson(method, {answers: {[field]: value}}), source));
		expect(message).toContain(`"${field}", which is not a question of`);
	});

	it.each([
		['bedrock', 'region', 'europe-1', 'not an AWS region'],
		['vertex', 'region', 'mars-north1', 'Choose one of the options'],
		['vertex', 'project', 'Acme Project!', ''],
		['gateway', 'url', 'http://llm.example.com', 'https://'],
		['gateway', 'url', 'https://llm.example.com/v1', '/v1'],
		['gateway', 'credential', 'password', 'Choose one of the options'],
		['claude-ai', 'lock', 'maybe', 'Choose one of the options'],
		['foundry', 'endpoint', 'https://example.com/x', ''],
		['bedrock', 'model', 'us.anthropic.claude-sonnet-4-6', 'Choose one of the options'],
		['gateway', 'url', '', 'cannot be empty'],
	] as const)('%s: an invalid %s (%j)', (method, field, value, says) => {
		const message = refusal(parsePreset(presetJson(method, {answers: {...validPresets[method].answers, [field]: value}}), source));
		expect(message).toContain(`"${field}" is not valid:`);
		expect(message).toContain(says);
	});

	it.each([
		['"answers" is an array', {answers: []}],
		['"answers" holds a number', {answers: {url: 1}}],
		['"env" is a string', {env: 'HTTPS_PROXY=http://p:8080'}],
		['"env" holds null', {env: {HTTPS_PROXY: null}}],
	])('%s', (_name, changes) => {
		expect(refusal(parsePreset(presetJson('gateway', changes), source))).toContain('must be objects of strings');
	});

	it.each([
		'ANTHROPIC_API_KEY',
		'ANTHROPIC_AUTH_TOKEN',
		'ANTHROPIC_BASE_URL',
		'ANTHROPIC_MODEL',
		'CLAUDE_CODE_USE_BEDROCK',
		'AWS_PROFILE',
		'AWS_SECRET_ACCESS_KEY',
		'VERTEX_REGION_CLAUDE_HAIKU_4_5',
	])('env with the auth key %s', name => {
		const message = refusal(parsePreset(presetJson('gateway', {env: {HTTPS_PROXY: 'http://proxy.example.com:8080', [name]: 'x'}}), source));
		expect(message).toContain(`env ${name}`);
		expect(message).toContain('may not set');
	});

	it.each(['PROXY_PASSWORD', 'GITHUB_TOKEN', 'CORP_SECRET', 'MY_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'https_proxy', 'BAD NAME', ''])(
		'env with a secret-looking or malformed name (%j)',
		name => {
			expect(refusal(parsePreset(presetJson('gateway', {env: {[name]: 'value'}}), source))).toContain('may not set');
		},
	);

	it.each(['NO_PROXY', 'HTTP_PROXY', 'NODE_EXTRA_CA_CERTS', 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS', 'DISABLE_TELEMETRY'])('env with a team variable (%s) is kept', name => {
		expect(accepted(parsePreset(presetJson('gateway', {env: {[name]: '1'}}), source)).env).toEqual({[name]: '1'});
	});

	describe('a credential-looking value anywhere is refused, and never repeated', () => {
		const where: Array<[string, (secret: string) => Record<string, unknown>]> = [
			['in an answer', secret => ({answers: {url: 'https://llm.example.com', credential: secret}})],
			['in an env value', secret => ({env: {HTTPS_PROXY: secret}})],
			['in the team name', secret => ({team: `Acme ${secret}`})],
		];
		for (const [shape, secret] of Object.entries(credentialLookalikes)) {
			for (const [place, changes] of where) {
				it(`${shape}, ${place}`, () => {
					const message = refusal(parsePreset(presetJson('gateway', changes(secret)), source));
					expect(message).toMatch(/credential|secret/i);
					expect(message).not.toContain(secret);
				});
			}
		}

		// The file is what gets shared with everyone: a key in it is leaked, whichever member holds it.
		it.each([
			['a member claude-setup does not know', {token: credentialLookalikes['an Anthropic API key']}],
			['nested in such a member', {notes: {gateway: [credentialLookalikes['an AWS access key ID']]}}],
		])('%s', (_name, changes) => {
			const message = refusal(parsePreset(presetJson('gateway', changes), source));
			expect(message).not.toContain('sk-ant-');
			expect(message).not.toContain('AKIA');
		});

		it('a proxy URL with a password in it', () => {
			const message = refusal(parsePreset(presetJson('gateway', {env: {HTTPS_PROXY: 'http://alice:s3cret-pass@proxy.example.com:8080'}}), source));
			expect(message).not.toContain('s3cret-pass');
		});
	});

	describe('orgUuid', () => {
		it('a UUID is kept', () => {
			expect(accepted(parsePreset(presetJson('claude-ai'), source)).orgUuid).toBe(orgUuid);
		});

		it.each([
			['a name', 'acme'],
			['a UUID with braces', `{${orgUuid}}`],
			['a number', 42],
			['an empty string', ''],
			['null', null],
		])('%s is refused', (_name, value) => {
			expect(refusal(parsePreset(presetJson('claude-ai', {orgUuid: value}), source))).toContain('"orgUuid" is not an organization ID');
		});

		it.each(['gateway', 'console-api-key'] as const)('is refused for %s, where a login lock stops Claude Code from starting at all', method => {
			expect(refusal(parsePreset(presetJson(method, {orgUuid}), source))).toContain('orgUuid');
		});

		it('checkOrgUuid says where to find it', () => {
			expect(checkOrgUuid(orgUuid)).toBeUndefined();
			expect(checkOrgUuid(orgUuid.toUpperCase())).toBeUndefined();
			expect(checkOrgUuid('acme')).toContain('Settings → Organization');
		});
	});
});

describe('presetText', () => {
	it.each(allMethodIds)('%s: round-trips through parsePreset unchanged', method => {
		const text = presetText(validPresets[method]);
		expect(text.endsWith('}\n')).toBe(true);
		expect(accepted(parsePreset(text, source))).toEqual(validPresets[method]);
		// Written again, it is the same file byte for byte.
		const again = presetText(accepted(parsePreset(text, source)));
		expect(presetText(accepted(parsePreset(again, source)))).toBe(again);
	});

	it('holds the schema version, so a later claude-setup knows what it reads', () => {
		expect(JSON.parse(presetText(validPresets.vertex))).toMatchObject({schemaVersion: presetSchemaVersion, method: 'vertex'});
	});
});

describe('what the preset fixes', () => {
	it('isFixedByPreset: only the answers the preset holds', () => {
		expect(isFixedByPreset(validPresets.gateway, 'url')).toBe(true);
		expect(isFixedByPreset(validPresets.gateway, 'token')).toBe(false);
		expect(isFixedByPreset(undefined, 'url')).toBe(false);
		expect(isFixedByPreset(validPresets.gateway, 'toString')).toBe(false);
	});

	it('describeFixedAnswers: one line per fixed answer, in the form order, with option labels', () => {
		const lines = describeFixedAnswers(validPresets.gateway);
		expect(lines).toEqual(["Your gateway's URL: https://llm.example.com", 'How does the gateway know it is you?: A token or key, kept in the keychain (recommended)']);
		expect(describeFixedAnswers(validPresets['console-api-key'])).toEqual([]);
		const bedrock = describeFixedAnswers(validPresets.bedrock);
		expect(bedrock[0]).toBe('AWS region: eu-west-1');
		expect(bedrock).toHaveLength(3);
	});
});
