import {readFile, stat, writeFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {consoleKeyRef} from '../../source/core/auth/console-key.js';
import {maskSecret} from '../../source/core/secrets/mask.js';
import {readStdin} from '../../source/commands/io.js';
import {missingAnswers, runScriptedSetup, type ScriptedOptions} from '../../source/commands/scripted-setup.js';
import {startAnthropicServer, type AnthropicServer} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {commandIo, createCommandWorld, expectNoKey, fakeClaude, removeCommandWorlds, treeOf, type CommandWorld} from './command-world.js';

const goodKey = fakeApiKey('SCRIPTED');
const rejectedKey = fakeApiKey('SCRIPTED-REJECTED');
let server: AnthropicServer;

beforeAll(async () => {
	server = await startAnthropicServer({acceptedKeys: [goodKey]});
});

afterAll(async () => {
	await server.close();
});

afterEach(async () => {
	await removeCommandWorlds();
});

/** Answers for a file-backed, unverified setup; each test changes what it is about. */
function answers(overrides: Partial<ScriptedOptions> = {}): ScriptedOptions {
	return {auth: 'console-api-key', apiKeyStdin: true, scope: 'user', secretStorage: 'file', skipKeyCheck: false, yes: true, dryRun: false, verify: false, ...overrides};
}

async function world(): Promise<CommandWorld> {
	return createCommandWorld({ANTHROPIC_BASE_URL: server.url});
}

async function secretsFileOf(world: CommandWorld): Promise<Record<string, string>> {
	return JSON.parse(await readFile(world.paths.secretsFile, 'utf8')) as Record<string, string>;
}

describe('missing answers', () => {
	it('names every missing flag at once', () => {
		expect(missingAnswers({...answers(), auth: undefined, apiKeyStdin: false, yes: false}, {env: {}, isInteractive: false})).toEqual([
			'--auth',
			'--api-key-stdin (or CLAUDE_SETUP_API_KEY)',
			'--yes',
		]);
	});

	it('takes the key from CLAUDE_SETUP_API_KEY, needs no --yes for a dry run, and can ask in a terminal', () => {
		const options = {...answers(), apiKeyStdin: false, yes: false};
		expect(missingAnswers(options, {env: {CLAUDE_SETUP_API_KEY: goodKey}, isInteractive: false})).toEqual(['--yes']);
		expect(missingAnswers({...options, dryRun: true}, {env: {CLAUDE_SETUP_API_KEY: goodKey}, isInteractive: false})).toEqual([]);
		expect(missingAnswers(options, {env: {CLAUDE_SETUP_API_KEY: goodKey}, isInteractive: true})).toEqual([]);
	});

	it('exits 2 without reading stdin or writing anything', async () => {
		const w = await world();
		const before = await treeOf(w.root);
		const stdin = new PassThrough();
		const run = commandIo(w, {stdin});
		expect(await runScriptedSetup(answers({auth: undefined, yes: false}), run.io)).toBe(2);
		expect(run.stderr()).toContain('missing: --auth, --yes');
		expect(run.stderr()).toContain('needs an interactive terminal');
		expect(await treeOf(w.root)).toEqual(before);
		expect(stdin.readableFlowing).toBeNull();
	});

	it.each([
		['console-login', 'Claude Console: browser login'],
		['claude-ai', 'Claude for Teams or Enterprise'],
		['bedrock', 'Amazon Bedrock'],
		['vertex', 'Google Vertex AI'],
		['foundry', 'Microsoft Foundry'],
		['gateway', 'LLM gateway'],
	])('sends --auth %s to the interactive wizard with exit 2, reading and writing nothing', async (method, label) => {
		const w = await world();
		const before = await treeOf(w.root);
		const stdin = new PassThrough();
		const run = commandIo(w, {stdin});
		expect(await runScriptedSetup(answers({auth: method}), run.io)).toBe(2);
		expect(run.stderr()).toContain(`${label} (--auth ${method}) is set up interactively: run \`npx claude-setup\` without --auth in a terminal.`);
		expect(run.stderr()).toContain('Without a terminal, only --auth console-api-key can be set up.');
		expect(run.stderr()).not.toContain('not built');
		expect(run.stdout()).toBe('');
		expect(stdin.readableFlowing).toBeNull();
		expect(await treeOf(w.root)).toEqual(before);
	});

	it('refuses an unknown method with exit 2, naming the known ones', async () => {
		const w = await world();
		const unknown = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers({auth: 'magic'}), unknown.io)).toBe(2);
		expect(unknown.stderr()).toContain('Unknown --auth magic. Known methods: console-api-key, console-login, claude-ai, bedrock, vertex, foundry, gateway.');
	});
});

