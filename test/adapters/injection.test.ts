import {execFile} from 'node:child_process';
import {access, chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createAwsAdapter} from '../../source/adapters/aws.js';
import {createAwsConfigFile} from '../../source/adapters/aws-config-file.js';
import {createHelperInstaller, quoteForShell} from '../../source/adapters/helper-installer.js';
import {createSecretStore} from '../../source/adapters/keychain.js';
import {resolvePaths, type Paths} from '../../source/adapters/paths.js';
import {createProcessRunner} from '../../source/adapters/processes.js';
import {createSettingsStore} from '../../source/adapters/settings-file.js';
import {createShellStartup} from '../../source/adapters/shell-startup.js';
import {createTerminalHandoff} from '../../source/adapters/terminal-handoff.js';
import {awsAuthRefreshCommand} from '../../source/core/auth/bedrock.js';
import {secretRef, type MethodConfiguration} from '../../source/core/auth/configuration.js';
import {bedrockConfiguration} from '../../source/core/auth/specs/bedrock.js';
import {foundryConfiguration} from '../../source/core/auth/specs/foundry.js';
import {gatewayConfiguration} from '../../source/core/auth/specs/gateway.js';
import type {Ports} from '../../source/core/ports.js';
import {upsertShellBlock} from '../../source/core/setup/shell-block.js';
import {commitChange} from '../../source/core/wizard/commit-change.js';
import {planChange} from '../../source/core/wizard/plan-change.js';
import {createFakeWorld} from '../helpers/fake-ports.js';
import {buildHelperScript} from '../helpers/helper-script.js';
import {payloads as basePayloads, ssoProfile} from '../helpers/injection-payloads.js';

/*
"Nothing leaked", for real: hostile names go through the real adapters, /bin/sh and bash, to
stand-ins of `aws` and `claude` that write down exactly the argv and environment they received.
Every payload that could run something would `touch` a marker file in this run's temp folder; that
the marker never appears is the proof nothing ran. No fakes but the keychain (the file backend is used).
*/

const exec = promisify(execFile);
// Built at runtime so no realistic credential literal sits in the repository.
const secret = ['sk-ant-api03', 'TEST', 'not-a-real-key', 'k'.repeat(30)].join('-');

let work = '';
let marker = '';
let bin = '';
let log = '';
let payloads: string[] = [];
let helperBuild: {directory: string; file: string};

/** Records its argv and one variable as a JSON line, prints nothing else. */
const recorder = (name: string) => `#!${process.execPath}
require('node:fs').appendFileSync(process.env.RECORD_LOG, JSON.stringify({program: ${JSON.stringify(name)}, argv: process.argv.slice(2), env: {ANTHROPIC_FOUNDRY_API_KEY: process.env.ANTHROPIC_FOUNDRY_API_KEY ?? null, AWS_BEARER_TOKEN_BEDROCK: process.env.AWS_BEARER_TOKEN_BEDROCK ?? null}}) + '\\n');
`;

type Recorded = {program: string; argv: string[]; env: Record<string, string | null>};

beforeAll(async () => {
	work = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-injection-')));
	marker = path.join(work, 'INJECTED');
	payloads = basePayloads.map(payload => payload.replaceAll('/tmp/claude-setup-injected', marker));
	bin = path.join(work, 'bin');
	log = path.join(work, 'record.jsonl');
	await mkdir(bin);
	for (const name of ['aws', 'claude']) {
		// eslint-disable-next-line no-await-in-loop -- two small files
		await writeFile(path.join(bin, name), recorder(name));
		// eslint-disable-next-line no-await-in-loop -- as above
		await chmod(path.join(bin, name), 0o755);
	}

	helperBuild = await buildHelperScript();
});

afterAll(async () => {
	await rm(work, {recursive: true, force: true});
	await rm(helperBuild.directory, {recursive: true, force: true});
});

async function recorded(): Promise<Recorded[]> {
	const text = await readFile(log, 'utf8').catch(() => '');
	await rm(log, {force: true});
	return text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Recorded);
}

async function markerExists(): Promise<boolean> {
	return access(marker).then(() => true, () => false);
}

const childEnv = () => ({PATH: `${bin}:/usr/bin:/bin`, RECORD_LOG: log, HOME: work});

beforeEach(async () => {
	await rm(log, {force: true});
});

