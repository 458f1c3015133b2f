import {randomBytes} from 'node:crypto';
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createGcloudAdapter, parseConfiguredProject, serviceAccountFile} from '../../source/adapters/gcloud.js';
import {createProcessRunner} from '../../source/adapters/processes.js';

/*
A stand-in `gcloud` (a small node script) is the only program on PATH, so the real gcloud on a
developer's machine is never reached and nothing talks to Google. It records its argv and the
prompt-disabling variable, and answers according to FAKE_GCLOUD_MODE.
*/

const standIn = String.raw`
const fs = require('node:fs');
const args = process.argv.slice(2);
const mode = process.env.FAKE_GCLOUD_MODE ?? 'ok';
fs.appendFileSync(process.env.FAKE_GCLOUD_LOG, JSON.stringify({args, prompts: process.env.CLOUDSDK_CORE_DISABLE_PROMPTS ?? null}) + '\n');
const out = text => process.stdout.write(text);
const err = text => process.stderr.write(text);
const command = args.join(' ');
if (mode === 'hang') {
	setInterval(() => {}, 1000);
} else if (command === '--version') {
	if (mode === 'broken') { err('ERROR: gcloud failed to load: No module named encodings\n'); process.exit(1); }
	out('Google Cloud SDK 500.0.0\nbq 2.1.9\ncore 2024.11.08\n');
} else if (command === 'config get-value project') {
	if (mode === 'unset') { err('(unset)\n'); }
	else if (mode === 'unset-old') { out('(unset)\n'); }
	else if (mode === 'garbage') { out('Traceback (most recent call last):\n  File "x", line 1\n'); }
	else if (mode === 'broken') { err('ERROR: (gcloud.config.get-value) Something broke\n'); process.exit(1); }
	else { err('Your active configuration is: [default]\n'); out('my-project-123\n'); }
} else if (command === 'auth application-default print-access-token') {
	const token = process.env.FAKE_TOKEN;
	if (mode === 'ok') { out(token + '\n'); }
	else if (mode === 'reauth') { err('Reauthentication required.\nERROR: (gcloud.auth.application-default.print-access-token) Reauthentication failed. cannot prompt during non-interactive execution.\n'); process.exit(1); }
	else if (mode === 'no-adc') { err('ERROR: (gcloud.auth.application-default.print-access-token) Your default credentials were not found. To set up Application Default Credentials, see https://cloud.google.com/docs/authentication/external/set-up-adc for more information.\n'); process.exit(1); }
	else if (mode === 'garbage') { out('Updates are available for some Google Cloud CLI components.\n' + token + '\n'); }
	else if (mode === 'empty') { out('\n'); }
	else if (mode === 'token-on-failure') { out(token + '\n'); err('ERROR: something odd ' + token + '\n'); process.exit(2); }
} else {
	err('ERROR: (gcloud) Invalid choice: ' + command + '\n');
	process.exit(2);
}
`;

let root = '';
let bin = '';
let emptyBin = '';
let log = '';
const token = `ya29.${randomBytes(48).toString('base64url')}`;

beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'claude-setup-gcloud-'));
	bin = path.join(root, 'bin');
	emptyBin = path.join(root, 'empty-bin');
	await mkdir(bin);
	await mkdir(emptyBin);
	log = path.join(root, 'calls.jsonl');
	const file = path.join(bin, 'gcloud');
	await writeFile(file, `#!${process.execPath}\n${standIn}`);
	await chmod(file, 0o755);
});

afterAll(async () => {
	await rm(root, {recursive: true, force: true});
});

type Call = {args: string[]; prompts: string | null};

async function calls(): Promise<Call[]> {
	const text = await readFile(log, 'utf8').catch(() => '');
	return text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Call);
}

function adapter(mode: string, options: {pathDirectory?: string; timeoutMs?: number} = {}) {
	const processes = createProcessRunner({PATH: options.pathDirectory ?? bin, FAKE_GCLOUD_MODE: mode, FAKE_GCLOUD_LOG: log, FAKE_TOKEN: token});
	return {processes, gcloud: createGcloudAdapter({processes, ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs})})};
}

async function withFreshLog<T>(action: () => Promise<T>): Promise<{result: T; calls: Call[]}> {
	await rm(log, {force: true});
	const result = await action();
	return {result, calls: await calls()};
}

