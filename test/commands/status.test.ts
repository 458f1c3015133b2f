import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {maskSecret} from '../../source/core/secrets/mask.js';
import {runStatus} from '../../source/commands/status.js';
import type {StatusReport} from '../../source/commands/status-report.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {commandIo, createCommandWorld, setUpConsoleKey, expectNoKey, fakeClaude, removeCommandWorlds, treeOf, type CommandWorld} from './command-world.js';

const key = fakeApiKey('STATUS');

afterEach(async () => {
	await removeCommandWorlds();
});

async function setUp(world: CommandWorld, scope: 'user' | 'project' | 'local' = 'user'): Promise<void> {
	await setUpConsoleKey(world, key, scope);
}

async function statusJson(world: CommandWorld, env: Record<string, string> = {}, askClaude = true): Promise<{report: StatusReport; text: string}> {
	const run = commandIo(world, {env});
	expect(await runStatus({json: true, askClaude}, run.io)).toBe(0);
	return {report: JSON.parse(run.stdout()) as StatusReport, text: run.output()};
}

describe('claude-setup status', () => {
	it('reports a fresh machine: nothing configured, Claude Code not on PATH', async () => {
		const world = await createCommandWorld();
		const {report} = await statusJson(world);
		expect(report).toEqual({
			schemaVersion: 1,
			configDir: world.configDir,
			method: {id: 'login-or-none', variable: null, source: null, configuredByClaudeSetup: false},
			settings: [
				{scope: 'user', path: world.paths.userSettings, exists: false, problem: null, apiKeyHelper: null, isClaudeSetupHelper: false, envCredentials: []},
				{scope: 'project', path: world.paths.projectSettings, exists: false, problem: null, apiKeyHelper: null, isClaudeSetupHelper: false, envCredentials: []},
				{scope: 'local', path: world.paths.localSettings, exists: false, problem: null, apiKeyHelper: null, isClaudeSetupHelper: false, envCredentials: []},
			],
			environment: {credentialVariables: []},
			helper: {command: `'${path.join(world.paths.helperDir, 'api-key-helper')}'`, directory: world.paths.helperDir, installed: false, secret: null},
			claudeCode: {state: 'not-installed'},
		});
	});

	it("reports claude-setup's setup: where each piece lives, the key only masked, and what Claude Code says", async () => {
		const world = await createCommandWorld();
		await setUp(world, 'local');
		await fakeClaude(world, {loggedIn: true, authMethod: 'api_key_helper', apiProvider: 'firstParty', apiKeySource: 'apiKeyHelper', email: 'someone@example.com'}, 0);
		const before = await treeOf(world.root);
		const {report, text} = await statusJson(world);
		expectNoKey(text, key);
		expect(report.method).toEqual({id: 'console-api-key', variable: null, source: {kind: 'settings', scope: 'local', path: world.paths.localSettings}, configuredByClaudeSetup: true});
		expect(report.settings.find(entry => entry.scope === 'local')).toMatchObject({exists: true, isClaudeSetupHelper: true});
		expect(report.helper).toMatchObject({installed: true, secret: {backend: 'file', location: world.paths.secretsFile, service: 'claude-setup', state: 'present', hint: maskSecret(key), error: null}});
		expect(report.claudeCode).toEqual({state: 'checked', path: path.join(world.bin, 'claude'), loggedIn: true, authMethod: 'api_key_helper', apiProvider: 'firstParty', apiKeySource: 'apiKeyHelper'});
		// Read-only: not a byte changed.
		expect(await treeOf(world.root)).toEqual(before);

		const human = commandIo(world);
		expect(await runStatus({json: false, askClaude: true}, human.io)).toBe(0);
		expect(human.stdout()).toContain("In use:       Claude Console API key, through claude-setup's key helper");
		expect(human.stdout()).toContain(`API key:      present, ${maskSecret(key)}`);
		expect(human.stdout()).toContain('Claude Code says (claude auth status): authMethod api_key_helper, apiKeySource apiKeyHelper, apiProvider firstParty');
		expectNoKey(human.output(), key);
	});

	it('says when the stored key is gone, and what outranks the helper, by name only', async () => {
		const world = await createCommandWorld();
		await setUp(world);
		await rm(world.paths.secretsFile);
		const shellKey = fakeApiKey('SHELL');
		const {report, text} = await statusJson(world, {ANTHROPIC_API_KEY: shellKey});
		expectNoKey(text, shellKey);
		expect(report.method).toMatchObject({id: 'api-key', variable: 'ANTHROPIC_API_KEY', source: {kind: 'environment'}, configuredByClaudeSetup: false});
		expect(report.environment.credentialVariables).toEqual(['ANTHROPIC_API_KEY']);
		expect(report.helper.secret).toMatchObject({state: 'missing', hint: null});

		const human = commandIo(world, {env: {ANTHROPIC_API_KEY: shellKey}});
		await runStatus({json: false}, human.io);
		expect(human.stdout()).toContain('API key:      MISSING');
		expectNoKey(human.output(), shellKey);
	});

	it("masks someone else's helper command, names env credentials in settings, and reports a broken file", async () => {
		const world = await createCommandWorld();
		const inline = fakeApiKey('INLINE');
		await mkdir(path.join(world.project, '.claude'), {recursive: true});
		await writeFile(world.paths.projectSettings, JSON.stringify({apiKeyHelper: `echo ${inline}`, env: {ANTHROPIC_AUTH_TOKEN: 'token-value-123456789'}}));
		await writeFile(world.paths.localSettings, '{"model": ');
		const {report, text} = await statusJson(world);
		expectNoKey(text, inline);
		expect(text).not.toContain('token-value-123456789');
		expect(report.method).toMatchObject({id: 'auth-token', source: {kind: 'settings', scope: 'project'}});
		expect(report.settings[1]).toMatchObject({apiKeyHelper: `echo ${maskSecret(inline)}`, isClaudeSetupHelper: false, envCredentials: ['ANTHROPIC_AUTH_TOKEN']});
		expect(report.settings[2]?.problem).toMatch(/^not valid JSON \(line 1, column \d+: /);
	});

	it('does not start Claude Code unless asked (--verify): it costs more than everything else', async () => {
		const world = await createCommandWorld();
		await writeFile(path.join(world.bin, 'claude'), `#!/bin/sh\ntouch '${path.join(world.root, 'claude-was-run')}'\n`, {mode: 0o755});
		const {report} = await statusJson(world, {}, false);
		expect(report.claudeCode).toEqual({state: 'not-asked'});
		expect((await treeOf(world.root)).some(entry => entry.path.endsWith('claude-was-run'))).toBe(false);
		const human = commandIo(world);
		await runStatus({json: false}, human.io);
		expect(human.stdout()).toContain('add --verify');
	});

	it('reports a Claude Code that answers with something other than JSON', async () => {
		const world = await createCommandWorld();
		await writeFile(path.join(world.bin, 'claude'), '#!/bin/sh\necho "segfault" >&2\nexit 3\n', {mode: 0o755});
		const {report} = await statusJson(world);
		expect(report.claudeCode).toEqual({state: 'failed', path: path.join(world.bin, 'claude'), message: '`claude auth status` printed something unexpected: segfault'});
	});
});
