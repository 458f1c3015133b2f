import {readFile, rm, stat, unlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createSecretStore} from '../../source/adapters/keychain.js';
import {resolvePaths} from '../../source/adapters/paths.js';
import {startAnthropicServer, type AnthropicServer} from '../helpers/anthropic-server.js';
import {fakeApiKey} from '../helpers/fake-key.js';
import {
	answerer,
	closedPort,
	createDoctorWorld,
	doctor,
	readJson,
	removeDoctorWorlds,
	setUpKeyHelper,
	startDateServer,
	startTlsEndpoint,
	writeJson,
	writeText,
	type DoctorRun,
	type DoctorWorld,
} from './doctor-world.js';

/*
`claude-setup doctor` on crafted, broken machines: real files in a temp HOME, the real key helper,
the real Claude Code binary, real child processes, local HTTP/TLS servers standing in for the API.
The one thing that cannot exist here is a real Anthropic account: the local server plays it.
*/

const goodKey = fakeApiKey('DOCTOR');
const badKey = fakeApiKey('DOCTOR-REJECTED');
// A secret that does not look like an Anthropic key, so only the noting of secrets can hide it.
const plainSecret = ['hunter2', 'doctor', 'plain', 'secret', '0123456789'].join('-');

// Whether a Secret Service answers here (`npm test` starts a private one); probed on a throw-away config folder.
const health = await createSecretStore(resolvePaths({...process.env, CLAUDE_CONFIG_DIR: path.join(tmpdir(), 'claude-setup-doctor-probe')}, tmpdir())).probe();

let server: AnthropicServer;
let endpoint: Awaited<ReturnType<typeof startTlsEndpoint>>;

beforeAll(async () => {
	[server, endpoint] = await Promise.all([startAnthropicServer({acceptedKeys: [goodKey]}), startTlsEndpoint()]);
}, 60_000);

afterAll(async () => {
	await Promise.all([server.close(), endpoint.close()]);
});

afterEach(async () => {
	await removeDoctorWorlds();
});

/** A machine where every network check passes locally: api.anthropic.com is the TLS endpoint, the API is the local server. */
async function world(options: {withClaude?: boolean} = {}): Promise<DoctorWorld> {
	return createDoctorWorld({
		...options,
		env: {
			ANTHROPIC_BASE_URL: server.url,
			CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: `*=127.0.0.1:${endpoint.port}`,
			NODE_EXTRA_CA_CERTS: endpoint.rootFile,
		},
	});
}

/** The report's line for one check: `[✓] Title: summary`, without the timing `-v` adds. */
function lineOf(run: DoctorRun, title: string): string {
	const line = rawLineOf(run, title);
	return line.replace(/ \(\d+\.\d s\)$/, '');
}

function rawLineOf(run: DoctorRun, title: string): string {
	const line = run.stdout.split('\n').find(candidate => candidate.slice(4).startsWith(`${title}:`));
	if (!line) {
		throw new Error(`No "${title}" line in:\n${run.stdout}`);
	}

	return line;
}

/** The line for a check, and the indented lines under it (detail and fix). */
function blockOf(run: DoctorRun, title: string): string {
	const lines = run.stdout.split('\n');
	const start = lines.indexOf(rawLineOf(run, title));
	const rest = lines.slice(start + 1);
	const end = rest.findIndex(line => !line.startsWith('    '));
	return [lineOf(run, title), ...rest.slice(0, end === -1 ? rest.length : end)].join('\n');
}

function expectNoSecret(text: string, ...secrets: string[]): void {
	for (const secret of [goodKey, badKey, plainSecret, ...secrets]) {
		const distinctive = secret.includes('not-a-real-key') ? secret.slice(0, secret.indexOf('not-a-real-key') + 14) : secret;
		if (text.includes(distinctive)) {
			throw new Error(`A secret leaked into the output:\n${text}`);
		}
	}
}

// ---- the documented JSON schema (docs/doctor-json.md), as a checker ----

const statuses = ['pass', 'warn', 'fail', 'skip'];

