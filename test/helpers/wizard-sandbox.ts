import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {chmod, lstat, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile} from 'node:fs/promises';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {AsyncEntry, findCredentialsAsync} from '@napi-rs/keyring';
import {treeOf, type TreeEntry} from './tree.js';
import {inherited, keychainVariables, sessionVariables} from './session-env.js';

export {focusedLine} from './screen-list.js';

/**
What the end-to-end tests of the built wizard share: a temporary HOME and project, a PATH with the
tools of this machine minus every cloud CLI, package manager and browser, a guard that keeps every
Node process of the wizard off the internet, the keychain entries that belong to one HOME, and the
screen helpers for lists.
*/

export const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const binPath = path.join(root, 'bin', 'claude-setup.cjs');
export const realClaudePath = path.join(root, 'node_modules', '.bin', 'claude');
export const keychainService = 'claude-setup';

const temporaryDirectories: string[] = [];

export async function temporaryDirectory(name: string): Promise<string> {
	const directory = await realpath(await mkdtemp(path.join(tmpdir(), `claude-setup-${name}-`)));
	temporaryDirectories.push(directory);
	return directory;
}

export async function removeTemporaryDirectories(): Promise<void> {
	await Promise.all(temporaryDirectories.splice(0).map(async directory => rm(directory, {recursive: true, force: true})));
}

// ---------------------------------------------------------------------------------------------
// PATH

/**
Everything that could reach a cloud, install software for real, or open a browser: kept off PATH.
(`claude` is added back on purpose, as the real CLI or a stand-in.)
*/
const deniedTool =
	/^(?:aws.*|az|.*gcloud.*|gsutil|bq|gke-.*|npm|npx|corepack|yarn|pnpm|bun|bunx|brew|claude|sudo|su|pkexec|doas|sensible-browser|x-www-browser|gnome-www-browser|www-browser|xdg-open|wslview|open|firefox.*|chrom.*|google-chrome.*)$/;

export type ToolDirectoryOptions = {
	/**
	`real`: Claude Code from node_modules. `fake-login`: the real one, except `claude auth login`, which
	prints a local URL and waits for a line (so nothing can log in over the network). `slow-status`:
	the real one, except that `claude auth status` first takes a minute (as over a slow network).
	*/
	claude: 'real' | 'fake-login' | 'slow-status';
	/** Extra executables by name (a fake `aws`), as script text. */
	scripts?: Record<string, string>;
};

/**
A folder to use as the whole PATH: a link to every program in /usr/bin except `deniedTool`, plus
node, `claude` and the given scripts.
*/
export async function toolDirectory(options: ToolDirectoryOptions): Promise<string> {
	const directory = await temporaryDirectory('tools');
	const systemDirectories = [...new Set(await Promise.all(['/usr/bin', '/bin'].map(async folder => realpath(folder).catch(() => undefined))))].filter(
		(folder): folder is string => folder !== undefined,
	);
	const linked = new Set<string>();
	for (const folder of systemDirectories) {
		// eslint-disable-next-line no-await-in-loop -- two folders
		for (const name of await readdir(folder)) {
			if (deniedTool.test(name) || linked.has(name)) {
				continue;
			}

			linked.add(name);
			// eslint-disable-next-line no-await-in-loop -- a thousand links, once per file
			await symlink(path.join(folder, name), path.join(directory, name));
		}
	}

	if (!linked.has('node')) {
		await symlink(process.execPath, path.join(directory, 'node'));
	}

	const claudeTarget = await realpath(realClaudePath);
	if (options.claude === 'real') {
		await symlink(claudeTarget, path.join(directory, 'claude'));
	} else if (options.claude === 'fake-login') {
		await writeExecutable(path.join(directory, 'claude'), fakeLoginClaude(claudeTarget));
	} else {
		await writeExecutable(
			path.join(directory, 'claude'),
			['#!/bin/bash', 'if [ "$1" = auth ] && [ "$2" = status ]; then sleep 60; fi', `exec ${JSON.stringify(claudeTarget)} "$@"`, ''].join('\n'),
		);
	}

	for (const [name, text] of Object.entries(options.scripts ?? {})) {
		// eslint-disable-next-line no-await-in-loop -- a few
		await writeExecutable(path.join(directory, name), text);
	}

	return directory;
}

