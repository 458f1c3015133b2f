import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAwsAdapter, readTextFile, type AwsCredentials} from '../../source/adapters/aws.js';
import {createProcessRunner} from '../../source/adapters/processes.js';

/*
Real child processes and real files. The only stand-in is the `aws` program itself: a small Node
script put first on PATH that records its argv and environment, then answers like the AWS CLI would
for the mode the test picked. Nothing here talks to AWS.
*/

// Built at runtime so no realistic credential literal sits in the repository.
const secretAccessKey = ['TEST', 'secret', 'not-real', 'x'.repeat(24)].join('/');
const sessionToken = ['TEST', 'session', 'token', 'y'.repeat(40)].join('-');
const accessKeyId = `AKIA${'TEST'.repeat(4)}`;
const keys: AwsCredentials = {kind: 'keys', accessKeyId, secretAccessKey, sessionToken};

const standIn = String.raw`
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(process.env.STANDIN_LOG, JSON.stringify({argv, env: process.env}) + '\n');
const mode = process.env.STANDIN_MODE;
const out = text => process.stdout.write(text);
const fail = text => { process.stderr.write(text); process.exitCode = 255; };
if (mode === 'hang') {
	setInterval(() => {}, 1000);
} else if (argv[0] === '--version') {
	out('aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12\n');
} else if (mode === 'garbage') {
	out('<html>Welcome to the captive portal</html>\n');
} else if (mode === 'echo-secret') {
	fail('\nSomething went wrong signing with ' + process.env.AWS_SECRET_ACCESS_KEY + ' and ' + process.env.AWS_SESSION_TOKEN + '\n');
} else if (mode === 'sso-expired') {
	fail('\nError when retrieving token from sso: Token has expired and refresh failed\n');
} else if (argv[0] === 'sts') {
	out(JSON.stringify({UserId: 'AIDATEST', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ada'}, null, 4) + '\n');
} else if (argv[0] === 'bedrock') {
	out(JSON.stringify({inferenceProfileSummaries: [
		{inferenceProfileId: 'us.anthropic.claude-sonnet-4-6'},
		{inferenceProfileId: 'us.amazon.nova-pro-v1:0'},
		{inferenceProfileId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0'},
	]}) + '\n');
} else {
	fail('aws: error: unexpected arguments\n');
}
`;

type Recorded = {argv: string[]; env: Record<string, string | undefined>};

let work = '';
let bin = '';
let emptyBin = '';
let home = '';

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'claude-setup-aws-'));
	bin = path.join(work, 'bin');
	emptyBin = path.join(work, 'empty-bin');
	home = path.join(work, 'home');
	await Promise.all([mkdir(bin), mkdir(emptyBin), mkdir(path.join(home, '.aws'), {recursive: true})]);
	const script = path.join(bin, 'aws');
	await writeFile(script, `#!${process.execPath}\n${standIn}`);
	await chmod(script, 0o755);
});

afterAll(async () => {
	await rm(work, {recursive: true, force: true});
});

let runCount = 0;

/** An adapter whose `aws` is the stand-in in `mode`, inheriting a lived-in AWS environment. */
function world(mode: string, options: {callMs?: number; versionMs?: number} = {}) {
	runCount += 1;
	const log = path.join(work, `log-${runCount}.jsonl`);
	const childEnv: NodeJS.ProcessEnv = {
		// The stand-in first, so a real aws further along PATH is never reached.
		PATH: [bin, process.env['PATH'] ?? ''].join(path.delimiter),
		HOME: home,
		STANDIN_LOG: log,
		STANDIN_MODE: mode,
		// Leftovers from the user's shell that must not leak into the checks.
		AWS_PROFILE: 'ambient-profile',
		AWS_PAGER: 'less',
		AWS_SESSION_TOKEN: 'ambient-token',
	};
	const adapter = createAwsAdapter({
		processes: createProcessRunner(childEnv),
		env: childEnv,
		home,
		timeouts: {callMs: options.callMs, versionMs: options.versionMs},
	});
	const recorded = async (): Promise<Recorded[]> => {
		const text = await readFile(log, 'utf8').catch(() => '');
		return text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Recorded);
	};

	return {adapter, recorded};
}