/** Every way `value` breaks schema version 1; empty when it conforms. */
function schemaErrors(value: unknown): string[] {
	const errors: string[] = [];
	const isObject = (candidate: unknown): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
	const exactKeys = (candidate: Record<string, unknown>, keys: string[], where: string) => {
		const found = Object.keys(candidate).sort();
		if (JSON.stringify(found) !== JSON.stringify([...keys].sort())) {
			errors.push(`${where} has keys ${found.join(',')}, expected ${keys.join(',')}`);
		}
	};

	if (!isObject(value)) {
		return ['the document is not an object'];
	}

	exactKeys(value, ['schemaVersion', 'tool', 'version', 'checks', 'summary'], 'document');
	if (value['schemaVersion'] !== 1) errors.push('schemaVersion is not 1');
	if (value['tool'] !== 'claude-setup') errors.push('tool is not "claude-setup"');
	if (typeof value['version'] !== 'string' || value['version'] === '') errors.push('version is not a non-empty string');
	const checks = value['checks'];
	if (!Array.isArray(checks) || checks.length === 0) {
		errors.push('checks is not a non-empty list');
	} else {
		for (const [index, check] of checks.entries()) {
			const where = `checks[${index}]`;
			if (!isObject(check)) {
				errors.push(`${where} is not an object`);
				continue;
			}

			exactKeys(check, ['id', 'title', 'status', 'summary', 'detail', 'fix'], where);
			for (const key of ['id', 'title', 'summary']) {
				if (typeof check[key] !== 'string' || check[key] === '') errors.push(`${where}.${key} is not a non-empty string`);
			}

			if (!statuses.includes(check['status'] as string)) errors.push(`${where}.status is ${String(check['status'])}`);
			if (!Array.isArray(check['detail']) || !check['detail'].every(line => typeof line === 'string')) errors.push(`${where}.detail is not a list of strings`);
			const fix = check['fix'];
			if (fix !== null) {
				if (!isObject(fix)) {
					errors.push(`${where}.fix is neither null nor an object`);
				} else {
					exactKeys(fix, ['description', 'command'], `${where}.fix`);
					if (typeof fix['description'] !== 'string') errors.push(`${where}.fix.description is not a string`);
					if (fix['command'] !== null && typeof fix['command'] !== 'string') errors.push(`${where}.fix.command is neither null nor a string`);
				}
			}
		}
	}

	const summary = value['summary'];
	if (!isObject(summary)) {
		errors.push('summary is not an object');
	} else {
		exactKeys(summary, ['passed', 'warnings', 'failed', 'skipped'], 'summary');
		const counted = (status: string) => (Array.isArray(checks) ? checks.filter(check => isObject(check) && check['status'] === status).length : -1);
		for (const [key, status] of [['passed', 'pass'], ['warnings', 'warn'], ['failed', 'fail'], ['skipped', 'skip']] as const) {
			if (summary[key] !== counted(status)) errors.push(`summary.${key} is ${String(summary[key])}, but ${counted(status)} checks have status ${status}`);
		}
	}

	return errors;
}

type JsonCheck = {id: string; title: string; status: string; summary: string; detail: string[]; fix: {description: string; command: string | null} | null};

function checkOf(run: DoctorRun, id: string): JsonCheck {
	const document = JSON.parse(run.stdout) as {checks: JsonCheck[]};
	const found = document.checks.find(check => check.id === id);
	if (!found) {
		throw new Error(`No check ${id} in ${run.stdout}`);
	}

	return found;
}

// ---------------------------------------------------------------------------------------------

describe('a healthy machine', () => {
	it('passes every check that applies, says so, exits 0, and takes well under a second or two', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		const run = await doctor(w);
		expect(run.stdout).toContain('Doctor found no problems.');
		expect(run.code).toBe(0);
		for (const title of ['Claude Code', 'User settings', 'Credential in use', 'API key helper', 'Stored API key', 'API key accepted', 'Network', 'Clock']) {
			expect(lineOf(run, title)).toMatch(/^\[✓\]/);
		}

		expect(lineOf(run, 'Claude Code')).toMatch(/2\.\d+\.\d+ at /);
		expect(lineOf(run, 'Credential in use')).toContain("claude-setup's key helper from user settings (~/.claude/settings.json)");
		expect(lineOf(run, 'API key helper')).toMatch(/Prints a key \(••••••••xxxx\) in \d+\.\d s/);
		expect(lineOf(run, 'API key accepted')).toContain('accepted the key from the apiKeyHelper (GET /v1/models: 200)');
		expect(lineOf(run, 'Network')).toContain('trusted through NODE_EXTRA_CA_CERTS');
		expect(lineOf(run, 'Project settings')).toMatch(/^\[-\] Project settings: No file at /);
		expect(run.elapsedMs).toBeLessThan(5000);
		expectNoSecret(run.stdout + run.stderr);
	});

	it('a clean HOME with nothing set up: only the missing credential is a warning, exit 0', async () => {
		const w = await world();
		const run = await doctor(w);
		expect(run.code).toBe(0);
		expect(lineOf(run, 'Credential in use')).toBe('[!] Credential in use: No key, token or helper is set, and Claude Code has not been signed in');
		expect(run.stdout).toMatch(/\n\d+ passed, 1 warning, 0 failed, \d+ skipped\n$/);
		// Measured here at 0.3–0.5 s: every check runs at once, and none waits on anything slow.
		expect(run.elapsedMs).toBeLessThan(3000);
	});
});

