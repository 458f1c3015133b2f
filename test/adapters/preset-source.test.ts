import {mkdir, mkdtemp, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadPreset} from '../../source/adapters/preset-source.js';
import {presetText, type PresetResult} from '../../source/core/team/preset.js';
import {startRouteServer, type RouteServer} from '../helpers/route-server.js';
import {presetJson, validPresets} from '../helpers/team-presets.js';

// Real files in a temp folder and real servers on 127.0.0.1; the self-signed certificate is made
// at test time with openssl.

const preset = validPresets.gateway;
const goodText = presetText(preset);
/** Just over the adapter's 256 KiB limit, and still valid JSON (so only the size can refuse it). */
const hugeText = JSON.stringify({...preset, team: 'Acme', padding: 'p'.repeat(300 * 1024)});

let root: string;
let home: string;
let cwd: string;
let server: RouteServer;
const servers: RouteServer[] = [];

beforeAll(async () => {
	root = await realpath(await mkdtemp(path.join(tmpdir(), 'claude-setup-preset-source-')));
	home = path.join(root, 'home');
	cwd = path.join(root, 'project');
	await mkdir(home, {recursive: true});
	await mkdir(cwd, {recursive: true});
	server = await startRouteServer({
		routes: {
			'/claude-setup-preset.json': {body: goodText},
			'/malformed.json': {body: '{\n  "schemaVersion": 1,\n  "method": "gateway",\n}\n'},
			'/newer.json': {body: presetJson('gateway', {schemaVersion: 99})},
			'/html': {body: '<!doctype html><title>Sign in</title>', contentType: 'text/html'},
			'/huge.json': {body: hugeText},
			'/error': {status: 500, body: 'oops'},
		},
	});
	servers.push(server);
});

afterAll(async () => {
	await Promise.all(servers.map(async running => running.close()));
	await rm(root, {recursive: true, force: true});
});

const load = async (reference: string) => loadPreset(reference, {cwd, home});

function refusal(result: PresetResult): string {
	if (result.ok) {
		throw new Error(`Expected a refusal, got ${JSON.stringify(result.preset)}`);
	}

	return result.message;
}

describe('loadPreset from a file', () => {
	it('a valid preset, by absolute path', async () => {
		const file = path.join(root, 'valid.json');
		await writeFile(file, goodText);
		expect(await load(file)).toEqual({ok: true, preset});
	});

	it('relative to the folder claude-setup runs in, and ~/ in HOME', async () => {
		await writeFile(path.join(cwd, 'team.json'), goodText);
		await writeFile(path.join(home, 'team.json'), goodText);
		expect(await load('team.json')).toEqual({ok: true, preset});
		expect(await load('./team.json')).toEqual({ok: true, preset});
		expect(await load('~/team.json')).toEqual({ok: true, preset});
	});

	it('a missing file: says so, with the full path', async () => {
		const message = refusal(await load('nowhere/claude-setup-preset.json'));
		expect(message).toContain(path.join(cwd, 'nowhere', 'claude-setup-preset.json'));
		expect(message).toContain('does not exist');
	});

	it('a directory', async () => {
		const folder = path.join(root, 'a-folder');
		await mkdir(folder, {recursive: true});
		const message = refusal(await load(folder));
		expect(message).toContain(folder);
		expect(message).toContain('not a file');
	});

	it('a file far too large is refused without being parsed', async () => {
		const file = path.join(root, 'huge.json');
		await writeFile(file, hugeText);
		expect(refusal(await load(file))).toContain('far too large');
	});

	it('a malformed file: the parse refusal, naming the file', async () => {
		const file = path.join(root, 'malformed.json');
		await writeFile(file, '{"schemaVersion": 1,');
		const message = refusal(await load(file));
		expect(message).toContain(file);
		expect(message).toContain('not valid JSON');
	});

	it('reads the file without changing it', async () => {
		const file = path.join(root, 'kept.json');
		await writeFile(file, goodText);
		await load(file);
		expect(await readFile(file, 'utf8')).toBe(goodText);
	});
});