describe('an AWS profile name reaches aws as one argument, never through a shell', () => {
	it('the identity check passes it after --profile, exactly', async () => {
		const aws = createAwsAdapter({processes: createProcessRunner(childEnv()), env: {}, home: work, timeouts: {callMs: 10_000}});
		for (const profile of payloads) {
			// eslint-disable-next-line no-await-in-loop -- one stand-in run per name, in order
			await aws.callerIdentity({kind: 'profile', profile}, 'us-east-1');
			// eslint-disable-next-line no-await-in-loop -- as above
			const [call] = await recorded();
			expect(call?.argv).toEqual(['sts', 'get-caller-identity', '--region', 'us-east-1', '--output', 'json', '--profile', profile]);
		}

		expect(await markerExists()).toBe(false);
	});

	it('`aws sso login`, handed the terminal, gets it as one argument', async () => {
		const handoff = createTerminalHandoff({suspend() {}, resume() {}, env: childEnv()});
		for (const profile of payloads) {
			// eslint-disable-next-line no-await-in-loop -- one at a time: it holds the terminal
			const result = await handoff.handOver('aws', ['sso', 'login', '--profile', profile]);
			expect(result.exitCode).toBe(0);
			// eslint-disable-next-line no-await-in-loop -- as above
			expect((await recorded())[0]?.argv).toEqual(['sso', 'login', '--profile', profile]);
		}

		expect(await markerExists()).toBe(false);
	});
});

describe('awsAuthRefresh, run by /bin/sh as Claude Code runs it', () => {
	it.each(basePayloads.map((_payload, index) => [index]))('payload %i reaches the stand-in aws exactly, and runs nothing', async index => {
		const profile = payloads[index]!;
		const {stderr} = await exec('/bin/sh', ['-c', awsAuthRefreshCommand(profile)], {env: childEnv(), cwd: work});
		expect(stderr).toBe('');
		expect(await recorded()).toEqual([{program: 'aws', argv: ['sso', 'login', '--profile', profile], env: expect.any(Object) as object}]);
		expect(await markerExists()).toBe(false);
	});

	it("the brief's own case: profile `a'b $(touch …)`, from the settings file the wizard wrote", async () => {
		const world = await createFakeWorld();
		try {
			const profile = `a'b $(touch ${marker})`;
			const configuration = bedrockConfiguration({auth: 'profile', profile, region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-6', smallModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0'}, {awsProfiles: [ssoProfile(profile)]});
			const planned = await planChange(world.ports, 'user', 'keychain', configuration);
			if (!('plan' in planned)) {
				throw new Error(JSON.stringify(planned.problem));
			}

			expect(await commitChange(planned.plan, world.ports, 1)).toMatchObject({type: 'committed'});
			const settings = JSON.parse(await readFile(world.ports.settings.pathOf('user'), 'utf8')) as {awsAuthRefresh: string; env: {AWS_PROFILE: string}};
			expect(settings.env.AWS_PROFILE).toBe(profile);
			await exec('/bin/sh', ['-c', settings.awsAuthRefresh], {env: childEnv(), cwd: work});
			expect((await recorded()).map(call => call.argv)).toEqual([['sso', 'login', '--profile', profile]]);
			expect(await markerExists()).toBe(false);
		} finally {
			await rm(path.dirname(world.configDir), {recursive: true, force: true});
		}
	});
});

/** Config dirs whose paths would break, or run, anything unquoted. */
const hostileConfigDirectories = () => [
	`it's a "claude" dir $HOME $(touch ${marker}) \`touch ${marker}\`; x & y | z * ? [a] ~ % é😀`,
	`line\nbreak $(touch ${marker})`,
	`ends with a quote' !! #`,
];

/** Real settings, helper, file-backed secrets and shell start-up files on `paths`; the rest from the fake world. */
async function realPorts(paths: Paths, home: string): Promise<{ports: Ports; cleanup: () => Promise<void>}> {
	const world = await createFakeWorld();
	const ports: Ports = {
		...world.ports,
		settings: createSettingsStore(paths),
		helper: createHelperInstaller(paths, {helperScriptPath: helperBuild.file}),
		secrets: {...createSecretStore(paths), probe: async () => ({ok: true, backendName: 'file'})},
		shell: createShellStartup({home, env: {SHELL: '/bin/bash'}, backupsDir: paths.backupsDir}),
		awsConfig: createAwsConfigFile({home, env: {}, backupsDir: paths.backupsDir}),
		configDirHash: paths.configDirHash,
	};
	return {ports, cleanup: async () => rm(path.dirname(world.configDir), {recursive: true, force: true})};
}