describe('install', () => {
	it('fails when no claude is anywhere, with the install command', async () => {
		const w = await world({withClaude: false});
		const run = await doctor(w);
		expect(run.code).toBe(1);
		expect(blockOf(run, 'Claude Code')).toMatch(/^\[✗\] Claude Code: Not installed: no `claude` on PATH or where its installers put it\n {4}→ Install it with the .+:\n {6}\S/);
	});

	it('warns about a second install, with how to remove it', async () => {
		const w = await world();
		// An old local install in its known place, as `claude migrate-installer` leaves behind.
		await writeText(path.join(w.home, '.claude', 'local', 'claude'), '#!/bin/sh\necho "1.0.0 (Claude Code)"\n', 0o755);
		const run = await doctor(w, {verbose: true});
		expect(lineOf(run, 'Claude Code')).toMatch(/^\[!\] Claude Code: 2\.\d+\.\d+ at .+, and 1 more install/);
		expect(blockOf(run, 'Claude Code')).toContain('rm -rf ~/.claude/local');
		expect(run.code).toBe(0);
	});
});

describe('settings files', () => {
	it('a malformed user settings file fails with file:line:column, exit 1', async () => {
		const w = await world();
		await writeText(w.paths.userSettings, '{\n\t"model": "opus",\n\t// a comment\n\t"verbose": true\n}\n');
		const run = await doctor(w);
		expect(lineOf(run, 'User settings')).toBe('[✗] User settings: ~/.claude/settings.json:3:2: Comments are not allowed in settings files (Claude Code reads strict JSON)');
		expect(blockOf(run, 'User settings')).toContain('→ Correct the JSON at line 3, column 2 of ~/.claude/settings.json');
		expect(run.code).toBe(1);
	});

	it('a mistyped key warns with the key it meant; exit stays 0', async () => {
		const w = await world();
		await writeJson(w.paths.userSettings, {apikeyHelper: '/bin/true'});
		const run = await doctor(w);
		expect(blockOf(run, 'User settings')).toBe(
			'[!] User settings: ~/.claude/settings.json: unknown key "apikeyHelper" (did you mean "apiKeyHelper"?)\n    → Rename "apikeyHelper" to "apiKeyHelper" in ~/.claude/settings.json',
		);
		expect(run.code).toBe(0);
	});

	it('a wrong type where sign-in depends on it fails (project and local files are checked too)', async () => {
		const w = await world();
		await writeJson(w.paths.localSettings, {apiKeyHelper: ['/bin/echo', 'key']});
		await writeJson(w.paths.projectSettings, {env: {PORT: 8080}});
		const run = await doctor(w);
		expect(lineOf(run, 'Local settings')).toBe(`[✗] Local settings: ${path.join(w.project, '.claude', 'settings.local.json')}: "apiKeyHelper" must be a string, but it is a list`);
		expect(lineOf(run, 'Project settings')).toContain('[!] Project settings:');
		expect(lineOf(run, 'Project settings')).toContain('env.PORT should be a string, but it is a number');
		expect(run.code).toBe(1);
	});

	it('managed settings are reported when present, and named when they set the credential', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeJson(w.managedPath, {env: {ANTHROPIC_API_KEY: goodKey}, forceLoginMethod: 'console'});
		const run = await doctor(w);
		expect(lineOf(run, 'Managed settings')).toBe(
			`[✓] Managed settings: Present at ${w.managedPath}: sets env (ANTHROPIC_API_KEY), forceLoginMethod; these outrank every other settings file`,
		);
		expect(blockOf(run, 'Credential in use')).toContain(`ANTHROPIC_API_KEY from managed settings (${w.managedPath}) outranks the apiKeyHelper in user settings`);
		expect(blockOf(run, 'Credential in use')).toContain('ask your administrator');
		expectNoSecret(run.stdout);
	});

	it('a managed file that does not parse fails, and says to ask the administrator', async () => {
		const w = await world();
		await writeText(w.managedPath, '{"env": {},}');
		const run = await doctor(w);
		expect(blockOf(run, 'Managed settings')).toMatch(/^\[✗\] Managed settings: .+managed-settings\.json:1:12: .+\n {4}→ Ask your administrator to fix it: /);
	});
});

