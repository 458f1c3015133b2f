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
	choose,
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
An LLM gateway end to end, both ways the wizard offers to hand it a token: through claude-setup's
helper from the keychain (apiKeyHelper), and written into the settings as ANTHROPIC_AUTH_TOKEN when
the user chooses so. The local stand-in plays the gateway; the REAL Claude Code sends it the token.
Then the wizard runs again in the helper setup's HOME and switches it to Bedrock: nothing of the
gateway may remain, and settings it does not own must stay byte for byte.
*/

const session = useE2eSession();
let server: ProviderServer;

/** Assembled at run time and saying what they are. */
const helperToken = ['gateway', 'e2e-helper', 'not-a-real-token', 'x'.repeat(24)].join('-');
const plaintextToken = ['gateway', 'e2e-settings', 'not-a-real-token', 'y'.repeat(24)].join('-');

beforeAll(async () => {
	server = await startProviderServer({acceptedKeys: [helperToken, plaintextToken]});
});

afterAll(async () => {
	await server?.close();
});

/** `claude -p ping` in the sandbox; the Messages request it sent to the local server. */
async function pingGateway(sandbox: Sandbox): Promise<RecordedRequest> {
	const before = server.requests.length;
	const ping = await session.runClaude(sandbox, ['-p', 'ping']);
	expect(ping.exitCode, `claude -p failed:\n${String(ping.all)}`).toBe(0);
	expect(ping.stdout).toContain(providerReplyText);
	const sent = server.requests.slice(before);
	const message = sent.find(request => request.method === 'POST' && request.pathname === '/v1/messages' && (request.json as {stream?: boolean} | undefined)?.stream === true);
	expect(message, `Claude Code sent:\n${sent.map(request => `  ${request.method} ${request.url}`).join('\n')}`).toBeDefined();
	return message!;
}

/** The wizard's own check of the token: an empty Messages request. */
function isGatewayCheck(request: RecordedRequest, token: string): boolean {
	return request.method === 'POST' && request.pathname === '/v1/messages' && request.body === '{}' && request.headers.authorization === `Bearer ${token}`;
}