async function planAndCommit(ports: Ports, configuration: MethodConfiguration): Promise<void> {
	const planned = await planChange(ports, 'user', 'file', configuration);
	if (!('plan' in planned)) {
		throw new Error(JSON.stringify(planned.problem));
	}

	expect(await commitChange(planned.plan, ports, 1)).toMatchObject({type: 'committed'});
}

let dirCount = 0;
async function hostilePaths(name: string): Promise<{paths: Paths; home: string}> {
	dirCount += 1;
	const home = path.join(work, `home-${dirCount}`);
	await mkdir(home, {recursive: true});
	const configDirectory = path.join(home, name);
	return {paths: resolvePaths({HOME: home, CLAUDE_CONFIG_DIR: configDirectory}, path.join(work, `project-${dirCount}`)), home};
}

describe('apiKeyHelper and credential_process from a CLAUDE_CONFIG_DIR full of shell syntax', () => {
	it.each([0, 1, 2])('config dir %i: the wizard writes a command that /bin/sh runs as the helper, and nothing else', async index => {
		const {paths, home} = await hostilePaths(hostileConfigDirectories()[index]!);
		const {ports, cleanup} = await realPorts(paths, home);
		try {
			await planAndCommit(ports, gatewayConfiguration('https://llm.example.com', 'helper', secret));
			const settings = JSON.parse(await readFile(paths.userSettings, 'utf8')) as {apiKeyHelper: string};
			expect(settings.apiKeyHelper).toBe(quoteForShell(path.join(paths.helperDir, 'api-key-helper')));
			// As Claude Code runs it...
			const direct = await exec('/bin/sh', ['-c', settings.apiKeyHelper], {env: {PATH: '/usr/bin:/bin'}});
			expect(direct).toEqual({stdout: secret, stderr: ''});
			// ...and as the wizard's own check runs it.
			const checked = await createProcessRunner({PATH: '/usr/bin:/bin'}).runShellCommand(settings.apiKeyHelper, {timeoutMs: 10_000});
			expect(checked).toMatchObject({exitCode: 0, stdout: secret, stderr: ''});
			expect(await markerExists()).toBe(false);
		} finally {
			await cleanup();
		}
	});

	// Bedrock access keys reach Claude Code through an AWS profile whose credential_process is the
	// helper: the AWS JS SDK (Claude Code's) runs that line through /bin/sh.
	async function credentialProcessOf(index: number): Promise<{line: string; paths: Paths}> {
		const {paths, home} = await hostilePaths(hostileConfigDirectories()[index]!);
		const {ports, cleanup} = await realPorts(paths, home);
		try {
			const configuration = bedrockConfiguration({auth: 'keys', accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: secret, region: 'us-east-1', model: 'm', smallModel: 's'}, {});
			await planAndCommit(ports, configuration);
			const config = await readFile(path.join(home, '.aws', 'config'), 'utf8');
			const line = /^credential_process = (.*)$/m.exec(config)?.[1] ?? '';
			return {line, paths};
		} finally {
			await cleanup();
		}
	}

	it.each([0, 2])('config dir %i: the credential_process line runs the helper through /bin/sh and prints the keys', async index => {
		const {line, paths} = await credentialProcessOf(index);
		expect(line).toBe(`${quoteForShell(path.join(paths.helperDir, 'api-key-helper'))} --secret ${secretRef('bedrock-credentials', paths.configDirHash).account}`);
		const {stdout} = await exec('/bin/sh', ['-c', line], {env: {PATH: '/usr/bin:/bin'}});
		expect(JSON.parse(stdout)).toEqual({Version: 1, AccessKeyId: 'AKIATESTTESTTESTTEST', SecretAccessKey: secret});
		expect(await markerExists()).toBe(false);
	});

	// An INI value ends at the line break, so a config dir with one cannot be named in a
	// credential_process line (what follows the break would become lines of ~/.aws/config): refused.
	it('config dir 1 (a line break): the plan is refused with the reason, and nothing is written', async () => {
		const {paths, home} = await hostilePaths(hostileConfigDirectories()[1]!);
		expect(paths.claudeConfigDir).toMatch(/[\r\n]/);
		const {ports, cleanup} = await realPorts(paths, home);
		try {
			const configuration = bedrockConfiguration({auth: 'keys', accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: secret, region: 'us-east-1', model: 'm', smallModel: 's'}, {});
			const planned = await planChange(ports, 'user', 'file', configuration);
			expect(planned).toEqual({problem: {kind: 'io', message: expect.stringMatching(/line break.*AWS config file.*Use an AWS profile of your own/)}});
			expect(await readdir(home)).toEqual([]);
		} finally {
			await cleanup();
		}
	});

	// Node refuses to start an ES module whose path holds a backslash (ERR_INVALID_MODULE_SPECIFIER),
	// however well the command is quoted; the helper is CommonJS so that it starts there.
	it('a config dir with a backslash in its path: the helper starts there and prints the key', async () => {
		const {paths, home} = await hostilePaths(String.raw`back\slash`);
		const {ports, cleanup} = await realPorts(paths, home);
		try {
			await planAndCommit(ports, gatewayConfiguration('https://llm.example.com', 'helper', secret));
			const settings = JSON.parse(await readFile(paths.userSettings, 'utf8')) as {apiKeyHelper: string};
			expect(await exec('/bin/sh', ['-c', settings.apiKeyHelper], {env: {PATH: '/usr/bin:/bin'}})).toEqual({stdout: secret, stderr: ''});
		} finally {
			await cleanup();
		}
	});
});

