import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {startProviderServer, providerReplyText, type ProviderServer} from '../helpers/provider-server.js';
import {
	acceptDefault,
	answerSecret,
	answerSelect,
	answerText,
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
} from '../helpers/wizard-driver.js';

/**
Microsoft Foundry with an API key end to end: the wizard checks the key against a local Foundry
stand-in (an empty request: 401 for a wrong key, 400 for a good one), keeps it in the keychain and
adds the `claude` shell function to ~/.bashrc (SHELL=/bin/bash), since Claude Code reads a Foundry
key only from ANTHROPIC_FOUNDRY_API_KEY. Then an interactive bash runs the REAL Claude Code through
that function: the request carries the key, and no file under HOME does.
*/

const session = useE2eSession();
let server: ProviderServer;

/** Assembled at run time and saying what they are. */
const goodKey = ['foundry', 'e2e', 'not-a-real-key', 'x'.repeat(24)].join('-');
const wrongKey = ['foundry', 'e2e-wrong', 'not-a-real-key', 'y'.repeat(24)].join('-');

beforeAll(async () => {
	server = await startProviderServer({acceptedKeys: [goodKey]});
});

afterAll(async () => {
	await server?.close();
});

const deployments = [
	['Deployment name for Sonnet (ANTHROPIC_DEFAULT_SONNET_MODEL)', 'claude-sonnet-4-6'],
	['Deployment name for Opus (ANTHROPIC_DEFAULT_OPUS_MODEL)', 'claude-opus-4-6'],
	['Deployment name for Haiku (ANTHROPIC_DEFAULT_HAIKU_MODEL)', 'claude-haiku-4-5'],
] as const;

describe('Microsoft Foundry', {timeout: 180_000}, () => {
	it('with an API key: a wrong key is rejected, the right one reaches Claude Code through the claude function only', async () => {
		const sandbox = await session.sandbox();
		const endpoint = `${server.url}/anthropic`;
		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'Microsoft Foundry');
		await answerText(terminal, 'Foundry resource name, or its base URL', endpoint);
		await answerSelect(terminal, 'How should Claude Code sign in to Foundry?', 'An API key from "Keys and Endpoint"');
		await answerSecret(terminal, 'Foundry API key', wrongKey);
		for (const [question, deployment] of deployments) {
			// eslint-disable-next-line no-await-in-loop -- one question after the other
			await acceptDefault(terminal, question, deployment);
		}

		// The check sends the key with an empty request; the stand-in answers 401 as Foundry does.
		await terminal.waitForText(copy.form.failedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(flat(terminal.screen())).toContain('Foundry rejected the API key (HTTP 401)');
		const rejected = await server.waitForRequest(request => request.headers['x-api-key'] === wrongKey, 1000);
		expect(rejected).toMatchObject({method: 'POST', pathname: '/anthropic/v1/messages', body: '{}'});

		// Change the answers: every other answer is kept; only the key is typed again.
		await answerSelect(terminal, copy.form.failedTitle, copy.form.choices.change);
		await acceptDefault(terminal, 'Foundry resource name, or its base URL', endpoint);
		await acceptDefault(terminal, 'How should Claude Code sign in to Foundry?');
		await answerSecret(terminal, 'Foundry API key', goodKey);
		for (const [question, deployment] of deployments) {
			// eslint-disable-next-line no-await-in-loop -- one question after the other
			await acceptDefault(terminal, question, deployment);
		}

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(flat(terminal.screen())).toContain('Foundry accepts the API key');
		const review = flat(await finishAfterForm(terminal));
		expect(review).toContain(copy.review.secret('keychain', false, 'Foundry API key'));
		expect(review).toContain('~/.bashrc: the `claude` function that hands Claude Code its key from the keychain');

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = flat(terminal.screen());
		expect(done).toContain(copy.done.methodVerified('foundry'));
		expect(done).toContain(copy.done.helperPrints('claude function (ANTHROPIC_FOUNDRY_API_KEY)'));
		expect(done).toContain(copy.done.providerOk('foundry'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);
		expectNeverShown(terminal, [goodKey, wrongKey]);

		// Settings name the endpoint and deployments; the key is in the keychain, the function reads it from there.
		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({
			CLAUDE_CODE_USE_FOUNDRY: '1',
			ANTHROPIC_FOUNDRY_BASE_URL: endpoint,
			ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-6',
			ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-4-6',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
		});
		expect(Object.keys(data).sort()).toEqual(['env']);
		expect(await readKeychain(sandbox.home, 'foundry-api-key')).toBe(goodKey);
		const bashrc = await readFile(path.join(sandbox.home, '.bashrc'), 'utf8');
		expect(bashrc).toMatch(/^claude\(\) \{ ANTHROPIC_FOUNDRY_API_KEY="\$\('[^']+\/api-key-helper' --secret foundry-api-key-[\da-f]{8}\)" command claude "\$@"; \}$/m);
		expect(await filesContaining(sandbox.home, [goodKey, wrongKey])).toEqual([]);
		expect(await filesContaining(sandbox.project, [goodKey, wrongKey])).toEqual([]);

		// An interactive bash reads ~/.bashrc, so `claude` is the function: the REAL Claude Code gets the key.
		const before = server.requests.length;
		const ping = await session.run(sandbox, '/bin/bash', ['-ic', 'claude -p ping']);
		expect(ping.exitCode, `bash -ic 'claude -p ping' failed:\n${String(ping.all)}`).toBe(0);
		expect(ping.stdout).toContain(providerReplyText);
		const sent = server.requests.slice(before);
		const message = sent.find(request => request.method === 'POST' && request.pathname === '/anthropic/v1/messages');
		expect(message, `Claude Code sent:\n${sent.map(request => `  ${request.method} ${request.url}`).join('\n')}`).toBeDefined();
		expect(message!.headers['x-api-key']).toBe(goodKey);
		expect((message!.json as {model?: string}).model).toMatch(/^claude-(?:sonnet-4-6|opus-4-6|haiku-4-5)$/);

		// Claude Code run the same way reports Foundry; the key still reached no file.
		const status = parseAuthStatus(await session.run(sandbox, '/bin/bash', ['-ic', 'claude auth status']));
		expect(status.apiProvider).toBe('foundry');
		expect(await filesContaining(sandbox.home, [goodKey, wrongKey])).toEqual([]);
	});
});
