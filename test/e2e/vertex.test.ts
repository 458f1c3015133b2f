import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {startProviderServer, providerReplyText, type ProviderServer} from '../helpers/provider-server.js';
import {acceptDefault, answerSelect, answerText, finishAfterForm, flat, parseAuthStatus, readUserSettings, slowStepMs, useE2eSession, walkToMethod} from '../helpers/wizard-driver.js';

/**
Google Vertex AI end to end: the built wizard in a real terminal (no gcloud on PATH, so the project is
typed and the credentials cannot be checked), then the REAL Claude Code CLI against a local Vertex
stand-in (ANTHROPIC_VERTEX_BASE_URL, with CLAUDE_CODE_SKIP_VERTEX_AUTH=1 since there are no Google
credentials here): the request goes to the project, region and model the wizard pinned.
*/

const session = useE2eSession();
let server: ProviderServer;

beforeAll(async () => {
	server = await startProviderServer();
});

afterAll(async () => {
	await server?.close();
});

const project = 'claude-setup-e2e';

describe('Google Vertex AI', {timeout: 180_000}, () => {
	it('with a typed project and region: Claude Code calls that project, region and pinned model', async () => {
		const sandbox = await session.sandbox();
		const terminal = session.startWizard(sandbox);
		await walkToMethod(terminal, 'Google Vertex AI');
		await answerText(terminal, 'Google Cloud project ID (ANTHROPIC_VERTEX_PROJECT_ID)', project);
		await answerSelect(terminal, 'Region (CLOUD_ML_REGION)', 'us-east5');
		await acceptDefault(terminal, 'Main model (ANTHROPIC_MODEL)');
		await acceptDefault(terminal, 'Background model for quick tasks');

		await terminal.waitForText(copy.form.passedTitle, {timeoutMs: slowStepMs, screenOnly: true});
		expect(flat(terminal.screen())).toContain('gcloud is not installed, so Application Default Credentials could not be checked');
		const review = await finishAfterForm(terminal);
		expect(review).toContain(`"ANTHROPIC_VERTEX_PROJECT_ID": "${project}"`);

		await terminal.waitForText(copy.done.next, {timeoutMs: slowStepMs});
		const done = flat(terminal.screen());
		expect(done).toContain(copy.done.methodVerified('vertex'));
		expect(done).toContain(copy.done.providerOk('vertex'));
		expect(await terminal.waitForExit(15_000), done).toBe(0);

		const {data} = await readUserSettings(sandbox.home);
		expect(data.env).toEqual({
			CLAUDE_CODE_USE_VERTEX: '1',
			CLOUD_ML_REGION: 'us-east5',
			ANTHROPIC_VERTEX_PROJECT_ID: project,
			ANTHROPIC_MODEL: 'claude-sonnet-4-6',
			ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5@20251001',
		});
		expect(Object.keys(data).sort()).toEqual(['env']);

		const vertexEnv = {ANTHROPIC_VERTEX_BASE_URL: server.url, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1'};
		const before = server.requests.length;
		const ping = await session.runClaude(sandbox, ['-p', 'ping'], vertexEnv);
		expect(ping.exitCode, `claude -p failed:\n${String(ping.all)}`).toBe(0);
		expect(ping.stdout).toContain(providerReplyText);
		const sent = server.requests.slice(before);
		const call = sent.find(request => request.method === 'POST' && request.pathname.endsWith(':streamRawPredict'));
		expect(call, `Claude Code sent:\n${sent.map(request => `  ${request.method} ${request.url}`).join('\n')}`).toBeDefined();
		expect(call!.pathname).toBe(`/projects/${project}/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-6:streamRawPredict`);
		expect(call!.json).toMatchObject({anthropic_version: 'vertex-2023-10-16', stream: true});

		const status = parseAuthStatus(await session.runClaude(sandbox, ['auth', 'status'], vertexEnv));
		expect(status.apiProvider).toBe('vertex');
	});
});