describe('createGcloudAdapter', () => {
	it('finds gcloud by running `gcloud --version`, with prompts disabled', async () => {
		const {result, calls: made} = await withFreshLog(async () => adapter('ok').gcloud.isInstalled());
		expect(result).toEqual({installed: true, version: '500.0.0'});
		expect(made).toEqual([{args: ['--version'], prompts: '1'}]);
	});

	it('says gcloud is not installed when it is missing or broken', async () => {
		expect(await adapter('ok', {pathDirectory: emptyBin}).gcloud.isInstalled()).toEqual({installed: false});
		expect(await adapter('broken').gcloud.isInstalled()).toEqual({installed: false});
	});

	it('reads the configured project and ignores the configuration notice on stderr', async () => {
		const {result, calls: made} = await withFreshLog(async () => adapter('ok').gcloud.configuredProject());
		expect(result).toBe('my-project-123');
		expect(made.map(call => call.args)).toEqual([['config', 'get-value', 'project']]);
	});

	it.each([['unset'], ['unset-old'], ['garbage'], ['broken']])('has no project when gcloud says %s', async mode => {
		expect(await adapter(mode).gcloud.configuredProject()).toBeUndefined();
	});

	it('has no project when gcloud hangs, within the bound', async () => {
		const started = performance.now();
		expect(await adapter('hang', {timeoutMs: 1500}).gcloud.configuredProject()).toBeUndefined();
		expect(performance.now() - started).toBeLessThan(6000);
	});

	it('has no project when gcloud is missing', async () => {
		expect(await adapter('ok', {pathDirectory: emptyBin}).gcloud.configuredProject()).toBeUndefined();
	});

	it('reports working Application Default Credentials without returning the token', async () => {
		const {processes, gcloud} = adapter('ok');
		// The stand-in really prints the token, so the check below means something.
		const raw = await processes.run('gcloud', ['auth', 'application-default', 'print-access-token'], {timeoutMs: 5000});
		expect(raw.stdout).toContain(token);

		const {result, calls: made} = await withFreshLog(async () => gcloud.applicationDefaultCredentials());
		expect(result).toEqual({ok: true});
		expect(JSON.stringify(result)).not.toContain(token);
		expect(made).toEqual([{args: ['auth', 'application-default', 'print-access-token'], prompts: '1'}]);
	});

	it.each([
		['reauth', /expired.*gcloud auth application-default login/],
		['no-adc', /No Google Cloud credentials.*gcloud auth application-default login/],
		['garbage', /did not print an access token/],
		['empty', /did not print an access token/],
		['token-on-failure', /gcloud failed: something odd/],
	])('explains a failed credentials check (%s), never echoing the token', async (mode, message) => {
		const result = await adapter(mode).gcloud.applicationDefaultCredentials();
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.message).toMatch(message);
		expect(JSON.stringify(result)).not.toContain(token);
		expect(JSON.stringify(result)).not.toContain(token.slice(5, 25));
	});

	it('says gcloud is not installed when it is not on PATH', async () => {
		const result = await adapter('ok', {pathDirectory: emptyBin}).gcloud.applicationDefaultCredentials();
		expect(result).toMatchObject({ok: false, notInstalled: true});
		expect(result.ok ? '' : result.message).toMatch(/not installed/);
	});

	it('gives up on a gcloud that hangs, within the bound', async () => {
		const started = performance.now();
		const result = await adapter('hang', {timeoutMs: 1500}).gcloud.applicationDefaultCredentials();
		// The default bound is 15 s: finishing well before it shows the option is honoured.
		expect(performance.now() - started).toBeLessThan(6000);
		expect(result).toMatchObject({ok: false, timedOut: true});
		expect(result.ok ? '' : result.message).toMatch(/did not answer/);
	});

	it('turns a runner that throws into a message instead of a crash', async () => {
		const gcloud = createGcloudAdapter({processes: {run: async () => {
			throw new Error('spawn EACCES');
		}}});
		expect(await gcloud.applicationDefaultCredentials()).toEqual({ok: false, message: 'gcloud could not be started: spawn EACCES'});
		expect(await gcloud.isInstalled()).toEqual({installed: false});
	});

	it('hands the ADC login to the terminal with gcloud’s own arguments', () => {
		expect(adapter('ok').gcloud.adcLoginArgs).toEqual(['auth', 'application-default', 'login']);
	});
});