describe('which credential is used', () => {
	it('names the start-up file and line of an ANTHROPIC_API_KEY export that overrides the helper', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeText(path.join(w.home, '.bashrc'), `# ~/.bashrc\nalias ll='ls -l'\nexport ANTHROPIC_API_KEY=${badKey}\n`);
		const run = await doctor(w, {verbose: true});
		expect(lineOf(run, 'Credential in use')).toBe(
			'[✗] Credential in use: ANTHROPIC_API_KEY from line 3 of ~/.bashrc outranks the apiKeyHelper in user settings (~/.claude/settings.json), so the helper is not used',
		);
		expect(blockOf(run, 'Credential in use')).toContain('Delete line 3 of ~/.bashrc (it exports ANTHROPIC_API_KEY)');
		expect(blockOf(run, 'Credential in use')).toContain('claude-setup doctor --fix');
		// The exported key is the one Claude Code would send, and the local API rejects it.
		expect(lineOf(run, 'API key accepted')).toMatch(/^\[✗\] API key accepted: 127\.0\.0\.1:\d+ rejected the key from ANTHROPIC_API_KEY \(401\)/);
		expect(run.code).toBe(1);
		expectNoSecret(run.stdout + run.stderr);
	});

	it('finds fish exports too, and passes once settings env cancels the export', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeText(path.join(w.home, '.config', 'fish', 'config.fish'), `set -gx ANTHROPIC_API_KEY ${badKey}\n`);
		const failing = await doctor(w);
		expect(lineOf(failing, 'Credential in use')).toContain('ANTHROPIC_API_KEY from line 1 of ~/.config/fish/config.fish');
		await writeJson(w.paths.userSettings, {apiKeyHelper: (await readJson(w.paths.userSettings) as {apiKeyHelper: string}).apiKeyHelper, env: {ANTHROPIC_API_KEY: ''}});
		const passing = await doctor(w, {verbose: true});
		expect(lineOf(passing, 'Credential in use')).toMatch(/^\[✓\] Credential in use: claude-setup's key helper/);
		expect(blockOf(passing, 'Credential in use')).toContain('line 1 of ~/.config/fish/config.fish exports ANTHROPIC_API_KEY; user settings (~/.claude/settings.json) overrides it for Claude Code');
	});

	it("warns when another scope's apiKeyHelper outranks claude-setup's", async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeJson(w.paths.localSettings, {apiKeyHelper: 'vault read -field=key secret/anthropic'});
		const run = await doctor(w);
		expect(blockOf(run, 'Credential in use')).toBe(
			[
				`[!] Credential in use: the apiKeyHelper \`vault read -field=key secret/anthropic\` from local settings (${w.paths.localSettings}) outranks claude-setup's helper in user settings (~/.claude/settings.json)`,
				`    → Remove "apiKeyHelper" from local settings (${w.paths.localSettings}) if claude-setup's helper should be used`,
			].join('\n'),
		);
		expect(lineOf(run, 'API key helper')).toContain('[-] API key helper: Not run: it comes from local settings');
	});

	it('an exported key in this shell (not in any start-up file) says to unset it', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		const run = await doctor(w, {}, {env: {ANTHROPIC_API_KEY: goodKey}});
		expect(lineOf(run, 'Credential in use')).toContain('ANTHROPIC_API_KEY from the environment of this shell outranks the apiKeyHelper');
		expect(blockOf(run, 'Credential in use')).toContain('Run `unset ANTHROPIC_API_KEY`');
		expectNoSecret(run.stdout);
	});
});