describe('loadPreset from a URL', () => {
	it('a local http URL answering 200 with a valid preset', async () => {
		expect(await load(`${server.url}/claude-setup-preset.json`)).toEqual({ok: true, preset});
		expect(server.requested).toContain('/claude-setup-preset.json');
	});

	it('localhost works as well as 127.0.0.1', async () => {
		expect(await load(`http://localhost:${server.port}/claude-setup-preset.json`)).toEqual({ok: true, preset});
	});

	it('404: names the host and the status', async () => {
		const message = refusal(await load(`${server.url}/missing.json`));
		expect(message).toContain('HTTP 404');
		expect(message).toContain(`127.0.0.1:${server.port}`);
	});

	it('500: names the status', async () => {
		expect(refusal(await load(`${server.url}/error`))).toContain('HTTP 500');
	});

	it('malformed JSON: the parse refusal, naming the URL', async () => {
		const message = refusal(await load(`${server.url}/malformed.json`));
		expect(message).toContain(`${server.url}/malformed.json`);
		expect(message).toContain('not valid JSON');
	});

	it('a sign-in page instead of the preset (a portal that wants a login)', async () => {
		expect(refusal(await load(`${server.url}/html`))).toContain('not valid JSON');
	});

	it('a newer schema version', async () => {
		expect(refusal(await load(`${server.url}/newer.json`))).toContain('newer than this claude-setup understands');
	});

	it('a body far too large', async () => {
		expect(refusal(await load(`${server.url}/huge.json`))).toContain('far too large');
	});

	it.each(['http://example.com/claude-setup-preset.json', 'http://10.0.0.5/preset.json', 'http://127.0.0.2:8080/preset.json', 'ftp://127.0.0.1/preset.json', 'file:///etc/passwd'])(
		'%s is refused: only https, or plain http on this machine',
		async reference => {
			const message = refusal(await load(reference));
			expect(message).toContain('https://');
		},
	);

	it('a URL that does not parse', async () => {
		expect(refusal(await load('https://exa mple.com/preset.json'))).toContain('is not a valid URL');
	});

	it('nothing listening: a clear sentence, not a stack', async () => {
		const closed = await startRouteServer();
		const {url} = closed;
		await closed.close();
		const message = refusal(await load(`${url}/claude-setup-preset.json`));
		expect(message).toContain('Could not download the preset');
		expect(message).toContain('refused the connection');
	});

	it('https with a self-signed certificate: says the certificate is not trusted', async () => {
		const folder = path.join(root, 'tls');
		await mkdir(folder, {recursive: true});
		await execa('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=127.0.0.1'], {cwd: folder, timeout: 20_000});
		const tlsServer = await startRouteServer({
			tls: {key: await readFile(path.join(folder, 'key.pem'), 'utf8'), cert: await readFile(path.join(folder, 'cert.pem'), 'utf8')},
			routes: {'/claude-setup-preset.json': {body: goodText}},
		});
		servers.push(tlsServer);
		const message = refusal(await load(`${tlsServer.url}/claude-setup-preset.json`));
		expect(message).toContain('Could not download the preset');
		expect(message).toMatch(/certificate this machine does not trust \((?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
		expect(message).toContain('TLS-inspecting proxy');
		// The TLS handshake failed, so no request reached the server.
		expect(tlsServer.requested).toEqual([]);
	});

	it('a server that never answers, or stops half-way through the body: each ends with a message within the time limit', async () => {
		const hanging = await startRouteServer({
			routes: {
				'/silent'() {
					// Accepts the request and never answers.
				},
				'/stalled'(_request, response) {
					response.writeHead(200, {'content-type': 'application/json', 'content-length': '1000'});
					response.write('{"schemaVersion": 1, ');
				},
			},
		});
		servers.push(hanging);
		const started = performance.now();
		const [silent, stalled] = await Promise.all([load(`${hanging.url}/silent`), load(`${hanging.url}/stalled`)]);
		const elapsedMs = performance.now() - started;
		expect(refusal(silent)).toContain('did not answer within 10 s');
		expect(refusal(stalled)).toContain('did not answer within 10 s');
		expect(elapsedMs).toBeLessThan(14_000);
	}, 30_000);

	it('an endless body is cut off at the size limit, not read to its end', async () => {
		const total = 32 * 1024 * 1024;
		let sent = 0;
		let reportClosed: (sent: number) => void = () => undefined;
		const closed = new Promise<number>(resolve => {
			reportClosed = resolve;
		});
		const endless = await startRouteServer({
			routes: {
				'/endless.json'(_request, response) {
					response.writeHead(200, {'content-type': 'application/json'});
					const chunk = Buffer.alloc(64 * 1024, 0x20);
					response.on('close', () => {
						reportClosed(sent);
					});
					const pump = () => {
						while (sent < total) {
							sent += chunk.length;
							if (!response.write(chunk)) {
								response.once('drain', pump);
								return;
							}
						}

						response.end();
					};

					response.write('{"padding": "');
					pump();
				},
			},
		});
		servers.push(endless);
		expect(refusal(await load(`${endless.url}/endless.json`))).toContain('far too large');
		await endless.close();
		// What the server managed to hand over before the client hung up (socket buffers hold a few MiB).
		expect(await closed, `bytes sent of ${total}: the body was read to its end before being refused`).toBeLessThan(total / 2);
	}, 30_000);

	it('a redirect may not lead from an allowed URL to plain http on another machine', async () => {
		// 127.0.0.2 is this machine too, but not a name the adapter allows plain http for: it stands in for another host.
		const elsewhere = await startRouteServer({host: '127.0.0.2', routes: {'/claude-setup-preset.json': {body: goodText}}});
		servers.push(elsewhere);
		expect(refusal(await load(`${elsewhere.url}/claude-setup-preset.json`))).toContain('https://');

		server.routes.set('/moved.json', {redirect: `${elsewhere.url}/claude-setup-preset.json`});
		const result = await load(`${server.url}/moved.json`);
		expect(result.ok, 'a preset served over plain http by a host only a redirect named was accepted').toBe(false);
	});
});
