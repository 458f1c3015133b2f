import {describe, expect, it} from 'vitest';
import {
	checkProjectId,
	interpretGcloudFailure,
	isVertexRegion,
	modelsLikelyMissingInRegion,
	vertexModelChoices,
	vertexRegionVariable,
	vertexRegions,
} from '../../source/core/auth/vertex.js';

describe('checkProjectId', () => {
	it.each([
		['my-project'],
		['my-project-123'],
		['abcdef'],
		['a'.repeat(30)],
		['  my-project\n'],
		['example.com:my-project'],
		['google.com:cloud-team-1'],
	])('accepts %j', id => {
		expect(checkProjectId(id)).toBeUndefined();
	});

	it.each([
		['', /Enter the ID/],
		['   ', /Enter the ID/],
		['My Project', /no spaces.*project name/],
		['123456789012', /project number/],
		['My-Project', /lowercase/],
		['abcde', /6 to 30 characters.*5/],
		['a'.repeat(31), /6 to 30 characters.*31/],
		['1project', /starts with a lowercase letter/],
		['-project', /starts with a lowercase letter/],
		['my-project-', /end with a hyphen/],
		['my_project', /only lowercase letters, digits and hyphens/],
		['my.project', /only lowercase letters, digits and hyphens/],
		['example.com:' + 'a'.repeat(31), /after the colon/],
		['example.com:1abc', /./],
	])('rejects %j', (id, message) => {
		expect(checkProjectId(id)).toMatch(message);
	});
});

describe('vertex regions', () => {
	it('offers global first, then the multi-regions, then single regions, all valid', () => {
		expect(vertexRegions.map(region => region.value)).toEqual(['global', 'us', 'eu', 'us-east5', 'europe-west1', 'europe-west4', 'asia-southeast1', 'us-central1']);
		expect(vertexRegions[0]?.hint).toMatch(/recommended/);
		for (const region of vertexRegions) {
			expect(isVertexRegion(region.value)).toBe(true);
			expect(region.label.length).toBeGreaterThan(0);
		}
	});

	it.each([
		['global', true],
		['us', true],
		['eu', true],
		['northamerica-northeast1', true],
		['me-central2', true],
		['', false],
		['Global', false],
		['us-east', false],
		['us-east5 ', false],
		['asia', false],
		['us-east5-a', false],
		['https://us-east5-aiplatform.googleapis.com', false],
	])('isVertexRegion(%j) is %s', (value, expected) => {
		expect(isVertexRegion(value)).toBe(expected);
	});
});

describe('vertexModelChoices', () => {
	it('starts with the documented current models, in Vertex ID form', () => {
		expect(vertexModelChoices.slice(0, 3).map(model => model.value)).toEqual(['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-4-5@20251001']);
		expect(vertexModelChoices.slice(0, 3).every(model => model.documented)).toBe(true);
	});

	it('has unique IDs, a tier for each, and only Vertex-shaped IDs (no Bedrock or first-party dated form)', () => {
		const ids = vertexModelChoices.map(model => model.value);
		expect(new Set(ids).size).toBe(ids.length);
		for (const model of vertexModelChoices) {
			expect(model.value).toMatch(/^claude-(?:opus|sonnet|haiku)-\d+(?:-\d)?(?:@\d{8})?$/);
			expect(model.label).toMatch(new RegExp(model.tier, 'i'));
			// Every model offered can be moved to its own region.
			expect(vertexRegionVariable(model.value)).toBeDefined();
		}
	});
});