describe('the apiKeyHelper', () => {
	async function customHelper(w: DoctorWorld, script: string): Promise<void> {
		const file = path.join(w.root, 'my helper.sh');
		await writeText(file, `#!/bin/sh\n${script}\n`, 0o755);
		await writeJson(w.paths.userSettings, {apiKeyHelper: `'${file}'`});
	}

	it('one that prints nothing fails', async () => {
		const w = await world();
		await customHelper(w, 'exit 0');
		const run = await doctor(w);
		expect(lineOf(run, 'API key helper')).toBe('[✗] API key helper: Printed nothing');
		expect(lineOf(run, 'API key accepted')).toContain('[-] API key accepted: The apiKeyHelper did not print a key');
		expect(run.code).toBe(1);
	});

	it('one that exits 1 fails with its message', async () => {
		const w = await world();
		await customHelper(w, 'echo "vault is sealed" >&2\nexit 1');
		const run = await doctor(w);
		expect(lineOf(run, 'API key helper')).toBe('[✗] API key helper: Exited with code 1: vault is sealed');
		expect(run.code).toBe(1);
	});

	it('one that prints a banner line before the key fails', async () => {
		const w = await world();
		await customHelper(w, `echo "Welcome!"\necho '${goodKey}'`);
		const run = await doctor(w);
		expect(lineOf(run, 'API key helper')).toBe('[✗] API key helper: Printed 2 lines; Claude Code needs the key alone on one line');
		expectNoSecret(run.stdout);
	});

	it('one that prints a key passes; the key is in no output, text, verbose or JSON', async () => {
		const w = await world();
		await customHelper(w, `printf '%s\\n' '${goodKey}'`);
		for (const options of [{}, {verbose: true}, {json: true}]) {
			// eslint-disable-next-line no-await-in-loop -- one run per output form
			const run = await doctor(w, options);
			expect(run.code).toBe(0);
			expectNoSecret(run.stdout + run.stderr);
			if (options.json === true) {
				expect(checkOf(run, 'api-key-helper')).toMatchObject({status: 'pass', summary: expect.stringMatching(/^Prints a key \(••••••••xxxx\)/) as unknown});
				expect(checkOf(run, 'key-valid').status).toBe('pass');
			} else {
				expect(lineOf(run, 'API key helper')).toMatch(/^\[✓\] API key helper: Prints a key \(••••••••xxxx\) in /);
			}
		}
	});

	it('a project helper is not run before the folder is trusted', async () => {
		const w = await world();
		const marker = path.join(w.root, 'ran');
		await writeJson(w.paths.projectSettings, {apiKeyHelper: `touch '${marker}'; echo key`});
		const run = await doctor(w);
		expect(lineOf(run, 'API key helper')).toContain('[-] API key helper: Not run: it comes from project settings');
		await expect(stat(marker)).rejects.toThrow();
	});

	it('one that hangs is cut at its bound, and the whole doctor still finishes in a few seconds', async () => {
		const w = await world();
		await customHelper(w, 'sleep 30');
		const run = await doctor(w);
		expect(lineOf(run, 'API key helper')).toMatch(/^\[✗\] API key helper: Did not finish within 5 s/);
		// Every other check ran meanwhile and reported.
		expect(lineOf(run, 'Network')).toMatch(/^\[✓\]/);
		expect(lineOf(run, 'Clock')).toMatch(/^\[✓\]/);
		expect(run.elapsedMs).toBeLessThan(9000);
		expect(run.code).toBe(1);
	}, 15_000);

	it("claude-setup's helper files gone while the key is stored: fails, offering the reinstall fix", async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await rm(w.paths.helperDir, {recursive: true});
		const run = await doctor(w);
		expect(blockOf(run, 'API key helper')).toBe(
			[
				"[✗] API key helper: user settings (~/.claude/settings.json) points at claude-setup's key helper, but its files in ~/.claude/claude-setup/bin are missing",
				'    → Reinstall the helper files; your key is still in the key file:',
				'      claude-setup doctor --fix',
			].join('\n'),
		);
	});
});

