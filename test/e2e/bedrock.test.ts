import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {startProviderServer, providerReplyText, type ProviderServer, type RecordedRequest} from '../helpers/provider-server.js';
import {hasValidSigV4, parseSigV4} from '../helpers/sigv4.js';
import {
	acceptDefault,
	answerSecret,
	answerSelect,
	answerText,
	configDirectoryHash,
	expectNeverShown,
	filesContaining,
	finishAfterForm,
	flat,
	parseAuthStatus,
	readKeychain,
	readUserSettings,
	slowStepMs,
	useE2eSession,
	walkToMethod,
	type Sandbox,
} from '../helpers/wizard-driver.js';

/**
Amazon Bedrock end to end: the built wizard in a real terminal writes the setup, then the REAL
Claude Code CLI runs `claude -p` against a local Bedrock stand-in (ANTHROPIC_BEDROCK_BASE_URL), and
the test reads the SigV4 signature it sent: the credentials the wizard set up are the ones used.
No `aws` CLI is on PATH, so the wizard says it could not check the credentials, and goes on.
*/

const session = useE2eSession();
let server: ProviderServer;

beforeAll(async () => {
	server = await startProviderServer();
});

afterAll(async () => {
	await server?.close();
});

/** Test credentials, assembled at run time and saying what they are: nothing here looks like a real AWS key. */
function fakeAwsKeys(tag: string): {accessKeyId: string; secretAccessKey: string} {
	return {accessKeyId: `AKIA${tag}E2ETEST`.padEnd(20, '0'), secretAccessKey: ['not-a-real-aws-secret', tag, 'x'.repeat(20)].join('-')};
}

/**
`claude -p ping` with Bedrock sent to the local stand-in; returns its streamed call of `model`, after
checking that every request it made is signed (SigV4, verified) with the key pair it was given.
*/
async function pingThroughBedrock(sandbox: Sandbox, model: string, keys: {accessKeyId: string; secretAccessKey: string}): Promise<RecordedRequest> {
	const before = server.requests.length;
	const ping = await session.runClaude(sandbox, ['-p', 'ping'], {ANTHROPIC_BEDROCK_BASE_URL: server.url});
	expect(ping.exitCode, `claude -p failed:\n${String(ping.all)}`).toBe(0);
	expect(ping.stdout).toContain(providerReplyText);
	const sent = server.requests.slice(before);
	const stream = sent.find(request => request.method === 'POST' && request.pathname === `/model/${model}/invoke-with-response-stream`);
	expect(stream, `no streamed call of ${model}; Claude Code sent:\n${sent.map(request => `  ${request.method} ${request.url}`).join('\n')}`).toBeDefined();
	for (const request of sent) {
		expect(parseSigV4(request.headers.authorization as string | undefined)?.accessKeyId, `${request.method} ${request.url}`).toBe(keys.accessKeyId);
		expect(hasValidSigV4(request, keys.secretAccessKey), `the signature of ${request.method} ${request.url}`).toBe(true);
	}

	return stream!;
}

async function expectBedrockStatus(sandbox: Sandbox): Promise<void> {
	const status = parseAuthStatus(await session.runClaude(sandbox, ['auth', 'status'], {ANTHROPIC_BEDROCK_BASE_URL: server.url}));
	expect(status.apiProvider).toBe('bedrock');
	expect(status.loggedIn).toBe(true);
}

