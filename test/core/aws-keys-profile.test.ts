import {describe, expect, it} from 'vitest';
import {secretRef} from '../../source/core/auth/configuration.js';
import {bedrockConfiguration} from '../../source/core/auth/specs/bedrock.js';
import {awsProfileBlock, hasAwsProfileBlock, hasOtherProfileNamed, removeAwsProfileBlock, upsertAwsProfileBlock} from '../../source/core/setup/aws-profile-block.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import {createFakeWorld} from '../helpers/fake-ports.js';

/**
Access keys typed into the wizard reach Claude Code through an AWS profile whose credential_process
is claude-setup's helper (Claude Code's awsCredentialExport takes only temporary credentials).
*/

const keysAnswers = {auth: 'keys', accessKeyId: 'AKIAEXAMPLETESTONLY0', secretAccessKey: 'not-a-real-secret', region: 'eu-west-1', model: 'eu.anthropic.claude-sonnet-4-6', smallModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0'};
const userProfile = '[default]\nregion = us-east-1\n\n[profile team]\nregion = eu-west-1\n';

describe('the AWS profile block', () => {
	it('is appended after what is there, replaced in place, and removed with the blank line before it', () => {
		const added = upsertAwsProfileBlock(userProfile, 'claude-setup', "'/h/helper' --secret a");
		expect(added).toBe(`${userProfile}\n${awsProfileBlock('claude-setup', "'/h/helper' --secret a")}\n`);
		expect(hasAwsProfileBlock(added)).toBe(true);
		const replaced = upsertAwsProfileBlock(added, 'claude-setup', "'/h/helper' --secret b");
		expect(replaced).toContain('credential_process = \'/h/helper\' --secret b');
		expect(replaced).not.toContain('--secret a');
		expect(removeAwsProfileBlock(replaced)).toBe(userProfile);
	});

	it('tells its own profile from one of the same name someone else wrote', () => {
		expect(hasOtherProfileNamed(upsertAwsProfileBlock(userProfile, 'claude-setup', 'x'), 'claude-setup')).toBe(false);
		expect(hasOtherProfileNamed(`${userProfile}[profile claude-setup]\nregion = x\n`, 'claude-setup')).toBe(true);
		expect(hasOtherProfileNamed(`${userProfile}[profile claude-setup-2]\n`, 'claude-setup')).toBe(false);
	});
});

describe('planning typed access keys', () => {
	it('stores the keys as credential_process output and adds the profile, never a key in a file', async () => {
		const world = await createFakeWorld({awsConfig: userProfile});
		const configuration = bedrockConfiguration(keysAnswers, {});
		const planned = await planChange(world.ports, 'user', 'keychain', configuration);
		if (!('plan' in planned)) {
			throw new Error(JSON.stringify(planned.problem));
		}

		const {plan} = planned;
		expect(JSON.parse(plan.secrets[0]!.value)).toEqual({Version: 1, AccessKeyId: keysAnswers.accessKeyId, SecretAccessKey: keysAnswers.secretAccessKey});
		const settings = JSON.parse(plan.afterText) as Record<string, unknown> & {env: Record<string, string>};
		expect(settings.env['AWS_PROFILE']).toBe('claude-setup');
		expect(settings).not.toHaveProperty('awsCredentialExport');
		const awsFile = plan.files.find(file => file.kind === 'aws-config');
		const account = secretRef('bedrock-credentials', world.ports.configDirHash).account;
		expect(awsFile?.afterText).toContain(`[profile claude-setup]\ncredential_process = ${plan.helperCommand!} --secret ${account}\n`);
		expect(awsFile?.afterText.startsWith(userProfile)).toBe(true);
		expect(plan.helperCommand).toBeDefined();
		for (const file of plan.files) {
			expect(file.afterText).not.toContain(keysAnswers.secretAccessKey);
			expect(file.afterText).not.toContain(keysAnswers.accessKeyId);
		}
	});

	it('leaves a profile of the same name alone and says so', async () => {
		const world = await createFakeWorld({awsConfig: `${userProfile}\n[profile claude-setup]\nregion = x\n`});
		const planned = await planChange(world.ports, 'user', 'keychain', bedrockConfiguration(keysAnswers, {}));
		expect(planned).toMatchObject({problem: {kind: 'io', message: expect.stringContaining('already has a profile named claude-setup')}});
	});

	it('removes the profile again when another setup replaces the keys', async () => {
		const world = await createFakeWorld({awsConfig: upsertAwsProfileBlock(userProfile, 'claude-setup', 'x')});
		const planned = await planChange(world.ports, 'user', 'keychain', bedrockConfiguration({...keysAnswers, auth: 'profile', profile: 'team'}, {}));
		if (!('plan' in planned)) {
			throw new Error(JSON.stringify(planned.problem));
		}

		expect(planned.plan.files.find(file => file.kind === 'aws-config')?.afterText).toBe(userProfile);
	});
});