describe('the stored key', () => {
	it('a missing entry (file backend) fails, and so does the helper that reads it', async () => {
		const w = await world();
		await setUpKeyHelper(w, undefined, 'file');
		const run = await doctor(w);
		expect(lineOf(run, 'Stored API key')).toMatch(/^\[✗\] Stored API key: No key is stored in ~\/\.claude\/claude-setup\/secrets\.json under claude-setup\/anthropic-api-key-[\da-f]{8}, so the helper has nothing to print$/);
		expect(lineOf(run, 'API key helper')).toMatch(/^\[✗\] API key helper: Exited with code 1: claude-setup: /);
		expect(run.code).toBe(1);
	});

	it.skipIf(!health.ok)(`the real keychain: present passes, removed fails${health.ok ? '' : ` (no Secret Service here: ${health.reason})`}`, async () => {
		const w = await world();
		const ref = {service: 'claude-setup-test', account: `doctor-${w.paths.configDirHash}-${Date.now()}`};
		const passthrough = {DBUS_SESSION_BUS_ADDRESS: process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? ''};
		Object.assign(w.env, passthrough);
		await setUpKeyHelper(w, goodKey, 'keychain', ref);
		const store = createSecretStore(w.paths);
		try {
			const run = await doctor(w);
			expect(lineOf(run, 'Stored API key')).toMatch(/^\[✓\] Stored API key: ••••••••xxxx in the Secret Service/);
			expect(lineOf(run, 'API key helper')).toMatch(/^\[✓\]/);
			expectNoSecret(run.stdout);
			await store.remove(ref, 'keychain');
			const gone = await doctor(w);
			expect(lineOf(gone, 'Stored API key')).toMatch(/^\[✗\] Stored API key: No key is stored in the Secret Service/);
		} finally {
			await store.remove(ref, 'keychain');
		}
	});
});