describe.skipIf(process.platform === 'win32')('createAwsAdapter with a stand-in aws', () => {
	it('checks access keys through the environment only, never argv', async () => {
		const {adapter, recorded} = world('ok');
		const result = await adapter.callerIdentity(keys, 'eu-west-1');
		expect(result).toEqual({ok: true, identity: {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ada', userId: 'AIDATEST'}});

		const [call] = await recorded();
		expect(call!.argv).toEqual(['sts', 'get-caller-identity', '--region', 'eu-west-1', '--output', 'json']);
		expect(call!.argv.join(' ')).not.toContain(secretAccessKey);
		expect(call!.argv.join(' ')).not.toContain(sessionToken);
		expect(call!.env['AWS_ACCESS_KEY_ID']).toBe(accessKeyId);
		expect(call!.env['AWS_SECRET_ACCESS_KEY']).toBe(secretAccessKey);
		expect(call!.env['AWS_SESSION_TOKEN']).toBe(sessionToken);
		expect(call!.env).not.toHaveProperty('AWS_PROFILE');
		expect(call!.env['AWS_PAGER']).toBe('');
	});

	it('drops an inherited session token when the keys come without one', async () => {
		const {adapter, recorded} = world('ok');
		await adapter.callerIdentity({kind: 'keys', accessKeyId, secretAccessKey}, 'us-east-1');
		const [call] = await recorded();
		expect(call!.env).not.toHaveProperty('AWS_SESSION_TOKEN');
		expect(call!.env['AWS_SECRET_ACCESS_KEY']).toBe(secretAccessKey);
	});

	it('checks a profile with --profile, without ambient keys or AWS_PROFILE', async () => {
		const {adapter, recorded} = world('ok');
		const result = await adapter.callerIdentity({kind: 'profile', profile: 'dev'}, 'us-west-2');
		expect(result.ok).toBe(true);
		const [call] = await recorded();
		expect(call!.argv).toEqual(['sts', 'get-caller-identity', '--region', 'us-west-2', '--output', 'json', '--profile', 'dev']);
		expect(call!.env).not.toHaveProperty('AWS_PROFILE');
		expect(call!.env).not.toHaveProperty('AWS_SESSION_TOKEN');
		expect(call!.env['AWS_PAGER']).toBe('');
	});

	it('lists the Anthropic inference profiles', async () => {
		const {adapter, recorded} = world('ok');
		const result = await adapter.inferenceProfiles({kind: 'profile', profile: 'dev'}, 'us-east-1');
		expect(result).toEqual({ok: true, ids: ['us.anthropic.claude-sonnet-4-6', 'us.anthropic.claude-haiku-4-5-20251001-v1:0']});
		const [call] = await recorded();
		expect(call!.argv).toEqual(['bedrock', 'list-inference-profiles', '--region', 'us-east-1', '--output', 'json', '--profile', 'dev']);
		expect(call!.env['AWS_PAGER']).toBe('');
	});

	it('lists inference profiles with keys through the environment', async () => {
		const {adapter, recorded} = world('ok');
		const result = await adapter.inferenceProfiles(keys, 'us-east-1');
		expect(result.ok).toBe(true);
		const [call] = await recorded();
		expect(call!.argv).not.toContain('--profile');
		expect(call!.argv.join(' ')).not.toContain(secretAccessKey);
		expect(call!.env['AWS_SECRET_ACCESS_KEY']).toBe(secretAccessKey);
		expect(call!.env).not.toHaveProperty('AWS_PROFILE');
	});

	it('never shows the secret key or session token, even when the CLI echoes them', async () => {
		const {adapter} = world('echo-secret');
		for (const result of [await adapter.callerIdentity(keys, 'us-east-1'), await adapter.inferenceProfiles(keys, 'us-east-1')]) {
			expect(result.ok).toBe(false);
			const {message} = result as {message: string};
			expect(message).toContain('Something went wrong signing with [redacted] and [redacted]');
			expect(message).not.toContain(secretAccessKey);
			expect(message).not.toContain(sessionToken);
		}
	});

	it('turns an expired SSO sign-in into the command that fixes it', async () => {
		const {adapter} = world('sso-expired');
		const result = await adapter.callerIdentity({kind: 'profile', profile: 'dev'}, 'us-east-1');
		expect(result).toEqual({ok: false, message: expect.stringContaining('run `aws sso login --profile dev`') as string});
	});

	it('says clearly when aws prints something that is not its JSON', async () => {
		const {adapter} = world('garbage');
		const identity = await adapter.callerIdentity(keys, 'us-east-1');
		expect(identity).toEqual({ok: false, message: expect.stringMatching(/^aws sts get-caller-identity printed something other than the JSON it should \("<html>Welcome to the captive portal<\/html>"\)/) as string});
		const profiles = await adapter.inferenceProfiles(keys, 'us-east-1');
		expect(profiles).toEqual({ok: false, message: expect.stringMatching(/^aws bedrock list-inference-profiles printed something other than the JSON/) as string});
	});

	it('bounds a hanging aws by the call timeout', async () => {
		const {adapter, recorded} = world('hang', {callMs: 300});
		const started = performance.now();
		const result = await adapter.callerIdentity({kind: 'profile', profile: 'dev'}, 'us-east-1');
		const elapsed = performance.now() - started;
		expect(result).toEqual({ok: false, timedOut: true, message: expect.stringContaining('did not answer within 300 ms') as string});
		expect(elapsed).toBeLessThan(5000);
		expect(await recorded()).toHaveLength(1);
	});

	it('reports a missing aws as not installed', async () => {
		// PATH is only an empty folder, so not even a real aws on this machine can answer (and reach AWS).
		const adapter = createAwsAdapter({processes: createProcessRunner({PATH: emptyBin}), env: {}, home});
		expect(await adapter.callerIdentity(keys, 'us-east-1')).toEqual({ok: false, notInstalled: true, message: expect.stringContaining('AWS CLI') as string});
		expect(await adapter.inferenceProfiles({kind: 'profile', profile: 'dev'}, 'us-east-1')).toMatchObject({ok: false, notInstalled: true});
		expect(await adapter.isInstalled()).toEqual({installed: false});
	});

	it('refuses a region that is not one before running anything', async () => {
		const {adapter, recorded} = world('ok');
		const result = await adapter.callerIdentity(keys, '--endpoint-url=https://evil.example');
		expect(result).toEqual({ok: false, message: expect.stringContaining('is not an AWS region') as string});
		expect(await recorded()).toEqual([]);
	});

	it('reads the version of an installed aws', async () => {
		const {adapter, recorded} = world('ok');
		expect(await adapter.isInstalled()).toEqual({installed: true, version: '2.15.30'});
		const [call] = await recorded();
		expect(call!.argv).toEqual(['--version']);
	});

	it('bounds a hanging aws --version', async () => {
		const {adapter} = world('hang', {versionMs: 300});
		const started = performance.now();
		expect(await adapter.isInstalled()).toEqual({installed: false});
		expect(performance.now() - started).toBeLessThan(5000);
	});
});

describe('profiles', () => {
	const writeAws = async (directory: string, files: {config?: string; credentials?: string}) => {
		await mkdir(directory, {recursive: true});
		await Promise.all(Object.entries(files).map(async ([name, text]) => writeFile(path.join(directory, name), text)));
	};

	it('lists the profiles of ~/.aws with their files', async () => {
		const userHome = await mkdtemp(path.join(work, 'home-'));
		await writeAws(path.join(userHome, '.aws'), {
			config: '[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
			credentials: '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
		});
		const adapter = createAwsAdapter({processes: createProcessRunner({}), env: {}, home: userHome});
		const result = await adapter.profiles();
		expect(result.configPath).toBe(path.join(userHome, '.aws', 'config'));
		expect(result.credentialsPath).toBe(path.join(userHome, '.aws', 'credentials'));
		expect(result.problems).toEqual([]);
		expect(result.profiles.map(profile => [profile.name, profile.kind])).toEqual([['default', 'static-keys'], ['dev', 'sso']]);
	});

	it('follows AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, ~/ included', async () => {
		const userHome = await mkdtemp(path.join(work, 'home-'));
		await writeAws(path.join(userHome, 'elsewhere'), {config: '[profile moved]\nregion = us-east-2\n', credentials: '[keys]\naws_access_key_id = A\naws_secret_access_key = B\n'});
		await writeAws(path.join(userHome, '.aws'), {config: '[profile ignored]\nregion = us-east-1\n'});
		const adapter = createAwsAdapter({
			processes: createProcessRunner({}),
			env: {AWS_CONFIG_FILE: '~/elsewhere/config', AWS_SHARED_CREDENTIALS_FILE: path.join(userHome, 'elsewhere', 'credentials')},
			home: userHome,
		});
		const result = await adapter.profiles();
		expect(result.configPath).toBe(path.join(userHome, 'elsewhere', 'config'));
		expect(result.profiles.map(profile => profile.name)).toEqual(['keys', 'moved']);
	});

	it('treats missing files as no profiles, not a problem', async () => {
		const userHome = await mkdtemp(path.join(work, 'home-'));
		const adapter = createAwsAdapter({processes: createProcessRunner({}), env: {}, home: userHome});
		expect(await adapter.profiles()).toMatchObject({profiles: [], problems: []});
	});

	it('reports a file it cannot read instead of throwing, and still lists the other', async () => {
		const userHome = await mkdtemp(path.join(work, 'home-'));
		await writeAws(path.join(userHome, '.aws'), {config: '[profile readable]\nregion = us-east-1\n'});
		// A folder where the credentials file should be: reading it fails for any user, root included.
		await mkdir(path.join(userHome, '.aws', 'credentials'));
		const adapter = createAwsAdapter({processes: createProcessRunner({}), env: {}, home: userHome});
		const result = await adapter.profiles();
		expect(result.profiles.map(profile => profile.name)).toEqual(['readable']);
		expect(result.problems).toEqual([expect.stringMatching(/credentials exists but could not be read \(EISDIR\)/)]);
	});

	it('passes file-level problems through with the real path', async () => {
		const userHome = await mkdtemp(path.join(work, 'home-'));
		await writeAws(path.join(userHome, '.aws'), {credentials: '[profile lonely]\naws_access_key_id = A\naws_secret_access_key = B\n'});
		const adapter = createAwsAdapter({processes: createProcessRunner({}), env: {}, home: userHome});
		const result = await adapter.profiles();
		expect(result.profiles).toEqual([]);
		expect(result.problems).toEqual([expect.stringContaining(`${path.join(userHome, '.aws', 'credentials')} line 1: [profile lonely] is not profile "lonely"`)]);
	});

	it('uses an injected reader', async () => {
		const asked: string[] = [];
		const adapter = createAwsAdapter({
			processes: createProcessRunner({}),
			env: {},
			home: '/nowhere',
			readText: async file => {
				asked.push(file);
				return file.endsWith('config') ? '[profile injected]\nregion = us-east-1\n' : undefined;
			},
		});
		const result = await adapter.profiles();
		expect(asked.sort()).toEqual([path.join('/nowhere', '.aws', 'config'), path.join('/nowhere', '.aws', 'credentials')]);
		expect(result.profiles.map(profile => profile.name)).toEqual(['injected']);
	});
});

describe('readTextFile', () => {
	it('gives undefined for a missing file and the text of an existing one', async () => {
		const file = path.join(work, 'text.txt');
		await writeFile(file, 'hello');
		expect(await readTextFile(file)).toBe('hello');
		expect(await readTextFile(path.join(work, 'missing.txt'))).toBeUndefined();
	});

	it('throws for a file that exists but cannot be read', async () => {
		await expect(readTextFile(work)).rejects.toMatchObject({code: 'EISDIR'});
	});
});
