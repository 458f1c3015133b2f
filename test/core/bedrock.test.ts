import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {
	awsAuthRefreshCommand,
	bedrockModelChoices,
	bedrockRegions,
	checkBedrockModelId,
	defaultBedrockModels,
	inferenceProfilePrefix,
	interpretAwsFailure,
	isAwsRegion,
	parseCallerIdentity,
	parseInferenceProfiles,
	readInferenceProfiles,
} from '../../source/core/auth/bedrock.js';

const run = promisify(execFile);

describe('isAwsRegion', () => {
	it.each(['us-east-1', 'eu-central-2', 'ap-southeast-4', 'us-gov-west-1', 'ca-central-1', 'il-central-1', 'mx-central-1', 'me-south-1', 'ap-northeast-3', 'us-iso-east-1', 'cn-northwest-1'])('accepts %s', region => {
		expect(isAwsRegion(region)).toBe(true);
	});

	it.each(['', 'us-east', 'US-EAST-1', 'useast1', 'us-east-1 ', 'us_east_1', 'global', 'us', 'eu-central-1a', 'us-middle-1', '--endpoint-url=x', 'us-east-1\n'])('rejects %j', region => {
		expect(isAwsRegion(region)).toBe(false);
	});

	it('every region offered is shaped like a region and has a label', () => {
		expect(bedrockRegions.length).toBeGreaterThan(5);
		for (const region of bedrockRegions) {
			expect(isAwsRegion(region.id)).toBe(true);
			expect(region.label).not.toBe('');
		}
	});
});

describe('inferenceProfilePrefix', () => {
	it.each([
		['us-east-1', 'us'],
		['us-west-2', 'us'],
		['ca-central-1', 'us'],
		['sa-east-1', 'us'],
		['mx-central-1', 'us'],
		['us-gov-west-1', 'us-gov'],
		['us-gov-east-1', 'us-gov'],
		['eu-central-1', 'eu'],
		['eu-west-3', 'eu'],
		['il-central-1', 'eu'],
		['me-central-1', 'eu'],
		['ap-northeast-1', 'jp'],
		['ap-northeast-3', 'jp'],
		['ap-southeast-2', 'au'],
		['ap-southeast-4', 'au'],
		['ap-southeast-1', 'apac'],
		['ap-south-1', 'apac'],
		['ap-northeast-2', 'apac'],
		['af-south-1', undefined],
		['cn-north-1', undefined],
		['us-iso-east-1', undefined],
		['not-a-region', undefined],
	])('%s -> %s', (region, prefix) => {
		expect(inferenceProfilePrefix(region)).toBe(prefix);
	});
});

describe('bedrockModelChoices', () => {
	it('offers the US profiles and the global ones in us-east-1', () => {
		const ids = bedrockModelChoices('us-east-1').map(choice => choice.id);
		expect(ids).toContain('us.anthropic.claude-sonnet-4-6');
		expect(ids).toContain('global.anthropic.claude-sonnet-4-6');
		expect(ids).toContain('us.anthropic.claude-opus-4-6-v1');
		expect(ids).toContain('us.anthropic.claude-haiku-4-5-20251001-v1:0');
		expect(ids.some(id => id.startsWith('eu.'))).toBe(false);
	});

	it('puts the geography first for each model, then global', () => {
		const ids = bedrockModelChoices('eu-central-1').map(choice => choice.id);
		expect(ids.indexOf('eu.anthropic.claude-sonnet-4-6')).toBeLessThan(ids.indexOf('global.anthropic.claude-sonnet-4-6'));
	});

	it('marks Haiku as the small model and the others as primary', () => {
		for (const choice of bedrockModelChoices('us-west-2')) {
			expect(choice.role).toBe(choice.id.includes('haiku') ? 'small' : 'primary');
			expect(choice.label).toMatch(/^Claude /);
		}
	});

	it('offers no global profiles in GovCloud', () => {
		const ids = bedrockModelChoices('us-gov-west-1').map(choice => choice.id);
		expect(ids.length).toBeGreaterThan(0);
		expect(ids.every(id => id.startsWith('us-gov.'))).toBe(true);
	});

	it('offers only global profiles where the geography is unknown', () => {
		const ids = bedrockModelChoices('af-south-1').map(choice => choice.id);
		expect(ids.length).toBeGreaterThan(0);
		expect(ids.every(id => id.startsWith('global.'))).toBe(true);
	});

	it('offers only IDs that pass its own model-ID check', () => {
		for (const region of [...bedrockRegions.map(entry => entry.id), 'af-south-1']) {
			for (const choice of bedrockModelChoices(region)) {
				expect(checkBedrockModelId(choice.id)).toBeUndefined();
			}
		}
	});
});