describe('reading the key', () => {
	it('stops waiting for a stdin that never ends', async () => {
		const started = Date.now();
		expect(await readStdin(new PassThrough(), 200)).toEqual({kind: 'timeout'});
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('refuses stdin when it is a terminal, where a typed key would show', async () => {
		const w = await world();
		const stdin = Object.assign(new PassThrough(), {isTTY: true});
		const run = commandIo(w, {stdin});
		expect(await runScriptedSetup(answers(), run.io)).toBe(2);
		expect(run.stderr()).toContain('stdin is this terminal');
	});

	it('cleans the key like a paste, and refuses what is not an API key', async () => {
		const w = await world();
		const empty = commandIo(w, {stdin: '\n'});
		expect(await runScriptedSetup(answers(), empty.io)).toBe(2);
		expect(empty.stderr()).toContain('No API key arrived (stdin was empty)');

		const adminKey = ['sk-ant-admin01', 'TEST', 'not-a-real-key', 'x'.repeat(20)].join('-');
		const admin = commandIo(w, {stdin: adminKey});
		expect(await runScriptedSetup(answers(), admin.io)).toBe(1);
		expect(admin.stderr()).toContain('Admin API key');
		expectNoKey(admin.output(), adminKey);
		await expect(stat(w.configDir)).rejects.toThrow(/ENOENT/);
	});
});

describe('the key check', () => {
	it('stops at a 401 and writes nothing', async () => {
		const w = await world();
		const run = commandIo(w, {stdin: `export ANTHROPIC_API_KEY="${rejectedKey}"\n`});
		expect(await runScriptedSetup(answers(), run.io)).toBe(1);
		expect(run.stderr()).toContain('Anthropic rejected this key (401)');
		expectNoKey(run.output(), rejectedKey);
		await expect(stat(w.configDir)).rejects.toThrow(/ENOENT/);
	});

	it('stops when the check cannot be made, naming --skip-key-check; with it, no request is made', async () => {
		const closed = await startAnthropicServer();
		await closed.close();
		const w = await createCommandWorld({ANTHROPIC_BASE_URL: closed.url});
		const offline = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers(), offline.io)).toBe(1);
		expect(offline.stderr()).toMatch(/The key could not be checked: 127\.0\.0\.1:\d+ refused the connection/);
		expect(offline.stderr()).toContain('add --skip-key-check');
		await expect(stat(w.configDir)).rejects.toThrow(/ENOENT/);

		const skipped = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers({skipKeyCheck: true}), skipped.io)).toBe(0);
		expect(skipped.stdout()).toContain(`Key ${maskSecret(goodKey)} kept without a check.`);
		expect(skipped.stdout()).not.toContain('Checking the key');
		expect((await secretsFileOf(w))[`claude-setup/${consoleKeyRef(w.paths.configDirHash).account}`]).toBe(goodKey);
	});
});

