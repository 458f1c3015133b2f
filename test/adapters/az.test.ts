import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createAzAdapter, parseAccount} from '../../source/adapters/az.js';
import {createProcessRunner} from '../../source/adapters/processes.js';

/*
A stand-in `az` (a small node script) is the only program on PATH, so a real Azure CLI is never
reached and nothing talks to Azure. It records its argv and answers according to FAKE_AZ_MODE.
*/

const account = {
	environmentName: 'AzureCloud',
	homeTenantId: '11111111-2222-3333-4444-555555555555',
	id: '99999999-8888-7777-6666-555555555555',
	isDefault: true,
	managedByTenants: [],
	name: 'Contoso AI Production',
	state: 'Enabled',
	tenantId: '11111111-2222-3333-4444-555555555555',
	user: {name: 'dev@contoso.com', type: 'user'},
};

const standIn = String.raw`
const fs = require('node:fs');
const args = process.argv.slice(2);
const mode = process.env.FAKE_AZ_MODE ?? 'ok';
fs.appendFileSync(process.env.FAKE_AZ_LOG, JSON.stringify({args, noColor: process.env.AZURE_CORE_NO_COLOR ?? null}) + '\n');
const out = text => process.stdout.write(text);
const err = text => process.stderr.write(text);
const command = args.join(' ');
if (mode === 'hang') {
	setInterval(() => {}, 1000);
} else if (command === 'version --output json') {
	if (mode === 'broken') { err('Traceback: ImportError\n'); process.exit(1); }
	out('{"azure-cli": "2.67.0", "azure-cli-core": "2.67.0"}\n');
} else if (command === 'account show --output json') {
	if (mode === 'ok') { err('WARNING: A newer version is available\n'); out(process.env.FAKE_AZ_ACCOUNT + '\n'); }
	else if (mode === 'logged-out') { err("ERROR: Please run 'az login' to setup account.\n"); process.exit(1); }
	else if (mode === 'expired') { err("ERROR: AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2024-01-01T00:00:00Z and was inactive for 90.00:00:00.\nInteractive authentication is needed. Please run:\naz login\n"); process.exit(1); }
	else if (mode === 'no-subscription') { err("ERROR: No subscription found. Run 'az account set' to select a subscription.\n"); process.exit(1); }
	else if (mode === 'garbage') { out('Welcome to Azure CLI!\n-----\n'); }
	else if (mode === 'partial') { out('{"name": "x"}\n'); }
} else {
	err("ERROR: '" + command + "' is misspelled or not recognized by the system.\n");
	process.exit(2);
}
`;

let root = '';
let bin = '';
let emptyBin = '';
let log = '';

beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'claude-setup-az-'));
	bin = path.join(root, 'bin');
	emptyBin = path.join(root, 'empty-bin');
	await mkdir(bin);
	await mkdir(emptyBin);
	log = path.join(root, 'calls.jsonl');
	const file = path.join(bin, 'az');
	await writeFile(file, `#!${process.execPath}\n${standIn}`);
	await chmod(file, 0o755);
});

afterAll(async () => {
	await rm(root, {recursive: true, force: true});
});

type Call = {args: string[]; noColor: string | null};

function azFor(mode: string, options: {pathDirectory?: string; timeoutMs?: number} = {}) {
	const processes = createProcessRunner({PATH: options.pathDirectory ?? bin, FAKE_AZ_MODE: mode, FAKE_AZ_LOG: log, FAKE_AZ_ACCOUNT: JSON.stringify(account)});
	return createAzAdapter({processes, ...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs})});
}

async function recorded<T>(action: () => Promise<T>): Promise<{result: T; calls: Call[]}> {
	await rm(log, {force: true});
	const result = await action();
	const text = await readFile(log, 'utf8').catch(() => '');
	return {result, calls: text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Call)};
}

describe('createAzAdapter', () => {
	it('finds az with `az version`, which does not check for updates online', async () => {
		const {result, calls} = await recorded(async () => azFor('ok').isInstalled());
		expect(result).toEqual({installed: true, version: '2.67.0'});
		expect(calls).toEqual([{args: ['version', '--output', 'json'], noColor: 'true'}]);
	});

	it('says az is not installed when it is missing or broken', async () => {
		expect(await azFor('ok', {pathDirectory: emptyBin}).isInstalled()).toEqual({installed: false});
		expect(await azFor('broken').isInstalled()).toEqual({installed: false});
	});

	it('reads the logged-in account from `az account show --output json`', async () => {
		const {result, calls} = await recorded(async () => azFor('ok').account());
		expect(result).toEqual({
			ok: true,
			user: 'dev@contoso.com',
			subscription: 'Contoso AI Production',
			subscriptionId: '99999999-8888-7777-6666-555555555555',
			tenantId: '11111111-2222-3333-4444-555555555555',
		});
		expect(calls.map(call => call.args)).toEqual([['account', 'show', '--output', 'json']]);
	});

	it.each([
		['logged-out', /not logged in.*`az login`/],
		['expired', /expired.*`az login`/],
		['no-subscription', /no subscription/],
		['garbage', /did not print JSON/],
		['partial', /without the account fields/],
	])('explains %s', async (mode, message) => {
		const result = await azFor(mode).account();
		expect(result.ok).toBe(false);
		expect(result).not.toHaveProperty('notInstalled');
		expect(result).not.toHaveProperty('timedOut');
		expect(result.ok ? '' : result.message).toMatch(message);
	});

	it('says az is not installed when it is not on PATH', async () => {
		const result = await azFor('ok', {pathDirectory: emptyBin}).account();
		expect(result).toMatchObject({ok: false, notInstalled: true});
		expect(result.ok ? '' : result.message).toMatch(/not installed/);
	});

	it('gives up on an az that hangs, within the bound', async () => {
		const started = performance.now();
		const result = await azFor('hang', {timeoutMs: 1500}).account();
		// The default bound is 15 s: finishing well before it shows the option is honoured.
		expect(performance.now() - started).toBeLessThan(6000);
		expect(result).toMatchObject({ok: false, timedOut: true});
		expect(result.ok ? '' : result.message).toMatch(/did not answer within 2 s/);
	});

	it('turns a runner that throws into a message instead of a crash', async () => {
		const az = createAzAdapter({processes: {run: async () => {
			throw new Error('spawn EACCES');
		}}});
		expect(await az.account()).toEqual({ok: false, message: 'az could not be started: spawn EACCES'});
	});

	it('hands `az login` to the terminal', () => {
		expect(azFor('ok').loginArgs).toEqual(['login']);
	});
});

describe('parseAccount', () => {
	it('falls back to the subscription ID when the subscription has no name', () => {
		expect(parseAccount(JSON.stringify({...account, name: ''}))).toMatchObject({ok: true, subscription: account.id});
	});

	it.each([['null'], ['[]'], ['"text"'], [JSON.stringify({...account, user: 'dev@contoso.com'})], [JSON.stringify({...account, tenantId: 7})]])('rejects %s', stdout => {
		expect(parseAccount(stdout)).toMatchObject({ok: false});
	});
});