describe('defaultBedrockModels', () => {
	it.each([
		['us-east-1', 'us.anthropic.claude-sonnet-4-6', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
		['eu-west-1', 'eu.anthropic.claude-sonnet-4-6', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'],
		['ap-northeast-1', 'jp.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'],
		['ap-southeast-2', 'au.anthropic.claude-sonnet-4-6', 'au.anthropic.claude-haiku-4-5-20251001-v1:0'],
		['ap-southeast-1', 'global.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'],
		['us-gov-west-1', 'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0'],
	])('%s: Sonnet %s as primary, %s for background work', (region, primary, small) => {
		expect(defaultBedrockModels(region)).toEqual({primary, small});
	});

	it('never pins Opus by default', () => {
		for (const region of bedrockRegions) {
			const {primary, small} = defaultBedrockModels(region.id);
			expect(primary).not.toMatch(/opus/);
			expect(small).not.toMatch(/opus/);
		}
	});
});

describe('checkBedrockModelId', () => {
	it.each([
		'us.anthropic.claude-sonnet-4-6',
		'global.anthropic.claude-opus-4-6-v1',
		'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0',
		'apac.anthropic.claude-sonnet-4-20250514-v1:0',
		'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
		'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6',
		'arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0',
	])('accepts %s', id => {
		expect(checkBedrockModelId(id)).toBeUndefined();
	});

	it.each([
		['', 'fail', /Enter a model ID/],
		['   ', 'fail', /Enter a model ID/],
		['us.anthropic.claude-sonnet-4-6\n', 'fail', /line break/],
		['us.anthropic. claude-sonnet-4-6', 'fail', /space/],
		['anthropic.claude-sonnet-4-6', 'warn', /on-demand throughput isn't supported.*us\.anthropic\.claude-sonnet-4-6.*global\.anthropic\.claude-sonnet-4-6/],
		['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0', 'warn', /on-demand throughput.*us\.anthropic\.claude-haiku-4-5-20251001-v1:0/],
		['arn:aws:iam::123456789012:role/Thing', 'warn', /not an inference profile ARN/],
		['claude-sonnet-4-6', 'warn', /does not look like a Bedrock inference profile ID/],
	] as const)('%j -> %s', (id, severity, message) => {
		const check = checkBedrockModelId(id);
		expect(check?.severity).toBe(severity);
		expect(check?.message).toMatch(message);
	});
});

describe('awsAuthRefreshCommand', () => {
	it.each([
		['dev', 'aws sso login --profile dev'],
		['team.prod_admin-1', 'aws sso login --profile team.prod_admin-1'],
		['my profile', "aws sso login --profile 'my profile'"],
		["it's", String.raw`aws sso login --profile 'it'\''s'`],
		['$(touch pwned)', "aws sso login --profile '$(touch pwned)'"],
		['', "aws sso login --profile ''"],
	])('%j -> %s', (profile, command) => {
		expect(awsAuthRefreshCommand(profile)).toBe(command);
	});

	it.skipIf(process.platform === 'win32')('quotes so /bin/sh passes the profile through as one exact argument', async () => {
		for (const profile of ["it's", 'a b', '$(id)', '`id`', 'x;y', 'new\nline', String.raw`back\slash`, '*']) {
			const command = awsAuthRefreshCommand(profile).replace(/^aws /, 'printf "%s\\0" ');
			// eslint-disable-next-line no-await-in-loop -- a handful of tiny shells, in order for clear failures
			const {stdout} = await run('/bin/sh', ['-c', command]);
			expect(stdout.split('\0').slice(0, -1)).toEqual(['sso', 'login', '--profile', profile]);
		}
	});
});

describe('parseCallerIdentity', () => {
	it('reads the three fields', () => {
		const stdout = JSON.stringify({UserId: 'AROAEXAMPLE:ada', Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/Dev/ada'}, undefined, 4);
		expect(parseCallerIdentity(stdout)).toEqual({account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/Dev/ada', userId: 'AROAEXAMPLE:ada'});
	});

	it.each([['empty', ''], ['not JSON', 'hello'], ['an array', '[]'], ['a field missing', '{"Account":"1","Arn":"a"}'], ['a field of the wrong type', '{"Account":1,"Arn":"a","UserId":"u"}'], ['null', 'null']])('gives undefined for %s', (_name, stdout) => {
		expect(parseCallerIdentity(stdout)).toBeUndefined();
	});
});

describe('parseInferenceProfiles', () => {
	const listing = JSON.stringify({
		inferenceProfileSummaries: [
			{inferenceProfileId: 'us.anthropic.claude-sonnet-4-6', inferenceProfileName: 'US Claude Sonnet 4.6', models: [{modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6'}]},
			{inferenceProfileId: 'us.amazon.nova-pro-v1:0', models: [{modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'}]},
			{inferenceProfileId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0'},
			{inferenceProfileId: 'us.meta.llama3-3-70b-instruct-v1:0'},
			{inferenceProfileId: 'a1b2c3d4e5f6', models: [{modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0'}]},
			{inferenceProfileId: 'us.anthropic.claude-sonnet-4-6'},
			'junk',
			null,
			{inferenceProfileName: 'no id'},
		],
	});

	it('keeps the Anthropic profiles, in order, once each', () => {
		expect(parseInferenceProfiles(listing)).toEqual(['us.anthropic.claude-sonnet-4-6', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'a1b2c3d4e5f6']);
	});

	it('gives an empty list for an answer with no Claude profiles', () => {
		expect(parseInferenceProfiles('{"inferenceProfileSummaries": []}')).toEqual([]);
		expect(readInferenceProfiles('{"inferenceProfileSummaries": []}')).toEqual([]);
	});

	it.each([['empty', ''], ['not JSON', '<html>'], ['another answer', '{"Account":"1"}']])('tells %s apart from "no profiles"', (_name, stdout) => {
		expect(readInferenceProfiles(stdout)).toBeUndefined();
		expect(parseInferenceProfiles(stdout)).toEqual([]);
	});
});

describe('interpretAwsFailure', () => {
	it.each([
		[
			'an expired SSO token',
			'\nError when retrieving token from sso: Token has expired and refresh failed\n',
			'dev',
			/SSO sign-in has expired: run `aws sso login --profile dev`/,
		],
		['an expired SSO session, quoting the profile', 'The SSO session associated with this profile has expired or is otherwise invalid.', 'my team', /`aws sso login --profile 'my team'`/],
		['an SSO error without a profile', 'Error loading SSO Token: Token for corp does not exist', undefined, /aws sso login --profile <profile>/],
		['no credentials', 'Unable to locate credentials. You can configure credentials by running "aws configure".', undefined, /No AWS credentials were found/],
		['a missing profile', 'The config profile (typo) could not be found', 'typo', /AWS profile "typo" does not exist.*aws configure list-profiles/],
		[
			'a missing IAM permission for Bedrock',
			'An error occurred (AccessDeniedException) when calling the ListInferenceProfiles operation: User: arn:aws:sts::1:assumed-role/Dev/ada is not authorized to perform: bedrock:ListInferenceProfiles on resource: arn:aws:bedrock:us-east-1:1:inference-profile/*',
			'dev',
			/not allowed to call bedrock:ListInferenceProfiles.*IAM.*bedrock:InvokeModel/,
		],
		['a bare AccessDenied', 'An error occurred (AccessDenied) when calling the GetCallerIdentity operation: Access denied', undefined, /AccessDenied.*IAM/],
		['no endpoint', 'Could not connect to the endpoint URL: "https://bedrock.xx-nowhere-1.amazonaws.com/inference-profiles"', undefined, /Could not reach https:\/\/bedrock\.xx-nowhere-1\.amazonaws\.com\/inference-profiles: check the region/],
		['an expired session token', 'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired', undefined, /temporary AWS credentials have expired/],
		['an unknown key', 'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.', undefined, /does not recognise this access key ID/],
		['a wrong secret', 'An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match', undefined, /secret access key/],
		['an old CLI', 'aws: error: argument command: Invalid choice, valid choices are:', undefined, /too old to know `aws bedrock`/],
		['anything else', '\n  Something odd happened\nmore detail\n', undefined, /^The AWS CLI said: Something odd happened$/],
		['nothing at all', '  \n', undefined, /failed without saying why/],
	])('%s', (_name, stderr, profile, message) => {
		const line = interpretAwsFailure(stderr, profile);
		expect(line).toMatch(message);
		expect(line).not.toContain('\n');
	});

	it('does not send an expired session token to `aws sso login`', () => {
		expect(interpretAwsFailure('The security token included in the request is expired', 'dev')).not.toMatch(/sso login/);
	});

	it('shortens a very long unknown line', () => {
		expect(interpretAwsFailure('x'.repeat(1000)).length).toBeLessThan(300);
	});
});