describe('a complete run', () => {
	it('--dry-run shows the diff and what would be stored, and writes nothing', async () => {
		const w = await world();
		await mkdir(w.configDir, {recursive: true});
		await writeFile(path.join(w.configDir, 'settings.json'), '{\n\t"model": "opus"\n}\n');
		const before = await treeOf(w.root);
		const run = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers({dryRun: true, yes: false}), run.io)).toBe(0);
		expect(run.stdout()).toMatch(/^\s+\+ \t"apiKeyHelper": /m);
		expect(run.stdout()).toContain('Store the API key in ');
		expect(run.stdout()).toContain('Dry run: nothing was written.');
		expectNoKey(run.output(), goodKey);
		expect(await treeOf(w.root)).toEqual(before);
	});

	it('stores the key, installs the helper, writes apiKeyHelper, and verifies with Claude Code', async () => {
		const w = await world();
		await fakeClaude(w, {loggedIn: true, authMethod: 'api_key_helper', apiProvider: 'firstParty', apiKeySource: 'apiKeyHelper'});
		const run = commandIo(w, {stdin: `${goodKey}\n`});
		expect(await runScriptedSetup(answers({scope: 'local', verify: true}), run.io)).toBe(0);
		expect(run.stdout()).toContain(`Anthropic accepted the key ${maskSecret(goodKey)}.`);
		expect(run.stdout()).toContain('The key helper prints the key.');
		expect(run.stdout()).toContain('claude auth status: authenticates through apiKeyHelper.');
		expectNoKey(run.output(), goodKey);

		const settings = JSON.parse(await readFile(w.paths.localSettings, 'utf8')) as {apiKeyHelper: string};
		expect(settings.apiKeyHelper).toContain(w.paths.helperDir);
		expect(Object.values(await secretsFileOf(w))).toEqual([goodKey]);
		expect((await stat(w.paths.secretsFile)).mode & 0o777).toBe(0o600);
	});

	it('cancels an ANTHROPIC_API_KEY exported in the shell with "" in the settings it writes, and says so', async () => {
		const w = await world();
		await fakeClaude(w, {loggedIn: true, authMethod: 'api_key_helper', apiProvider: 'firstParty', apiKeySource: 'apiKeyHelper'});
		const run = commandIo(w, {stdin: goodKey, env: {ANTHROPIC_API_KEY: fakeApiKey('OTHER')}});
		expect(await runScriptedSetup(answers({verify: true}), run.io)).toBe(0);
		expect(run.stdout()).toContain('ANTHROPIC_API_KEY is exported in your shell: the settings set it to "" so it no longer applies.');
		const settings = JSON.parse(await readFile(w.paths.userSettings, 'utf8')) as {env: Record<string, string>};
		expect(settings.env).toEqual({ANTHROPIC_API_KEY: ''});
		expectNoKey(run.output(), fakeApiKey('OTHER'));
	});

	it('exits 1 when Claude Code does not use the helper after all (the shared project settings outrank it)', async () => {
		const w = await world();
		await mkdir(path.join(w.project, '.claude'), {recursive: true});
		await writeFile(path.join(w.project, '.claude', 'settings.json'), JSON.stringify({apiKeyHelper: 'echo team-key'}));
		await fakeClaude(w, {loggedIn: true, authMethod: 'api_key', apiProvider: 'firstParty', apiKeySource: 'ANTHROPIC_API_KEY'});
		const run = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers({verify: true, scope: 'user'}), run.io)).toBe(1);
		expect(run.stdout()).toContain('(shared with your team) still sets apiKeyHelper');
		expect(run.stderr()).toContain('The setup was saved');
	});

	it('takes the key from CLAUDE_SETUP_API_KEY and keeps it out of the environment of what it runs', async () => {
		const w = await world();
		// The stand-in claude reports whether it was given the variable.
		await writeFile(path.join(w.bin, 'claude'), '#!/bin/sh\nif [ -n "$CLAUDE_SETUP_API_KEY" ]; then echo \'{"authMethod":"leaked"}\'; else echo \'{"authMethod":"api_key_helper"}\'; fi\n', {mode: 0o755});
		const run = commandIo(w, {env: {CLAUDE_SETUP_API_KEY: goodKey}});
		expect(await runScriptedSetup(answers({apiKeyStdin: false, verify: true}), run.io)).toBe(0);
		expect(run.stdout()).toContain('authenticates through apiKeyHelper');
		expectNoKey(run.output(), goodKey);
	});

	it('in a terminal, asks before writing: "n" cancels with 130 and writes nothing, "y" writes', async () => {
		const w = await world();
		const options = answers({apiKeyStdin: false, yes: false});
		const no = commandIo(w, {stdin: 'n\n', isInteractive: true, env: {CLAUDE_SETUP_API_KEY: goodKey}});
		expect(await runScriptedSetup(options, no.io)).toBe(130);
		expect(no.stdout()).toContain('Write these changes? [y/N]');
		expect(no.stdout()).toContain('Cancelled. Nothing was written.');
		await expect(stat(w.configDir)).rejects.toThrow(/ENOENT/);

		const yes = commandIo(w, {stdin: 'y\n', isInteractive: true, env: {CLAUDE_SETUP_API_KEY: goodKey}});
		expect(await runScriptedSetup(options, yes.io)).toBe(0);
		expect(Object.values(await secretsFileOf(w))).toEqual([goodKey]);
		expectNoKey(no.output() + yes.output(), goodKey);
	});

	it('refuses to write over a settings file that is not valid JSON', async () => {
		const w = await world();
		await mkdir(w.configDir, {recursive: true});
		await writeFile(path.join(w.configDir, 'settings.json'), '{"model": "opus",}');
		const run = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers(), run.io)).toBe(1);
		expect(run.stderr()).toMatch(/not valid JSON, or a key claude-setup changes has the wrong shape\), so it was left untouched/);
		expect(await readFile(path.join(w.configDir, 'settings.json'), 'utf8')).toBe('{"model": "opus",}');
	});
});