describe('parseConfiguredProject', () => {
	it.each([
		['my-project\n', 'my-project'],
		['\n  my-project  \r\n', 'my-project'],
		['example.com:my-project\n', 'example.com:my-project'],
		['(unset)\n', undefined],
		['', undefined],
		['Your active configuration is: [default]\n', undefined],
		['Some Project Name\n', undefined],
	])('%j -> %j', (stdout, expected) => {
		expect(parseConfiguredProject(stdout)).toBe(expected);
	});
});

describe('serviceAccountFile', () => {
	const readText = async (file: string) => readFile(file, 'utf8');
	// Built at runtime so no key-shaped literal sits in the repository.
	const privateKey = ['-----BEGIN PRIVATE KEY-----', randomBytes(96).toString('base64'), '-----END PRIVATE KEY-----'].join('\n');

	async function keyFile(name: string, content: string): Promise<string> {
		const directory = await mkdtemp(path.join(root, 'sa-'));
		const file = path.join(directory, name);
		await writeFile(file, content);
		return file;
	}

	it('is undefined when GOOGLE_APPLICATION_CREDENTIALS is not set', async () => {
		expect(await serviceAccountFile({}, readText)).toBeUndefined();
		expect(await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: '  '}, readText)).toBeUndefined();
	});

	it('describes a service-account key without returning the private key', async () => {
		const file = await keyFile('key.json', JSON.stringify({
			type: 'service_account',
			project_id: 'my-project-123',
			private_key_id: randomBytes(20).toString('hex'),
			private_key: privateKey,
			client_email: 'claude@my-project-123.iam.gserviceaccount.com',
		}));
		const result = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: file}, readText);
		expect(result).toEqual({ok: true, path: file, type: 'service_account', projectId: 'my-project-123', clientEmail: 'claude@my-project-123.iam.gserviceaccount.com'});
		expect(JSON.stringify(result)).not.toContain(privateKey.split('\n')[1]);
	});

	it('accepts a workload identity federation file, which has no client_email', async () => {
		const file = await keyFile('wif.json', JSON.stringify({type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x'}));
		expect(await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: file}, readText)).toEqual({ok: true, path: file, type: 'external_account'});
	});

	it('explains a file that is not JSON without quoting it', async () => {
		const file = await keyFile('key.pem', privateKey);
		const result = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: file}, readText);
		expect(result).toMatchObject({ok: false, path: file});
		expect(result?.ok === false ? result.message : '').toMatch(/not a JSON key file/);
		expect(JSON.stringify(result)).not.toContain('BEGIN PRIVATE KEY');
		expect(JSON.stringify(result)).not.toContain(privateKey.split('\n')[1]?.slice(0, 20));
	});

	it.each([
		['no client_email', {type: 'service_account', project_id: 'my-project-123', private_key: 'x'}, /no client_email/],
		['no private key', {type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com'}, /no private key/],
		['an unknown shape', {hello: 'world'}, /no client_email/],
	])('rejects a file with %s', async (_name, content, message) => {
		const file = await keyFile('key.json', JSON.stringify(content));
		const result = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: file}, readText);
		expect(result).toMatchObject({ok: false, path: file});
		expect(result?.ok === false ? result.message : '').toMatch(message);
	});

	it('rejects JSON that is not an object', async () => {
		const file = await keyFile('key.json', '["a"]');
		const result = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: file}, readText);
		expect(result?.ok === false ? result.message : '').toMatch(/not a Google credentials file/);
	});

	it('explains a missing file, a folder, and an unexpanded ~', async () => {
		const missing = path.join(root, 'nope', 'key.json');
		expect(await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: missing}, readText)).toEqual({ok: false, path: missing, message: `GOOGLE_APPLICATION_CREDENTIALS points to ${missing}, which does not exist.`});
		const folder = await mkdtemp(path.join(root, 'folder-'));
		const asFolder = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: folder}, readText);
		expect(asFolder?.ok === false ? asFolder.message : '').toMatch(/folder/);
		const tilde = await serviceAccountFile({GOOGLE_APPLICATION_CREDENTIALS: '~/key.json'}, async () => {
			throw new Error('must not be read');
		});
		expect(tilde?.ok === false ? tilde.message : '').toMatch(/starts with ~/);
	});
});