export const fakeLoginUrl = 'http://127.0.0.1:9/oauth/authorize?stand-in';

function fakeLoginClaude(realClaude: string): string {
	return [
		'#!/bin/bash',
		'# Claude Code, except that `claude auth login` is a stand-in that never reaches the network.',
		'if [ "$1" = auth ] && [ "$2" = login ]; then',
		`  echo "If the browser didn't open, visit: ${fakeLoginUrl}"`,
		'  IFS= read -r -p "Paste code here if prompted > " code || exit 1',
		'  echo "stand-in login: not logged in"',
		'  exit 1',
		'fi',
		`exec ${JSON.stringify(realClaude)} "$@"`,
		'',
	].join('\n');
}

async function writeExecutable(file: string, text: string): Promise<void> {
	await writeFile(file, text);
	await chmod(file, 0o755);
}

// ---------------------------------------------------------------------------------------------
// No internet

/**
A `--require` preload for every Node process of the wizard: a connection to anything but this
machine fails at once (as with no network), and is logged to `logFile`. The requirements step has
its own override (CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE), but the gateway and Foundry checks fetch
whatever URL was typed.
*/
export async function offlinePreload(directory: string): Promise<{nodeOptions: string; logFile: string; attempts: () => Promise<string[]>}> {
	const preload = path.join(directory, 'offline-preload.cjs');
	const logFile = path.join(directory, 'blocked-connections.log');
	await writeFile(
		preload,
		`'use strict';
const net = require('node:net');
const fs = require('node:fs');
const logFile = ${JSON.stringify(logFile)};
const isLocal = host => host === undefined || host === null || host === '' || host === 'localhost' || host === '::1' || host === '[::1]' || /^127\\./.test(String(host)) || String(host).startsWith('/');
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	const first = args[0];
	const options = Array.isArray(first) ? first[0] : first;
	let host;
	if (options !== null && typeof options === 'object') {
		host = options.path === undefined ? (options.host ?? 'localhost') : options.path;
	} else if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
		host = typeof args[1] === 'string' ? args[1] : 'localhost';
	} else if (typeof first === 'string') {
		host = first;
	}
	if (!isLocal(host)) {
		try {
			fs.appendFileSync(logFile, process.pid + ' ' + String(host) + '\\n');
		} catch {}
		const error = new Error('getaddrinfo ENOTFOUND ' + host + ' (blocked by the test: no internet)');
		error.code = 'ENOTFOUND';
		error.hostname = String(host);
		process.nextTick(() => this.destroy(error));
		return this;
	}
	return originalConnect.apply(this, args);
};
`,
	);
	return {
		nodeOptions: `--require ${preload}`,
		logFile,
		async attempts() {
			const text = await readFile(logFile, 'utf8').catch(() => '');
			return text.split('\n').filter(Boolean);
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Environment

export type WizardEnvironmentOptions = {
	home: string;
	tools: string;
	/** ANTHROPIC_BASE_URL: the local stand-in. */
	anthropicBaseUrl: string;
	/** CLAUDE_SETUP_INSTALLER_URL: a local server serving a harmless script. */
	installerUrl?: string;
	nodeOptions?: string;
	/** Without the D-Bus session the keychain is unavailable, and the wizard offers the 0600 file. */
	keychain?: boolean;
	extra?: Record<string, string | undefined>;
};

/** A hermetic environment: nothing inherited but locale, user and (optionally) the keychain's D-Bus session. */
export function wizardEnvironment(options: WizardEnvironmentOptions): Record<string, string | undefined> {
	const env = inherited([...sessionVariables, ...(options.keychain === false ? [] : keychainVariables)]);

	return {
		...env,
		PATH: options.tools,
		HOME: options.home,
		SHELL: '/bin/bash',
		TERM: 'xterm-256color',
		CI: 'true',
		ANTHROPIC_BASE_URL: options.anthropicBaseUrl,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
		...(options.installerUrl ? {CLAUDE_SETUP_INSTALLER_URL: options.installerUrl} : {}),
		...(options.nodeOptions ? {NODE_OPTIONS: options.nodeOptions} : {}),
		...options.extra,
	};
}

// ---------------------------------------------------------------------------------------------
// Local servers

export type LocalServer = {url: string; requests: string[]; close(): Promise<void>};

/** A harmless stand-in for https://claude.ai/install.sh: it prints two lines and installs nothing. */
export const harmlessInstaller = [
	'#!/bin/bash',
	'echo "claude-setup test installer: this stand-in installs nothing"',
	'echo "Claude Code is already on PATH"',
	'exit 0',
	'',
].join('\n');

/** Serves `routes` (path -> body) on 127.0.0.1; anything else is a 404. */
export async function startLocalServer(routes: Record<string, string>): Promise<LocalServer> {
	return listen((request, response) => {
		const body = routes[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
		if (body === undefined) {
			response.writeHead(404).end('not found\n');
			return;
		}

		response.writeHead(200, {'content-type': 'text/plain'}).end(body);
	});
}

/** Accepts every request and never answers (until closed): a check against it stays on its spinner. */
export async function startHangingServer(): Promise<LocalServer> {
	return listen(() => {});
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LocalServer> {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(`${request.method ?? 'GET'} ${request.url ?? '/'}`);
		request.resume();
		handler(request, response);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

// ---------------------------------------------------------------------------------------------
// What the wizard may write

/** The app's `configDirHash`: every keychain entry of one config folder ends in it. */
export function configDirHash(home: string): string {
	return createHash('sha256').update(path.join(home, '.claude')).digest('hex').slice(0, 8);
}

export type KeychainEntry = {account: string; sha256: string};

/**
The `claude-setup` keychain entries of this HOME (their account ends in its config-folder hash),
plus any probe entry (`probe-…`) left behind, with a hash of each value. Other test files run their
own wizards in the same keychain at the same time, so their entries are left out.
*/
export async function keychainEntries(home: string): Promise<KeychainEntry[]> {
	const suffix = `-${configDirHash(home)}`;
	const credentials = await allCredentials();
	return credentials
		.filter(credential => credential.account.endsWith(suffix))
		.map(credential => ({account: credential.account, sha256: createHash('sha256').update(credential.password).digest('hex')}))
		.sort((a, b) => a.account.localeCompare(b.account));
}

/** The keychain values of this HOME's entries (for cleanup and for the leak scan's exceptions). */
export async function keychainValues(home: string): Promise<Array<{account: string; password: string}>> {
	const suffix = `-${configDirHash(home)}`;
	return (await allCredentials()).filter(credential => credential.account.endsWith(suffix));
}

export async function deleteKeychainEntries(home: string): Promise<void> {
	for (const {account} of await keychainValues(home)) {
		// eslint-disable-next-line no-await-in-loop -- a handful
		await new AsyncEntry(keychainService, account).deletePassword().catch(() => false);
	}
}

/** Probe entries (`probe-…`) in the keychain: the probe deletes its own, so any that stays is left behind. */
export async function probeEntries(): Promise<string[]> {
	return (await allCredentials()).map(credential => credential.account).filter(account => account.startsWith('probe-')).sort();
}

/**
Every claude-setup entry in the keychain. Listing reads each item the search found, and a wizard of
another test deleting its probe entry in between makes the read fail ("No such interface
org.freedesktop.Secret.Item"): the listing is then simply taken again.
*/
async function allCredentials(): Promise<Awaited<ReturnType<typeof findCredentialsAsync>>> {
	for (let attempt = 1; ; attempt++) {
		try {
			// eslint-disable-next-line no-await-in-loop -- retried only after a race with a deletion
			return await findCredentialsAsync(keychainService);
		} catch (error) {
			if (attempt >= 10 || !/No such interface|NoSuchObject|UnknownMethod|UnknownObject|No such object/i.test(String(error))) {
				throw error;
			}
		}
	}
}

export type MachineState = {home: TreeEntry[]; project: TreeEntry[]; keychain: KeychainEntry[]};

export async function machineState(home: string, project: string): Promise<MachineState> {
	const [homeTree, projectTree, keychain] = await Promise.all([treeOf(home), treeOf(project), keychainEntries(home)]);
	return {home: homeTree, project: projectTree, keychain};
}

/** Paths that differ between two listings (added, removed, or changed). */
export function changedPaths(before: readonly TreeEntry[], after: readonly TreeEntry[]): string[] {
	const describe = (entry: TreeEntry) => `${entry.kind}:${entry.sha256 ?? ''}:${entry.mode}`;
	const map = (entries: readonly TreeEntry[]) => new Map(entries.map(entry => [entry.path, describe(entry)]));
	const a = map(before);
	const b = map(after);
	return [...new Set([...a.keys(), ...b.keys()])].filter(key => a.get(key) !== b.get(key)).sort();
}

/**
Claude Code's own state: `claude auth status` and `claude auth login` create ~/.claude.json and a
backup of it in ~/.claude/backups. Not claude-setup's writes, but they are HOME changes.
*/
export function isClaudeCodeState(relativePath: string): boolean {
	return relativePath === '.claude.json' || relativePath.startsWith('.claude.json.') || relativePath === path.join('.claude', 'backups') || relativePath.startsWith(path.join('.claude', 'backups') + path.sep);
}

// ---------------------------------------------------------------------------------------------
// Screens

/** Anything that says the program broke rather than explained a problem. */
export function crashSignatures(output: string): string[] {
	const patterns: Array<[string, RegExp]> = [
		['Unhandled', /Unhandled/],
		['TypeError', /TypeError/],
		['ReferenceError', /ReferenceError/],
		['RangeError', /RangeError/],
		['SyntaxError', /SyntaxError/],
		['failed unexpectedly', /failed unexpectedly/],
		['stack trace', /^\s*at .+[(\s]\S+:\d+:\d+\)?\s*$/m],
		['React error', /The above error occurred|Minified React error/],
		['FATAL', /FATAL ERROR/],
	];
	return patterns.filter(([, pattern]) => pattern.test(output)).map(([name]) => name);
}

/**
A cheap fingerprint of a folder (sizes, modes, inodes and modification times, no contents), to
notice a write between two keystrokes; `treeOf` is the authoritative comparison.
*/
export async function statFingerprint(directory: string, skip: (relativePath: string) => boolean = () => false): Promise<string> {
	const lines: string[] = [];
	const visit = async (current: string): Promise<void> => {
		let names: string[];
		try {
			names = await readdir(current);
		} catch {
			return;
		}

		for (const name of names.sort()) {
			const full = path.join(current, name);
			const relative = path.relative(directory, full);
			if (skip(relative)) {
				continue;
			}

			// eslint-disable-next-line no-await-in-loop -- a small tree, in a stable order
			const stats = await lstat(full).catch(() => undefined);
			if (!stats) {
				continue;
			}

			lines.push(`${relative}\t${stats.isDirectory() ? 'd' : stats.size}\t${stats.mode}\t${stats.ino}\t${stats.isDirectory() ? '' : stats.mtimeMs}`);
			if (stats.isDirectory()) {
				// eslint-disable-next-line no-await-in-loop -- see above
				await visit(full);
			}
		}
	};

	await visit(directory);
	return lines.join('\n');
}

/**
Like `treeOf`, but a file that disappears while it is listed (another program's temporary file,
written then renamed) is left out instead of failing the listing.
*/
export async function settledTreeOf(directory: string, attempts = 5): Promise<TreeEntry[]> {
	for (let attempt = 1; ; attempt++) {
		try {
			// eslint-disable-next-line no-await-in-loop -- retried only when a file vanished mid-listing
			return await treeOf(directory);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= attempts) {
				throw error;
			}
		}
	}
}

/**
The processes (other than this one) whose environment has HOME=`home`: what a wizard started in
that HOME and left running. Found through /proc/<pid>/environ, which survives re-parenting.
*/
export function processesWithHome(home: string): Array<{pid: number; command: string}> {
	const needle = Buffer.from(`\0HOME=${home}\0`);
	const found: Array<{pid: number; command: string}> = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) {
			continue;
		}

		try {
			const environ = Buffer.concat([Buffer.from('\0'), readFileSync(`/proc/${name}/environ`)]);
			if (environ.includes(needle)) {
				found.push({pid: Number(name), command: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim()});
			}
		} catch {
			// Gone, or not ours to read.
		}
	}

	return found;
}

export type KeyCheckServer = LocalServer & {
	/** Every credential presented (x-api-key, or the Bearer token), in order. */
	presented: string[];
};

/**
A gateway or Foundry stand-in: every POST is answered 400 (authenticated, but the empty body is a bad
request, which is what the wizard's check expects) when its x-api-key or Bearer token is accepted,
401 otherwise.
*/
export async function startKeyCheckServer(accepted: readonly string[]): Promise<KeyCheckServer> {
	const presented: string[] = [];
	const server = await listen((request, response) => {
		const header = (name: string) => {
			const value = request.headers[name];
			return Array.isArray(value) ? value[0] : value;
		};

		const credential = header('x-api-key') ?? /^Bearer (.+)$/.exec(header('authorization') ?? '')?.[1];
		if (credential !== undefined) {
			presented.push(credential);
		}

		const isAccepted = credential !== undefined && accepted.includes(credential);
		response.writeHead(isAccepted ? 400 : 401, {'content-type': 'application/json'});
		response.end(JSON.stringify({type: 'error', error: {type: isAccepted ? 'invalid_request_error' : 'authentication_error', message: isAccepted ? 'empty request' : 'invalid key'}}));
	});
	return {...server, presented};
}

/**
A stand-in for the AWS CLI: `--version`, `sts get-caller-identity` (only with keys in the
environment, as the real one) and `bedrock list-inference-profiles`. Each call's arguments are
appended to `logFile`, one line each, so a test can see exactly what it was given.
*/
export function fakeAwsScript(logFile: string, profileIds: readonly string[]): string {
	const profiles = JSON.stringify({inferenceProfileSummaries: profileIds.map(id => ({inferenceProfileId: id, inferenceProfileName: id, status: 'ACTIVE', type: 'SYSTEM_DEFINED'}))});
	return [
		'#!/bin/bash',
		`printf '%s\\n' "$*" >> ${JSON.stringify(logFile)}`,
		'case "$1 $2" in',
		'  "--version "*) echo "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 (stand-in)"; exit 0 ;;',
		'  "sts get-caller-identity")',
		'    if [ -z "$AWS_ACCESS_KEY_ID" ] || [ -z "$AWS_SECRET_ACCESS_KEY" ]; then echo "Unable to locate credentials." >&2; exit 253; fi',
		'    echo \'{"UserId": "AIDASTANDIN", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/stand-in"}\'; exit 0 ;;',
		`  "bedrock list-inference-profiles") echo '${profiles}'; exit 0 ;;`,
		'esac',
		'echo "stand-in aws: unsupported: $*" >&2',
		'exit 2',
		'',
	].join('\n');
}