describe('the network and the API', () => {
	it('a closed port fails the network check quickly', async () => {
		const w = await world();
		const run = await doctor(w, {}, {env: {CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: `*=127.0.0.1:${await closedPort()}`}});
		expect(blockOf(run, 'Network')).toMatch(/^\[✗\] Network: api\.anthropic\.com refused or dropped the connection.*\n {4}→ Check the internet connection/);
		expect(run.code).toBe(1);
		expect(run.elapsedMs).toBeLessThan(3000);
	});

	it('checks the gateway named by an https ANTHROPIC_BASE_URL rather than api.anthropic.com', async () => {
		const w = await world();
		const port = await closedPort();
		const run = await doctor(w, {}, {env: {ANTHROPIC_BASE_URL: 'https://llm-gateway.example.test', CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: `*=127.0.0.1:${port}`}});
		expect(lineOf(run, 'Network')).toMatch(/^\[✗\] Network: llm-gateway\.example\.test refused or dropped the connection/);
	});

	it('a NODE_EXTRA_CA_CERTS that names a missing file fails', async () => {
		const w = await world();
		const run = await doctor(w, {}, {env: {NODE_EXTRA_CA_CERTS: path.join(w.root, 'nope.pem')}});
		expect(lineOf(run, 'Network')).toContain('NODE_EXTRA_CA_CERTS names');
		expect(lineOf(run, 'Network')).toMatch(/^\[✗\]/);
	});

	it('a proxy is shown without its password', async () => {
		const w = await world();
		const run = await doctor(w, {verbose: true}, {env: {HTTPS_PROXY: `http://alice:${plainSecret}@127.0.0.1:${await closedPort()}`}});
		expect(blockOf(run, 'Network')).toContain('Proxy: http://127.0.0.1:');
		expectNoSecret(run.stdout);
	});

	it('an exported key the API accepts passes; one it rejects fails', async () => {
		const w = await world();
		const accepted = await doctor(w, {}, {env: {ANTHROPIC_API_KEY: goodKey}});
		expect(lineOf(accepted, 'API key accepted')).toMatch(/^\[✓\] API key accepted: 127\.0\.0\.1:\d+ accepted the key from ANTHROPIC_API_KEY/);
		expect(lineOf(accepted, 'Credential in use')).toBe('[✓] Credential in use: ANTHROPIC_API_KEY from the environment of this shell');
		const rejected = await doctor(w, {}, {env: {ANTHROPIC_API_KEY: badKey}});
		expect(blockOf(rejected, 'API key accepted')).toContain('→ Create a new key in the Claude Console');
		expect(rejected.code).toBe(1);
		expectNoSecret(accepted.stdout + rejected.stdout);
	});

	it('other methods are skipped as not checked in this version', async () => {
		const w = await world();
		const run = await doctor(w, {}, {env: {CLAUDE_CODE_USE_BEDROCK: '1'}});
		expect(lineOf(run, 'API key accepted')).toBe('[-] API key accepted: A cloud provider (CLAUDE_CODE_USE_BEDROCK) is not checked in this version');
	});

	it('a clock 10 minutes off fails, 1 minute off warns, an unreachable API is skipped', async () => {
		const w = await world();
		const [far, near] = await Promise.all([startDateServer(-10 * 60_000), startDateServer(60_000)]);
		try {
			const failing = await doctor(w, {}, {env: {ANTHROPIC_BASE_URL: far.url}});
			expect(blockOf(failing, 'Clock')).toMatch(/^\[✗\] Clock: This computer's clock is 10 min ahead of 127\.0\.0\.1:\d+: .+\n {4}→ Keep the clock synchronised with NTP:\n {6}sudo timedatectl set-ntp true$/);
			expect(failing.code).toBe(1);
			const warning = await doctor(w, {}, {env: {ANTHROPIC_BASE_URL: near.url}});
			expect(lineOf(warning, 'Clock')).toMatch(/^\[!\] Clock: This computer's clock is (59|60|61) s behind/);
		} finally {
			await Promise.all([far.close(), near.close()]);
		}

		const skipped = await doctor(w, {}, {env: {ANTHROPIC_BASE_URL: `http://127.0.0.1:${await closedPort()}`}});
		expect(lineOf(skipped, 'Clock')).toMatch(/^\[-\] Clock: Could not ask 127\.0\.0\.1:\d+ for the time: .*ECONNREFUSED/);
	});
});

describe('output', () => {
	it('--json follows the documented schema, and its exit code matches the text one', async () => {
		const w = await world();
		await writeText(w.paths.userSettings, '{"model": }');
		const json = await doctor(w, {json: true});
		const document = JSON.parse(json.stdout) as unknown;
		expect(schemaErrors(document)).toEqual([]);
		expect(json.code).toBe(1);
		expect(checkOf(json, 'settings-user')).toMatchObject({status: 'fail', fix: {command: null}});
		expect(checkOf(json, 'install')).toMatchObject({status: 'pass', fix: null});
		expect((await doctor(w)).code).toBe(1);

		const healthy = await world();
		const passing = await doctor(healthy, {json: true});
		expect(schemaErrors(JSON.parse(passing.stdout))).toEqual([]);
		expect(passing.code).toBe(0);
	});

	it('has no colour when stdout is not a terminal or NO_COLOR is set, and colour otherwise', async () => {
		const w = await world();
		expect((await doctor(w)).stdout).not.toContain('\u001B[');
		expect((await doctor(w, {}, {stdoutIsTty: true})).stdout).toContain('\u001B[32m[✓]\u001B[0m');
		expect((await doctor(w, {}, {stdoutIsTty: true, env: {NO_COLOR: '1'}})).stdout).not.toContain('\u001B[');
	});

	it('never prints a secret, wherever it was set', async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeText(path.join(w.home, '.zshrc'), `export ANTHROPIC_AUTH_TOKEN='${plainSecret}'\n`);
		await writeJson(w.paths.localSettings, {env: {ANTHROPIC_API_KEY: badKey, MY_SERVICE_TOKEN: plainSecret}, apiKeyHelper: `echo ${plainSecret}`});
		const env = {ANTHROPIC_API_KEY: badKey, CLAUDE_CODE_OAUTH_TOKEN: plainSecret};
		for (const options of [{}, {verbose: true}, {json: true}, {fix: true}]) {
			// eslint-disable-next-line no-await-in-loop -- one run per output form
			const run = await doctor(w, options, {env});
			expectNoSecret(run.stdout + run.stderr);
		}
	});
});

describe('--fix', () => {
	async function exportedKeyOverHelper(): Promise<DoctorWorld> {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await writeText(path.join(w.home, '.bashrc'), `export ANTHROPIC_API_KEY=${badKey}\n`);
		return w;
	}

	it('without a terminal prints what it would do, changes nothing, and exits 2', async () => {
		const w = await exportedKeyOverHelper();
		const before = await readFile(w.paths.userSettings, 'utf8');
		const run = await doctor(w, {fix: true});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('needs a terminal');
		expect(run.stdout).toContain('With a terminal, --fix would:');
		expect(run.stdout).toContain('Set env.ANTHROPIC_API_KEY to "" in ~/.claude/settings.json');
		expect(run.stdout).toMatch(/\+\s+"env": \{/);
		expect(await readFile(w.paths.userSettings, 'utf8')).toBe(before);
		expectNoSecret(run.stdout + run.stderr);
	});

	it('cannot be combined with --json', async () => {
		const w = await world();
		const run = await doctor(w, {fix: true, json: true});
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
	});

	it('in a terminal, "y" blanks the stale export in user settings (with a backup) and the checks pass again', async () => {
		const w = await exportedKeyOverHelper();
		const before = await readFile(w.paths.userSettings, 'utf8');
		const input = answerer();
		input.answers.push('y');
		const run = await doctor(w, {fix: true}, {isInteractive: true, stdin: input.stdin, onOutput: input.onOutput});
		expect(run.stdout).toContain('Apply this fix? [y/N]');
		expect(run.stdout).toMatch(/Updated ~\/\.claude\/settings\.json \(the previous version is in ~\/\.claude\/claude-setup\/backups\/.+\)/);
		expect(await readJson(w.paths.userSettings)).toEqual({...(JSON.parse(before) as object), env: {ANTHROPIC_API_KEY: ''}});
		const after = run.stdout.slice(run.stdout.indexOf('After the fixes:'));
		expect(after).toMatch(/\[✓\] Credential in use: claude-setup's key helper/);
		expect(run.code).toBe(0);
		expectNoSecret(run.stdout + run.stderr);
	});

	it('in a terminal it offers the fix without being asked to, and a script only gets the report', async () => {
		const w = await exportedKeyOverHelper();
		const input = answerer();
		input.answers.push('y');
		const run = await doctor(w, {}, {isInteractive: true, stdin: input.stdin, onOutput: input.onOutput});
		expect(run.stdout).toContain('Apply this fix? [y/N]');
		expect(await readJson(w.paths.userSettings)).toMatchObject({env: {ANTHROPIC_API_KEY: ''}});
		expect(run.code).toBe(0);

		const scripted = await exportedKeyOverHelper();
		const before = await readFile(scripted.paths.userSettings, 'utf8');
		const report = await doctor(scripted, {});
		expect(report.stdout).not.toContain('Apply this fix?');
		expect(await readFile(scripted.paths.userSettings, 'utf8')).toBe(before);
		expect(report.code).toBe(1);
	});

	it('in a terminal, "n" (or just Enter) changes nothing', async () => {
		const w = await exportedKeyOverHelper();
		const before = await readFile(w.paths.userSettings, 'utf8');
		const input = answerer();
		input.answers.push('');
		const run = await doctor(w, {fix: true}, {isInteractive: true, stdin: input.stdin, onOutput: input.onOutput});
		expect(run.stdout).toContain('Not changed.');
		expect(await readFile(w.paths.userSettings, 'utf8')).toBe(before);
		expect(run.code).toBe(1);
	});

	it("reinstalls claude-setup's helper files when the key is still stored", async () => {
		const w = await world();
		await setUpKeyHelper(w, goodKey);
		await Promise.all(['api-key-helper', 'api-key-helper.cjs'].map(async name => unlink(path.join(w.paths.helperDir, name))));
		const input = answerer();
		input.answers.push('y');
		const run = await doctor(w, {fix: true}, {isInteractive: true, stdin: input.stdin, onOutput: input.onOutput});
		expect(run.stdout).toContain("Install claude-setup's key helper again in ~/.claude/claude-setup/bin");
		expect(run.stdout).toContain('Reinstalled the key helper in ~/.claude/claude-setup/bin.');
		expect(await stat(path.join(w.paths.helperDir, 'api-key-helper'))).toBeTruthy();
		expect(run.stdout.slice(run.stdout.indexOf('After the fixes:'))).toMatch(/\[✓\] API key helper: Prints a key/);
		expect(run.code).toBe(0);
	});
});
