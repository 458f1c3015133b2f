import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {
	createNetworkProbe,
	matchesNoProxy,
	parseEndpointOverride,
	parseProxyUrl,
	proxyFor,
	proxyFromEnv,
	redactProxyUrl,
	splitHostPort,
} from '../../source/adapters/network-probe.js';

// Real sockets on 127.0.0.1 only. Certificates are made at test time with openssl, so nothing
// secret or expiring lives in the repository.

type Identity = {cert: string; key: string};

type Pki = {folder: string; rootPem: string; rootFile: string; leaf: Identity; expired: Identity; otherName: Identity; proxyCert: Identity};

let pki: Pki;

async function openssl(folder: string, args: string[]): Promise<void> {
	await execa('openssl', args, {cwd: folder, timeout: 20_000});
}

/** A leaf certificate for `altNames`, signed by the test root; negative `days` makes it already expired. */
async function issue(folder: string, name: string, subject: string, altNames: string, days = 2): Promise<Identity> {
	await writeFile(path.join(folder, `${name}.ext`), `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	await openssl(folder, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
	await openssl(folder, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', String(days), '-out', `${name}.pem`, '-extfile', `${name}.ext`]);
	return {cert: await readFile(path.join(folder, `${name}.pem`), 'utf8'), key: await readFile(path.join(folder, `${name}.key`), 'utf8')};
}

beforeAll(async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'claude-setup-pki-'));
	await openssl(folder, [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '2',
		'-subj', '/CN=Corp Inspection Root CA/O=Corp Security',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
	]);
	// One after the other: `-CAcreateserial` writes a shared serial file.
	const leaf = await issue(folder, 'leaf', '/CN=api.anthropic.com', 'DNS:api.anthropic.com,DNS:claude.ai');
	const expired = await issue(folder, 'expired', '/CN=api.anthropic.com', 'DNS:api.anthropic.com', -1);
	const otherName = await issue(folder, 'other', '/CN=other.example', 'DNS:other.example');
	const proxyCert = await issue(folder, 'proxy', '/CN=localhost', 'IP:127.0.0.1,DNS:localhost');
	const rootFile = path.join(folder, 'root.pem');
	pki = {folder, rootPem: await readFile(rootFile, 'utf8'), rootFile, leaf, expired, otherName, proxyCert};
}, 60_000);

afterAll(async () => {
	await rm(pki.folder, {recursive: true, force: true});
});

// ---- local servers, closed after each test ----

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async cleanup => cleanup()));
});

/** Listens on 127.0.0.1; the server and every connection it accepted are closed after the test. */
async function listen<S extends net.Server>(server: S): Promise<number> {
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('error', () => {});
	});
	server.on('secureConnection', (socket: net.Socket) => socket.on('error', () => {}));
	server.on('tlsClientError', () => {});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise(resolve => server.close(resolve));
	});
	return (server.address() as net.AddressInfo).port;
}

/** A TLS server presenting the leaf plus the inspection root, as inspecting proxies do. */
async function startTlsServer(identity = pki.leaf): Promise<number> {
	return listen(tls.createServer({key: identity.key, cert: identity.cert + pki.rootPem}, socket => socket.on('error', () => {})));
}

type ProxyLog = Array<{target: string | undefined; authorization: string | undefined}>;

/** A tiny CONNECT proxy that sends every tunnel to `targetPort`; with `login`, it wants Basic auth. */
function connectHandler(targetPort: number, log: ProxyLog, login?: string) {
	return (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		client.on('error', () => {});
		log.push({target: request.url, authorization: request.headers['proxy-authorization']});
		if (login && request.headers['proxy-authorization'] !== `Basic ${Buffer.from(login).toString('base64')}`) {
			client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
			return;
		}

		const upstream = net.connect(targetPort, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
	};
}

async function startProxy(targetPort: number, login?: string): Promise<{port: number; log: ProxyLog}> {
	const log: ProxyLog = [];
	const server = http.createServer((_request, response) => response.writeHead(405).end());
	server.on('connect', connectHandler(targetPort, log, login));
	return {port: await listen(server), log};
}

const toLocal = (port: number) => () => ({host: '127.0.0.1', port});

describe('direct TLS', () => {
	it('names a TLS-inspecting root that this machine does not trust', async () => {
		const port = await startTlsServer();
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port), extraCaCertificates: []});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({host: 'api.anthropic.com', status: 'intercepted', detail: 'SELF_SIGNED_CERT_IN_CHAIN'});
		expect(result.interceptedBy).toContain('Corp Inspection Root CA');
		expect(result.proxy).toBeUndefined();
	});

	it('is reachable when the root comes from the file NODE_EXTRA_CA_CERTS names, and still says who inspects', async () => {
		const port = await startTlsServer();
		const probe = createNetworkProbe({env: {NODE_EXTRA_CA_CERTS: pki.rootFile}, resolveHost: toLocal(port)});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result.status).toBe('reachable');
		expect(result.interceptedBy).toContain('Corp Inspection Root CA');
	});

	it('is reachable when the root is passed as an extra CA', async () => {
		const port = await startTlsServer();
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port), extraCaCertificates: [pki.rootPem]});
		const results = await Promise.all([probe.reach('api.anthropic.com', 3000), probe.reach('claude.ai', 3000)]);
		expect(results.map(result => result.status)).toEqual(['reachable', 'reachable']);
	});

	it('reports a certificate for another name as a TLS error, even from a trusted root', async () => {
		const port = await startTlsServer(pki.otherName);
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port), extraCaCertificates: [pki.rootPem]});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({status: 'tls-error', detail: 'ERR_TLS_CERT_ALTNAME_INVALID'});
	});

	it('reports an expired certificate as a TLS error', async () => {
		const port = await startTlsServer(pki.expired);
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port), extraCaCertificates: [pki.rootPem]});
		expect(await probe.reach('api.anthropic.com', 3000)).toMatchObject({status: 'tls-error', detail: 'CERT_HAS_EXPIRED'});
	});

	it('reads the test-only endpoint override from the environment', async () => {
		const port = await startTlsServer();
		const probe = createNetworkProbe({env: {CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: `api.anthropic.com=127.0.0.1:${port}`}, extraCaCertificates: [pki.rootPem]});
		expect((await probe.reach('api.anthropic.com', 3000)).status).toBe('reachable');
	});

	it('reports a closed port as unreachable, quickly', async () => {
		const spare = net.createServer();
		await new Promise<void>(resolve => spare.listen(0, '127.0.0.1', resolve));
		const {port} = spare.address() as net.AddressInfo;
		await new Promise(resolve => spare.close(resolve));
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port)});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({status: 'unreachable', detail: 'ECONNREFUSED'});
		expect(result.elapsedMs).toBeLessThan(1000);
	});

	it('gives up on a server that accepts TCP but never speaks TLS, within the bound', async () => {
		const port = await listen(net.createServer(() => {}));
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port)});
		const started = performance.now();
		const result = await probe.reach('api.anthropic.com', 400);
		const elapsed = performance.now() - started;
		expect(result.status).toBe('timeout');
		expect(elapsed).toBeGreaterThanOrEqual(390);
		expect(elapsed).toBeLessThan(1000);
	});

	it('reports a name that does not resolve as dns', async () => {
		const probe = createNetworkProbe({env: {}});
		const result = await probe.reach('does-not-exist.invalid', 5000);
		expect(result.status).toBe('dns');
		expect(result.detail).toMatch(/ENOTFOUND|EAI_/);
	});

	it('reports a server that answers in plain HTTP as a TLS error', async () => {
		const port = await listen(http.createServer((_request, response) => response.end('hello')));
		const probe = createNetworkProbe({env: {}, resolveHost: toLocal(port)});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result.status).toBe('tls-error');
	});
});

describe('through a proxy', () => {
	it('tunnels with CONNECT for the real host name and sees the inspection behind it', async () => {
		const tlsPort = await startTlsServer();
		const proxy = await startProxy(tlsPort);
		const probe = createNetworkProbe({env: {HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`}, extraCaCertificates: []});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({status: 'intercepted', proxy: `http://127.0.0.1:${proxy.port}`});
		expect(result.interceptedBy).toContain('Corp Inspection Root CA');
		expect(proxy.log).toEqual([{target: 'api.anthropic.com:443', authorization: undefined}]);
	});

	it('sends Basic credentials from the proxy URL and never shows the password', async () => {
		const tlsPort = await startTlsServer();
		const proxy = await startProxy(tlsPort, 'alice:s3cr%t@pw');
		const probe = createNetworkProbe({env: {https_proxy: `http://alice:${encodeURIComponent('s3cr%t@pw')}@127.0.0.1:${proxy.port}`}, extraCaCertificates: [pki.rootPem]});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result.status).toBe('reachable');
		expect(proxy.log[0]?.authorization).toBe(`Basic ${Buffer.from('alice:s3cr%t@pw').toString('base64')}`);
		expect(result.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
		expect(JSON.stringify(result)).not.toMatch(/s3cr|alice/);
	});

	it('reports a 407 as proxy-failed with the status line, without the password', async () => {
		const tlsPort = await startTlsServer();
		const proxy = await startProxy(tlsPort, 'alice:right');
		const probe = createNetworkProbe({env: {HTTPS_PROXY: `http://alice:wrong@127.0.0.1:${proxy.port}`}});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({status: 'proxy-failed', detail: 'HTTP/1.1 407 Proxy Authentication Required'});
		expect(JSON.stringify(result)).not.toContain('wrong');
	});

	it('connects directly when NO_PROXY matches', async () => {
		const tlsPort = await startTlsServer();
		const proxy = await startProxy(tlsPort);
		const probe = createNetworkProbe({
			env: {HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost, .anthropic.com'},
			resolveHost: toLocal(tlsPort),
			extraCaCertificates: [pki.rootPem],
		});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result.status).toBe('reachable');
		expect(result.proxy).toBeUndefined();
		expect(proxy.log).toEqual([]);
	});

	it('reports a proxy that is not running as unreachable, naming the proxy', async () => {
		const spare = net.createServer();
		await new Promise<void>(resolve => spare.listen(0, '127.0.0.1', resolve));
		const {port} = spare.address() as net.AddressInfo;
		await new Promise(resolve => spare.close(resolve));
		const probe = createNetworkProbe({env: {HTTPS_PROXY: `http://bob:hunter2@127.0.0.1:${port}`}});
		const result = await probe.reach('api.anthropic.com', 3000);
		expect(result).toMatchObject({status: 'unreachable', proxy: `http://127.0.0.1:${port}`, detail: 'the proxy: ECONNREFUSED'});
		expect(JSON.stringify(result)).not.toContain('hunter2');
	});

	it('times out a tunnel whose far end never speaks TLS, and cleans up without crashing', async () => {
		const silentPort = await listen(net.createServer(() => {}));
		const proxy = await startProxy(silentPort);
		const probe = createNetworkProbe({env: {HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`}});
		const result = await probe.reach('api.anthropic.com', 300);
		expect(result).toMatchObject({status: 'timeout', proxy: `http://127.0.0.1:${proxy.port}`});
		expect(result.elapsedMs).toBeLessThan(1000);
	});

	it('speaks TLS to an https:// proxy', async () => {
		const tlsPort = await startTlsServer();
		const log: ProxyLog = [];
		const server = https.createServer({key: pki.proxyCert.key, cert: pki.proxyCert.cert});
		server.on('connect', connectHandler(tlsPort, log));
		const port = await listen(server);
		const probe = createNetworkProbe({env: {HTTPS_PROXY: `https://127.0.0.1:${port}`}, extraCaCertificates: [pki.rootPem]});
		const result = await probe.reach('claude.ai', 3000);
		expect(result).toMatchObject({status: 'reachable', proxy: `https://127.0.0.1:${port}`});
		expect(log).toEqual([{target: 'claude.ai:443', authorization: undefined}]);
	});
});

describe('proxy settings', () => {
	it('takes the first set of https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY', () => {
		expect(proxyFromEnv({HTTP_PROXY: 'http://d:1', http_proxy: 'http://c:1', HTTPS_PROXY: 'http://b:1', https_proxy: 'http://a:1'})).toBe('http://a:1');
		expect(proxyFromEnv({HTTP_PROXY: 'http://d:1', http_proxy: 'http://c:1', HTTPS_PROXY: 'http://b:1'})).toBe('http://b:1');
		expect(proxyFromEnv({HTTP_PROXY: 'http://d:1', http_proxy: 'http://c:1'})).toBe('http://c:1');
		expect(proxyFromEnv({HTTP_PROXY: 'http://d:1', https_proxy: '  '})).toBe('http://d:1');
		expect(proxyFromEnv({})).toBeUndefined();
	});

	it.each([
		['*', 'api.anthropic.com', 443, true],
		['anthropic.com', 'api.anthropic.com', 443, true],
		['.anthropic.com', 'api.anthropic.com', 443, true],
		['.anthropic.com', 'anthropic.com', 443, true],
		['*.anthropic.com', 'api.anthropic.com', 443, true],
		['localhost api.anthropic.com', 'api.anthropic.com', 443, true],
		['localhost,,claude.ai', 'api.anthropic.com', 443, false],
		['thropic.com', 'api.anthropic.com', 443, false],
		['api.anthropic.com:443', 'api.anthropic.com', 443, true],
		['api.anthropic.com:8443', 'api.anthropic.com', 443, false],
		['API.Anthropic.COM', 'api.anthropic.com', 443, true],
		['[::1]:443', '::1', 443, true],
		['', 'api.anthropic.com', 443, false],
	])('NO_PROXY %j for %s:%i -> %s', (noProxy, host, port, expected) => {
		expect(matchesNoProxy(host, port, noProxy)).toBe(expected);
	});

	it('prefers no_proxy, and applies it in proxyFor', () => {
		const env = {HTTPS_PROXY: 'proxy:3128', no_proxy: 'claude.ai', NO_PROXY: '*'};
		expect(proxyFor('claude.ai', 443, env)).toBeUndefined();
		expect(proxyFor('api.anthropic.com', 443, env)).toBe('proxy:3128');
	});

	it('reads a proxy without a scheme as http, refuses SOCKS, and never shows credentials', () => {
		expect(String(parseProxyUrl('proxy.corp:3128'))).toBe('http://proxy.corp:3128/');
		expect(parseProxyUrl('socks5://proxy.corp:1080')).toMatch(/SOCKS/);
		expect(redactProxyUrl('http://user:p%40ss@proxy.corp:3128')).toBe('http://proxy.corp:3128');
		expect(redactProxyUrl('user:pass@proxy.corp:3128')).toBe('http://proxy.corp:3128');
		expect(redactProxyUrl('http://user:pass@[bad')).not.toContain('pass');
	});

	it('splits host and port, and parses the endpoint override', () => {
		expect(splitHostPort('gateway.corp:8443', 443)).toEqual({host: 'gateway.corp', port: 8443});
		expect(splitHostPort('api.anthropic.com', 443)).toEqual({host: 'api.anthropic.com', port: 443});
		expect(splitHostPort('[::1]:8443', 443)).toEqual({host: '::1', port: 8443});
		expect(splitHostPort('::1', 443)).toEqual({host: '::1', port: 443});
		const resolve = parseEndpointOverride('api.anthropic.com=127.0.0.1:9443, *=127.0.0.1:9444');
		expect(resolve?.('API.anthropic.com')).toEqual({host: '127.0.0.1', port: 9443});
		expect(resolve?.('claude.ai')).toEqual({host: '127.0.0.1', port: 9444});
		expect(parseEndpointOverride(undefined)).toBeUndefined();
	});
});