describe('an LLM gateway, then a switch to Bedrock', {timeout: 180_000}, () => {
	let helperSandbox: Sandbox | undefined;

	it('with the token in the keychain: apiKeyHelper hands it to Claude Code, which sends it as x-api-key and Bearer', async () => {
		const sandbox = await session.sandbox();
		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'LLM gateway');
		await answerText(terminal, "Your gateway's URL (ANTHROPIC_BASE_URL)", server.url);
		await answerSelect(terminal, 'How does the gateway know it is you?', 'A token or key, kept in the keychain (recommended)');
		await answerSecret(terminal, 'Paste the gateway token', helperToken);

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(terminal.screen()).toContain('The gateway accepts the credential');
		const check = await server.waitForRequest(request => isGatewayCheck(request, helperToken), 1000);
		expect(check.headers['x-api-key']).toBe(helperToken);
		const review = flat(await finishAfterForm(terminal));
		expect(review).toContain(copy.review.secret('keychain', false, 'gateway token'));
		expect(review).toContain('"apiKeyHelper":');

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = flat(terminal.screen());
		expect(done).toContain(copy.done.methodVerified('gateway'));
		expect(done).toContain(copy.done.helperPrints('apiKeyHelper'));
		expect(done).toContain(copy.done.providerOk('firstParty'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		expectNeverShown(terminal, [helperToken]);

		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({ANTHROPIC_BASE_URL: server.url});
		expect(data['apiKeyHelper']).toBe(`'${path.join(sandbox.home, '.claude', 'claude-setup', 'bin', 'api-key-helper')}'`);
		expect(await readKeychain(sandbox.home, 'api-key')).toBe(helperToken);
		expect(await filesContaining(sandbox.home, [helperToken])).toEqual([]);

		const message = await pingGateway(sandbox);
		expect(message.headers['x-api-key']).toBe(helperToken);
		expect(message.headers.authorization).toBe(`Bearer ${helperToken}`);
		const status = parseAuthStatus(await session.runClaude(sandbox, ['auth', 'status']));
		expect(status).toMatchObject({apiProvider: 'firstParty', authMethod: 'api_key_helper', apiKeySource: 'apiKeyHelper'});
		expect(await filesContaining(sandbox.home, [helperToken])).toEqual([]);
		helperSandbox = sandbox;
	});

	it('with ANTHROPIC_AUTH_TOKEN in the settings (chosen plaintext): Claude Code sends it as Bearer', async () => {
		const sandbox = await session.sandbox();
		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'LLM gateway');
		await answerText(terminal, "Your gateway's URL (ANTHROPIC_BASE_URL)", server.url);
		await answerSelect(terminal, 'How does the gateway know it is you?', 'A token written into the settings file (ANTHROPIC_AUTH_TOKEN)');
		await answerSecret(terminal, 'Paste the gateway token (it will be stored in plaintext in settings)', plaintextToken);

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		const check = await server.waitForRequest(request => isGatewayCheck(request, plaintextToken), 1000);
		expect(check.headers['x-api-key']).toBeUndefined();
		await finishAfterForm(terminal);

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = flat(terminal.screen());
		expect(done).toContain(copy.done.methodVerified('gateway'));
		expect(done).toContain(copy.done.providerOk('firstParty'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		// Written in plaintext by choice, yet never shown: not in the review's diff, not anywhere on screen.
		expectNeverShown(terminal, [plaintextToken]);

		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({ANTHROPIC_BASE_URL: server.url, ANTHROPIC_AUTH_TOKEN: plaintextToken});
		expect(data).not.toHaveProperty('apiKeyHelper');
		expect(await readKeychain(sandbox.home, 'api-key')).toBeNull();

		const message = await pingGateway(sandbox);
		expect(message.headers.authorization).toBe(`Bearer ${plaintextToken}`);
		expect(message.headers['x-api-key']).toBeUndefined();
		const status = parseAuthStatus(await session.runClaude(sandbox, ['auth', 'status']));
		expect(status.apiProvider).toBe('firstParty');
	});

	it('switched to Bedrock by a second run: nothing of the gateway remains, other settings stay byte for byte', async () => {
		expect(helperSandbox, 'the keychain-helper gateway test must have set up this HOME').toBeDefined();
		const sandbox = helperSandbox!;

		// Settings the wizard does not own, in a formatting of their own, beside the gateway setup.
		const settingsPath = path.join(sandbox.home, '.claude', 'settings.json');
		const unrelatedTop = '"permissions": {"allow": ["Bash(git status)"], "deny": ["Read(./.env)"]}';
		const unrelatedEnv = '"BASH_DEFAULT_TIMEOUT_MS":   "120000"';
		const gatewayText = await readFile(settingsPath, 'utf8');
		const edited = gatewayText.replace(/^\{\n/, `{\n  ${unrelatedTop},\n`).replace(/"env": \{\n/, `"env": {\n    ${unrelatedEnv},\n`);
		expect(edited).not.toBe(gatewayText);
		await writeFile(settingsPath, edited);

		const keyId = `AKIASWITCHE2ETEST`.padEnd(20, '0');
		const secret = ['not-a-real-aws-secret', 'SWITCH', 'z'.repeat(20)].join('-');
		await mkdir(path.join(sandbox.home, '.aws'), {recursive: true});
		await writeFile(path.join(sandbox.home, '.aws', 'credentials'), `[team]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`, {mode: 0o600});
		await writeFile(path.join(sandbox.home, '.aws', 'config'), '[profile team]\nregion = eu-west-1\n');

		const terminal = session.startWizard(sandbox);
		await terminal.waitForText(copy.current.title, {timeoutMs: slowStepMs, screenOnly: true});
		await choose(terminal, copy.current.choices.reconfigure);
		await walkToMethod(terminal, 'Amazon Bedrock');
		await answerSelect(terminal, 'Which AWS credentials should Claude Code use?', 'An AWS profile from your AWS config (1 found)');
		await answerSelect(terminal, 'Which profile?', 'team');
		await acceptDefault(terminal, 'AWS region (AWS_REGION)', 'eu-west-1');
		await acceptDefault(terminal, 'Main model (ANTHROPIC_MODEL)');
		await acceptDefault(terminal, 'Background model for quick tasks');

		const review = await finishAfterForm(terminal);
		// The review says what goes: the helper setting, the gateway URL, the token in the keychain.
		expect(flat(review)).toContain(copy.review.removeSecret('API key or gateway token'));
		expect(review).toMatch(/^\s*- .*"apiKeyHelper":/m);
		expect(review).toMatch(/^\s*- .*"ANTHROPIC_BASE_URL":/m);

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = flat(terminal.screen());
		expect(done).toContain(copy.done.methodVerified('bedrock'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		expectNeverShown(terminal, [helperToken, secret]);

		const {text, data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({
			BASH_DEFAULT_TIMEOUT_MS: '120000',
			CLAUDE_CODE_USE_BEDROCK: '1',
			AWS_PROFILE: 'team',
			AWS_REGION: 'eu-west-1',
			ANTHROPIC_MODEL: 'eu.anthropic.claude-sonnet-4-6',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
		});
		expect(Object.keys(data).sort()).toEqual(['env', 'permissions']);
		expect(text).toContain(`  ${unrelatedTop},\n`);
		expect(text).toContain(`    ${unrelatedEnv},\n`);
		expect(await readKeychain(sandbox.home, 'api-key')).toBeNull();

		// The real Claude Code now signs Bedrock requests with the profile's keys, and sends nothing to the gateway.
		const before = server.requests.length;
		const ping = await session.runClaude(sandbox, ['-p', 'ping'], {ANTHROPIC_BEDROCK_BASE_URL: server.url});
		expect(ping.exitCode, `claude -p failed:\n${String(ping.all)}`).toBe(0);
		expect(ping.stdout).toContain(providerReplyText);
		const sent = server.requests.slice(before);
		expect(sent.filter(request => request.pathname.startsWith('/v1/'))).toEqual([]);
		const stream = sent.find(request => request.pathname === '/model/eu.anthropic.claude-sonnet-4-6/invoke-with-response-stream');
		expect(stream, `Claude Code sent:\n${sent.map(request => `  ${request.method} ${request.url}`).join('\n')}`).toBeDefined();
		expect(parseSigV4(stream!.headers.authorization as string | undefined)).toMatchObject({accessKeyId: keyId, region: 'eu-west-1', service: 'bedrock'});
		expect(hasValidSigV4(stream!, secret)).toBe(true);
		const status = parseAuthStatus(await session.runClaude(sandbox, ['auth', 'status'], {ANTHROPIC_BEDROCK_BASE_URL: server.url}));
		expect(status.apiProvider).toBe('bedrock');
	});
});
