import {chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile} from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {PassThrough, Readable, Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {createRealPorts} from '../../source/adapters/real-ports.js';
import type {Paths} from '../../source/adapters/paths.js';
import {runDoctor, type DoctorOptions} from '../../source/commands/doctor.js';
import type {CommandIo} from '../../source/commands/io.js';
import type {SecretBackend, SecretRef} from '../../source/core/ports.js';
import {buildHelperScript} from '../helpers/helper-script.js';

/**
A throw-away machine for the doctor: its own HOME (so shell start-up files are temp files), a PATH
with only node, the system folders and, when asked, the real Claude Code, a managed settings path
in the temp folder, and the real key helper built from source. Nothing is mocked.
*/

const projectRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');
const roots: string[] = [];

export type DoctorWorld = {
	root: string;
	home: string;
	project: string;
	bin: string;
	managedPath: string;
	paths: Paths;
	helperScriptPath: string;
	env: Record<string, string>;
};

let builtHelper: Promise<string> | undefined;

async function helperScript(): Promise<string> {
	builtHelper ??= buildHelperScript().then(({directory, file}) => {
		roots.push(directory);
		return file;
	});
	return builtHelper;
}

export async function createDoctorWorld(options: {withClaude?: boolean; env?: Record<string, string>} = {}): Promise<DoctorWorld> {
	const root = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-doctor-')));
	roots.push(root);
	const home = path.join(root, 'home');
	const project = path.join(root, 'project');
	const bin = path.join(root, 'bin');
	await Promise.all([mkdir(home), mkdir(project), mkdir(bin)]);
	if (options.withClaude !== false) {
		// The real Claude Code from devDependencies, reached through a link as a PATH install would be.
		await symlink(await realpath(path.join(projectRoot, 'node_modules', '.bin', 'claude')), path.join(bin, 'claude'));
	}

	const managedPath = path.join(root, 'managed', 'managed-settings.json');
	const env: Record<string, string> = {
		HOME: home,
		PATH: [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
		CLAUDE_SETUP_MANAGED_SETTINGS_PATH: managedPath,
		...options.env,
	};
	const helperScriptPath = await helperScript();
	const {paths} = createRealPorts({env, cwd: project, helperScriptPath});
	return {root, home, project, bin, managedPath, paths, helperScriptPath, env};
}

export async function removeDoctorWorlds(): Promise<void> {
	await Promise.all(roots.splice(0).map(async directory => rm(directory, {recursive: true, force: true})));
	builtHelper = undefined;
}

export type DoctorRun = {code: number; stdout: string; stderr: string; elapsedMs: number};

export type RunOptions = {env?: Record<string, string | undefined>; isInteractive?: boolean; stdin?: Readable; stdoutIsTty?: boolean; onOutput?: (text: string) => void};

/** Runs `runDoctor` in-process on the world, capturing what it prints. */
export async function doctor(world: DoctorWorld, options: Partial<DoctorOptions> = {}, run: RunOptions = {}): Promise<DoctorRun> {
	const out: string[] = [];
	const err: string[] = [];
	const sink = (chunks: string[]) =>
		new Writable({
			write(chunk: Buffer | string, _encoding, callback) {
				chunks.push(String(chunk));
				run.onOutput?.(chunks.join(''));
				callback();
			},
		});
	const stdout = Object.assign(sink(out), run.stdoutIsTty ? {isTTY: true} : {});
	const env = Object.fromEntries(Object.entries({...world.env, ...run.env}).filter((entry): entry is [string, string] => entry[1] !== undefined));
	const io: CommandIo = {
		stdout,
		stderr: sink(err),
		stdin: run.stdin ?? Readable.from([]),
		env,
		cwd: world.project,
		helperScriptPath: world.helperScriptPath,
		isInteractive: run.isInteractive ?? false,
	};
	const started = performance.now();
	const code = await runDoctor({verbose: false, json: false, fix: false, ...options}, io);
	return {code, stdout: out.join(''), stderr: err.join(''), elapsedMs: performance.now() - started};
}

/** A stdin a test answers on cue: each answer is written when the prompt appears. */
export function answerer(): {stdin: PassThrough; onOutput: (text: string) => void; answers: string[]} {
	const stdin = new PassThrough();
	const answers: string[] = [];
	let asked = 0;
	const onOutput = (text: string) => {
		const prompts = text.split('[y/N]').length - 1;
		while (asked < prompts) {
			stdin.write(`${answers[asked] ?? 'n'}\n`);
			asked++;
		}
	};

	return {stdin, onOutput, answers};
}

export async function writeJson(file: string, value: unknown): Promise<void> {
	await writeText(file, `${JSON.stringify(value, undefined, '\t')}\n`);
}

export async function writeText(file: string, text: string, mode?: number): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeFile(file, text);
	if (mode !== undefined) {
		await chmod(file, mode);
	}
}

export async function readJson(file: string): Promise<unknown> {
	return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** What the wizard leaves behind: the key stored, the helper installed, `apiKeyHelper` in user settings. */
export async function setUpKeyHelper(world: DoctorWorld, key: string | undefined, backend: SecretBackend = 'file', ref?: SecretRef): Promise<{ref: SecretRef; command: string}> {
	const {ports} = createRealPorts({env: world.env, cwd: world.project, helperScriptPath: world.helperScriptPath});
	const secretRef = ref ?? {service: 'claude-setup', account: `anthropic-api-key-${world.paths.configDirHash}`};
	if (key !== undefined) {
		await ports.secrets.set(secretRef, key, backend);
	}

	const installed = await ports.helper.install(secretRef, backend);
	await writeJson(world.paths.userSettings, {apiKeyHelper: installed.command});
	return {ref: secretRef, command: installed.command};
}

/** A plain HTTP server whose every answer carries a Date header `offsetMs` away from now. */
export async function startDateServer(offsetMs: number): Promise<{url: string; close: () => Promise<void>}> {
	const server = http.createServer((_request, response) => {
		response.setHeader('Date', new Date(Date.now() + offsetMs).toUTCString());
		response.writeHead(401, {'content-type': 'application/json'}).end('{"type":"error"}');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

/**
A TLS endpoint standing in for api.anthropic.com, its certificate signed by a root made here with
openssl. With NODE_EXTRA_CA_CERTS naming that root and the endpoint override pointing at it, the
network check passes without leaving this machine.
*/
export async function startTlsEndpoint(): Promise<{port: number; rootFile: string; close: () => Promise<void>}> {
	// Not among the worlds' folders: the endpoint outlives each test, and close() removes it.
	const folder = await mkdtemp(path.join(tmpdir(), 'claude-setup-doctor-pki-'));
	const openssl = async (args: string[]) => execa('openssl', args, {cwd: folder, timeout: 20_000});
	await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '2', '-subj', '/CN=Doctor Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	await writeFile(path.join(folder, 'leaf.ext'), 'subjectAltName=DNS:api.anthropic.com\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
	await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=api.anthropic.com']);
	await openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '2', '-out', 'leaf.pem', '-extfile', 'leaf.ext']);
	const rootFile = path.join(folder, 'root.pem');
	const [cert, key, root] = await Promise.all(['leaf.pem', 'leaf.key', 'root.pem'].map(async name => readFile(path.join(folder, name), 'utf8')));
	const sockets = new Set<net.Socket>();
	const server = tls.createServer({key, cert: `${cert}${root}`}, socket => {
		socket.on('error', () => undefined);
		socket.end();
	});
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	server.on('tlsClientError', () => undefined);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		rootFile,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => server.close(resolve));
			await rm(folder, {recursive: true, force: true});
		},
	};
}