describe('vertexRegionVariable', () => {
	it.each([
		['claude-haiku-4-5@20251001', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'],
		['claude-haiku-4-5', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'],
		['claude-sonnet-4-6', 'VERTEX_REGION_CLAUDE_4_6_SONNET'],
		['claude-sonnet-4-5@20250929', 'VERTEX_REGION_CLAUDE_4_5_SONNET'],
		['claude-sonnet-4@20250514', 'VERTEX_REGION_CLAUDE_4_0_SONNET'],
		['claude-opus-4-6', 'VERTEX_REGION_CLAUDE_4_6_OPUS'],
		['claude-opus-4-1@20250805', 'VERTEX_REGION_CLAUDE_4_1_OPUS'],
		['claude-opus-4-8', 'VERTEX_REGION_CLAUDE_4_8_OPUS'],
		['claude-opus-4@20250514', 'VERTEX_REGION_CLAUDE_4_0_OPUS'],
		['claude-opus-5', 'VERTEX_REGION_CLAUDE_5_OPUS'],
		['claude-opus-5-5', 'VERTEX_REGION_CLAUDE_5_5_OPUS'],
		['claude-sonnet-5', 'VERTEX_REGION_CLAUDE_5_SONNET'],
		['claude-fable-5', 'VERTEX_REGION_CLAUDE_FABLE_5'],
		['claude-fable-5-1', 'VERTEX_REGION_CLAUDE_FABLE_5_1'],
		['claude-3-5-haiku@20241022', 'VERTEX_REGION_CLAUDE_3_5_HAIKU'],
		['claude-3-7-sonnet@20250219', 'VERTEX_REGION_CLAUDE_3_7_SONNET'],
		['claude-3-5-sonnet-v2@20241022', 'VERTEX_REGION_CLAUDE_3_5_SONNET'],
		// A prefix ending in a version digit does not swallow a date glued to it.
		['claude-opus-420250514', undefined],
		['claude-3-opus@20240229', undefined],
		['gemini-2.5-pro', undefined],
		['', undefined],
	])('%j -> %s', (model, variable) => {
		expect(vertexRegionVariable(model)).toBe(variable);
	});
});

describe('modelsLikelyMissingInRegion', () => {
	const current = ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-4-5@20251001'];
	const older = ['claude-sonnet-4@20250514', 'claude-opus-4-1@20250805', 'claude-3-5-haiku@20241022'];

	it.each([
		['global', current, []],
		['global', older, older],
		['us', [...current, 'claude-opus-4@20250514'], ['claude-opus-4@20250514']],
		['eu', current, []],
		['us-east5', [...current, ...older], []],
		['europe-west1', current, ['claude-haiku-4-5@20251001']],
		['asia-southeast1', ['claude-3-5-haiku@20241022', 'claude-sonnet-4-6'], ['claude-3-5-haiku@20241022']],
		['europe-west4', ['my-custom-endpoint', 'claude-opus-4-6'], []],
		['global', [], []],
	])('%s with %j -> %j', (region, models, expected) => {
		expect(modelsLikelyMissingInRegion(region, models)).toEqual(expected);
	});
});

describe('interpretGcloudFailure', () => {
	it.each([
		['expired login', 'ERROR: (gcloud.auth.application-default.print-access-token) Reauthentication required.\n', /expired.*gcloud auth application-default login/],
		['refresh failure', "ERROR: (gcloud.auth.application-default.print-access-token) There was a problem refreshing your current auth tokens: ('invalid_grant: Bad Request', {'error': 'invalid_grant'})", /expired.*gcloud auth application-default login/],
		['missing ADC file', 'ERROR: (gcloud.auth.application-default.print-access-token) File /home/u/.config/gcloud/application_default_credentials.json was not found.', /No Google Cloud credentials.*gcloud auth application-default login/],
		['no default credentials', 'google.auth.exceptions.DefaultCredentialsError: Your default credentials were not found.', /No Google Cloud credentials.*gcloud auth application-default login/],
		['no active account', 'ERROR: (gcloud.config.get-value) You do not currently have an active account selected.\nPlease run:\n\n  $ gcloud auth login', /No Google Cloud credentials.*gcloud auth application-default login/],
		['project not set', 'ERROR: (gcloud.services.enable) The required property [project] is not currently set.', /No Google Cloud project is set.*gcloud config set project/],
		['API not enabled', 'Vertex AI API has not been used in project 1234 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/aiplatform.googleapis.com/overview?project=1234', /not enabled.*gcloud services enable aiplatform\.googleapis\.com/],
		['permission denied', "PERMISSION_DENIED: Permission 'aiplatform.endpoints.predict' denied on resource", /roles\/aiplatform\.user/],
		['empty', '  \n', /without saying why/],
	])('%s', (_name, stderr, message) => {
		expect(interpretGcloudFailure(stderr)).toMatch(message);
	});

	it('quotes the first real line of anything else, without the ERROR prefix or warnings', () => {
		expect(interpretGcloudFailure('WARNING: Python 3.8 is deprecated\nERROR: (gcloud.config.get-value) Something odd happened\nmore detail')).toBe('gcloud failed: Something odd happened');
	});

	it('blanks anything token-shaped it would otherwise quote', () => {
		const token = ['ya29', 'a0AfB_byC' + 'x'.repeat(60)].join('.');
		const jwtLike = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxIn0', 'c2lnbmF0dXJl'].join('.');
		const message = interpretGcloudFailure(`ERROR: unexpected reply ${token} and ${jwtLike} and ${'Q'.repeat(50)}`);
		expect(message).not.toContain(token.slice(5, 30));
		expect(message).not.toContain(jwtLike);
		expect(message).not.toContain('Q'.repeat(40));
		expect(message).toContain('unexpected reply');
	});
});