describe('the claude shell function, sourced by bash', () => {
	// A key may hold any printable ASCII (the form allows 0x21-0x7E): it must arrive as text, not run.
	const shellyKey = () => `key$(touch\${IFS}${marker})\`touch\${IFS}${marker}\`;'"\\$HOME|*`;

	it.each([0, 1, 2])('config dir %i: the variable reaches claude exactly, arguments stay as typed, nothing else runs or stays set', async index => {
		const {paths, home} = await hostilePaths(hostileConfigDirectories()[index]!);
		const {ports, cleanup} = await realPorts(paths, home);
		try {
			// A Foundry API key reaches Claude Code only through the claude function.
			const key = shellyKey();
			expect(key).toMatch(/^[\u0021-\u007E]+$/);
			await planAndCommit(ports, foundryConfiguration({endpoint: 'contoso-ai', auth: 'api-key', apiKey: key, opus: 'claude-opus-4-6', sonnet: 'claude-sonnet-4-6', haiku: 'claude-haiku-4-5'}));
			const rc = path.join(home, '.bashrc');
			const script = [
				`. ${quoteForShell(rc)}`,
				`claude -p 'a b' "$(printf '%s' '$(touch ${marker})')" '*'`,
				'printf "after:%s" "${ANTHROPIC_FOUNDRY_API_KEY-unset}"',
			].join('\n');
			const result = await exec('/bin/bash', ['--noprofile', '--norc', '-c', script], {env: {...childEnv(), HOME: home}, cwd: work});
			expect(result).toEqual({stdout: 'after:unset', stderr: ''});
			expect(await recorded()).toEqual([
				{program: 'claude', argv: ['-p', 'a b', `$(touch ${marker})`, '*'], env: {ANTHROPIC_FOUNDRY_API_KEY: key, AWS_BEARER_TOKEN_BEDROCK: null}},
			]);
			expect(await markerExists()).toBe(false);
		} finally {
			await cleanup();
		}
	});

	it('a Bedrock API key and a Foundry key in one block, from a helper path with quotes, both arrive', async () => {
		const {paths} = await hostilePaths(hostileConfigDirectories()[0]!);
		const launcher = path.join(paths.helperDir, 'api-key-helper');
		await mkdir(paths.helperDir, {recursive: true});
		// A stand-in helper: it prints the name of the secret asked for.
		await writeFile(launcher, '#!/bin/sh\nprintf "value-of-%s" "$2"\n');
		await chmod(launcher, 0o755);
		const rc = path.join(work, `rc-${dirCount}`);
		await writeFile(rc, upsertShellBlock('# my bashrc\nalias ll="ls -l"\n', [
			{variable: 'ANTHROPIC_FOUNDRY_API_KEY', command: `${quoteForShell(launcher)} --secret foundry-api-key-x`},
			{variable: 'AWS_BEARER_TOKEN_BEDROCK', command: `${quoteForShell(launcher)} --secret bedrock-api-key-x`},
		]));
		const result = await exec('/bin/bash', ['--noprofile', '--norc', '-c', `. ${quoteForShell(rc)} && claude`], {env: childEnv()});
		expect(result.stderr).toBe('');
		expect(await recorded()).toEqual([{program: 'claude', argv: [], env: {ANTHROPIC_FOUNDRY_API_KEY: 'value-of-foundry-api-key-x', AWS_BEARER_TOKEN_BEDROCK: 'value-of-bedrock-api-key-x'}}]);
		expect(await markerExists()).toBe(false);
	});
});