describe('--install', () => {
	/** Serves an installer script that puts a small `claude` in ~/.local/bin, like the real one does. */
	async function installerServer(script: string): Promise<{url: string; close: () => Promise<void>}> {
		const {createServer} = await import('node:http');
		const httpServer = createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.end(script);
		});
		await new Promise<void>(resolve => {
			httpServer.listen(0, '127.0.0.1', resolve);
		});
		const {port} = httpServer.address() as {port: number};
		return {
			url: `http://127.0.0.1:${port}/install.sh`,
			close: async () => new Promise<void>(resolve => {
				httpServer.close(() => {
					resolve();
				});
			}),
		};
	}

	const goodInstaller = [
		'#!/bin/bash',
		'set -e',
		'echo "Setting up Claude Code..."',
		'mkdir -p "$HOME/.local/bin"',
		String.raw`printf '#!/bin/sh\necho "9.9.9 (Claude Code)"\n' > "$HOME/.local/bin/claude"`,
		'chmod +x "$HOME/.local/bin/claude"',
		'echo "Claude Code successfully installed!"',
	].join('\n');

	it('installs with the native installer first, streams its output to stderr, and names the PATH line to add', async () => {
		const installer = await installerServer(goodInstaller);
		try {
			const home = await createCommandWorld({ANTHROPIC_BASE_URL: server.url});
			const w = {...home, env: {...home.env, HOME: home.root, SHELL: '/bin/bash', CLAUDE_SETUP_INSTALLER_URL: installer.url}};
			const run = commandIo(w, {stdin: goodKey});
			expect(await runScriptedSetup(answers({install: 'native'}), run.io)).toBe(0);
			expect(run.stderr()).toContain('│ Setting up Claude Code...');
			expect(run.stdout()).toContain('Installed Claude Code 9.9.9: ~/.local/bin/claude');
			expect(run.stdout()).toContain('export PATH="$HOME/.local/bin:$PATH"');
			expect((await stat(path.join(home.root, '.local', 'bin', 'claude'))).isFile()).toBe(true);
			// The rest of the setup went on as usual; the shell start-up file was not touched.
			expect(await readFile(w.paths.userSettings, 'utf8')).toContain('apiKeyHelper');
			await expect(stat(path.join(home.root, '.bashrc'))).rejects.toThrow(/ENOENT/);
		} finally {
			await installer.close();
		}
	});

	it('stops with the cause, the fix and the last lines when the installer fails, and writes nothing else', async () => {
		const installer = await installerServer('#!/bin/bash\necho "curl: (6) Could not resolve host: downloads.claude.ai"\nexit 1\n');
		try {
			const home = await createCommandWorld({ANTHROPIC_BASE_URL: server.url});
			const w = {...home, env: {...home.env, HOME: home.root, CLAUDE_SETUP_INSTALLER_URL: installer.url}};
			const run = commandIo(w, {stdin: goodKey});
			expect(await runScriptedSetup(answers({install: 'native'}), run.io)).toBe(1);
			expect(run.stderr()).toContain('The install failed');
			expect(run.stderr()).toContain('Could not resolve host');
			await expect(stat(w.paths.userSettings)).rejects.toThrow(/ENOENT/);
		} finally {
			await installer.close();
		}
	});

	it('refuses a method this machine cannot run, with the command to use instead', async () => {
		const w = await world();
		const run = commandIo(w, {stdin: goodKey});
		expect(await runScriptedSetup(answers({install: 'winget'}), run.io)).toBe(1);
		expect(run.stderr()).toMatch(/--install winget cannot run here: .+\n/);
		await expect(stat(w.paths.userSettings)).rejects.toThrow(/ENOENT/);
	});
});