describe('Amazon Bedrock', {timeout: 180_000}, () => {
	it('with an AWS profile: settings name the profile, and Claude Code signs with its keys', async () => {
		const sandbox = await session.sandbox();
		const keys = fakeAwsKeys('PROFILE');
		await mkdir(path.join(sandbox.home, '.aws'), {recursive: true});
		await writeFile(path.join(sandbox.home, '.aws', 'credentials'), `[team]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`, {mode: 0o600});
		await writeFile(path.join(sandbox.home, '.aws', 'config'), '[profile team]\nregion = eu-west-1\n');

		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'Amazon Bedrock');
		await answerSelect(terminal, 'Which AWS credentials should Claude Code use?', 'An AWS profile from your AWS config (1 found)');
		await answerSelect(terminal, 'Which profile?', 'team');
		// The region comes from the profile.
		await acceptDefault(terminal, 'AWS region (AWS_REGION)', 'eu-west-1');
		await acceptDefault(terminal, 'Main model (ANTHROPIC_MODEL)');
		await acceptDefault(terminal, 'Background model for quick tasks');

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(terminal.screen()).toContain('The aws CLI is not installed, so the credentials could not be checked here');
		const review = await finishAfterForm(terminal);
		expect(review).toContain('"AWS_PROFILE": "team"');

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = terminal.screen();
		expect(flat(done)).toContain(copy.done.methodVerified('bedrock'));
		expect(flat(done)).toContain(copy.done.providerOk('bedrock'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		expectNeverShown(terminal, [keys.secretAccessKey]);

		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({
			CLAUDE_CODE_USE_BEDROCK: '1',
			AWS_PROFILE: 'team',
			AWS_REGION: 'eu-west-1',
			ANTHROPIC_MODEL: 'eu.anthropic.claude-sonnet-4-6',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
		});
		// A profile with keys needs no refresh command and no helper.
		expect(Object.keys(data).sort()).toEqual(['env']);

		const stream = await pingThroughBedrock(sandbox, 'eu.anthropic.claude-sonnet-4-6', keys);
		const signature = parseSigV4(stream.headers.authorization as string | undefined);
		expect(signature, String(stream.headers.authorization)).toMatchObject({accessKeyId: keys.accessKeyId, region: 'eu-west-1', service: 'bedrock'});
		await expectBedrockStatus(sandbox);
	});

	it('with access keys typed in: the keys go to the keychain only, an AWS profile\'s credential_process hands them to Claude Code', async () => {
		const sandbox = await session.sandbox();
		const keys = fakeAwsKeys('TYPED');
		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'Amazon Bedrock');
		// No AWS config in this HOME: access keys are the first choice.
		await answerSelect(terminal, 'Which AWS credentials should Claude Code use?', 'An access key ID and secret access key');
		await answerText(terminal, 'Access key ID', keys.accessKeyId);
		await answerSecret(terminal, 'Secret access key', keys.secretAccessKey);
		await answerText(terminal, 'AWS region (AWS_REGION)', 'eu-central-1');
		await acceptDefault(terminal, 'Main model (ANTHROPIC_MODEL)');
		await acceptDefault(terminal, 'Background model for quick tasks');

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(terminal.screen()).toContain('The aws CLI is not installed, so the credentials could not be checked here');
		const review = await finishAfterForm(terminal);
		expect(flat(review)).toContain(copy.review.secret('keychain', false, 'AWS access key'));
		expect(flat(review)).toContain('~/.aws/config: the AWS profile whose credential_process hands Claude Code the keys from the keychain');
		expect(review).toContain('"AWS_PROFILE": "claude-setup"');

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = terminal.screen();
		expect(flat(done)).toContain(copy.done.methodVerified('bedrock'));
		expect(flat(done)).toContain(copy.done.helperPrints('credential_process of the AWS profile claude-setup'));
		expect(flat(done)).toContain(copy.done.providerOk('bedrock'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		expectNeverShown(terminal, [keys.secretAccessKey]);

		// The settings name claude-setup's AWS profile, whose credential_process is the helper; the key
		// pair is in the keychain and in no file.
		const account = `bedrock-credentials-${configDirectoryHash(sandbox.home)}`;
		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({
			CLAUDE_CODE_USE_BEDROCK: '1',
			AWS_PROFILE: 'claude-setup',
			AWS_REGION: 'eu-central-1',
			ANTHROPIC_MODEL: 'eu.anthropic.claude-sonnet-4-6',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
		});
		expect(Object.keys(data).sort()).toEqual(['env']);
		const awsConfig = await readFile(path.join(sandbox.home, '.aws', 'config'), 'utf8');
		const helperLauncher = path.join(sandbox.home, '.claude', 'claude-setup', 'bin', 'api-key-helper');
		expect(awsConfig).toContain(`[profile claude-setup]\ncredential_process = '${helperLauncher}' --secret ${account}\n`);
		expect(JSON.parse((await readKeychain(sandbox.home, 'bedrock-credentials')) ?? 'null')).toEqual({
			Version: 1,
			AccessKeyId: keys.accessKeyId,
			SecretAccessKey: keys.secretAccessKey,
		});
		expect(await filesContaining(sandbox.home, [keys.accessKeyId, keys.secretAccessKey])).toEqual([]);
		expect(await filesContaining(sandbox.project, [keys.accessKeyId, keys.secretAccessKey])).toEqual([]);

		// Claude Code ran the credential_process and signed with exactly that key pair.
		const stream = await pingThroughBedrock(sandbox, 'eu.anthropic.claude-sonnet-4-6', keys);
		expect(parseSigV4(stream.headers.authorization as string | undefined)).toMatchObject({accessKeyId: keys.accessKeyId, region: 'eu-central-1', service: 'bedrock'});
		await expectBedrockStatus(sandbox);
		expect(await filesContaining(sandbox.home, [keys.accessKeyId, keys.secretAccessKey])).toEqual([]);
	});
});
