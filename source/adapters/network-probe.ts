import {X509Certificate} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import {redactUrlCredentials} from '../core/requirements/evaluate.js';
import type {NetworkProbe} from '../core/ports.js';
import type {ReachResult, ReachStatus} from '../core/requirements/types.js';

/**
Can this machine open a TLS connection to a host the way Claude Code would: through the same proxy
(HTTPS_PROXY / NO_PROXY), trusting the same roots? Certificates are not rejected during the
handshake, so that a TLS-inspecting proxy can be recognised and named instead of reported as a
bare "certificate error".
*/
export type NetworkProbeOptions = {
	env?: NodeJS.ProcessEnv;
	/** The port checked when `reach` gets a bare host; 443. */
	port?: number;
	/**
	Where to connect for a host, for tests: SNI and the proxy's CONNECT line still name the real host.
	Ignored when the connection goes through a proxy (the proxy resolves the host).
	*/
	resolveHost?: (host: string) => {host: string; port: number} | undefined;
	/**
	PEM certificates trusted besides Node's bundled roots. Defaults to the file NODE_EXTRA_CA_CERTS
	names: Node reads that variable only at start-up, so a value the wizard sets later needs this.
	*/
	extraCaCertificates?: string[];
};

type Endpoint = {host: string; port: number};

type Outcome = {status: ReachStatus; detail?: string; interceptedBy?: string};

/**
The test-only endpoint override: `CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE="api.anthropic.com=127.0.0.1:8443,*=127.0.0.1:9443"`
sends connections for those hosts to a local server (SNI unchanged). Tests of the built wizard use
it; it is not meant for users.
*/
export const endpointOverrideVariable = 'CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE';

/** Creates the probe; `reach` never throws and never takes much longer than its timeout. */
export function createNetworkProbe(options: NetworkProbeOptions = {}): NetworkProbe {
	const env = options.env ?? process.env;
	const defaultPort = options.port ?? 443;
	const resolveHost = options.resolveHost ?? parseEndpointOverride(env[endpointOverrideVariable]);
	let trust: Promise<Trust> | undefined;

	return {
		async reach(target, timeoutMs) {
			const started = performance.now();
			const {host, port} = splitHostPort(target, defaultPort);
			const proxy = proxyFor(host, port, env);
			const trustReady = (trust ??= loadTrust(options.extraCaCertificates, env));
			const outcome = await bounded(timeoutMs, async track => {
				const context = await trustReady;
				if (proxy === undefined) {
					return connectDirect({host, port}, resolveHost?.(host) ?? {host, port}, context, track);
				}

				return connectThroughProxy({host, port}, proxy, context, track);
			});
			return {
				host: target,
				status: outcome.status,
				...(proxy === undefined ? {} : {proxy: redactProxyUrl(proxy)}),
				...(outcome.detail ? {detail: redactUrlCredentials(outcome.detail)} : {}),
				...(outcome.interceptedBy ? {interceptedBy: outcome.interceptedBy} : {}),
				elapsedMs: Math.round(performance.now() - started),
			} satisfies ReachResult;
		},
	};
}

type Track = <S extends net.Socket>(socket: S) => S;

/** Runs `work` with a deadline; every socket it tracked is destroyed when it ends, in time or not. */
async function bounded(timeoutMs: number, work: (track: Track) => Promise<Outcome>): Promise<Outcome> {
	const sockets = new Set<net.Socket>();
	let isOver = false;
	const track: Track = socket => {
		// Errors after the outcome is known (a destroy, a late reset) must not become uncaught events.
		socket.on('error', () => {});
		if (isOver) {
			// Work that lost the race may still open a socket; it must not outlive the check.
			socket.destroy();
		}

		sockets.add(socket);
		return socket;
	};

	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<Outcome>(resolve => {
		timer = setTimeout(() => resolve({status: 'timeout', detail: `no answer within ${timeoutMs} ms`}), timeoutMs);
	});
	try {
		return await Promise.race([work(track).catch(error => classifyError(error)), late]);
	} finally {
		isOver = true;
		clearTimeout(timer);
		// Outermost first: destroying a proxy tunnel before the TLS socket wrapped around it crashes
		// Node 20 (a segmentation fault, seen with 20.20.2).
		for (const socket of [...sockets].reverse()) {
			socket.destroy();
		}
	}
}

type Trust = {secureContext: tls.SecureContext; publicRoots: Set<string>};

async function loadTrust(extra: string[] | undefined, env: NodeJS.ProcessEnv): Promise<Trust> {
	// A certificate that does not parse would make the whole context fail; leave it out instead.
	const extraPem = (extra ?? (await readExtraCaFile(env['NODE_EXTRA_CA_CERTS']))).filter(isCertificate);
	// One context for every reach: building it parses ~150 roots, which costs more than a local handshake.
	const secureContext = tls.createSecureContext({ca: [...tls.rootCertificates, ...extraPem]});
	const publicRoots = new Set(tls.rootCertificates.map(pem => new X509Certificate(pem).fingerprint256));
	return {secureContext, publicRoots};
}

function isCertificate(pem: string): boolean {
	try {
		return Boolean(new X509Certificate(pem));
	} catch {
		return false;
	}
}

async function readExtraCaFile(file: string | undefined): Promise<string[]> {
	if (!file?.trim()) {
		return [];
	}

	const text = await readFile(file.trim(), 'utf8').catch(() => '');
	return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

async function connectDirect(target: Endpoint, address: Endpoint, trust: Trust, track: Track): Promise<Outcome> {
	const socket = track(
		tls.connect({
			host: address.host,
			port: address.port,
			...(net.isIP(target.host) ? {} : {servername: target.host}),
			secureContext: trust.secureContext,
			rejectUnauthorized: false,
		}),
	);
	await settled(socket, 'secureConnect');
	return judge(socket, trust);
}

async function connectThroughProxy(target: Endpoint, proxyText: string, trust: Trust, track: Track): Promise<Outcome> {
	const proxy = parseProxyUrl(proxyText);
	if (typeof proxy === 'string') {
		return {status: 'proxy-failed', detail: proxy};
	}

	const port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
	const host = proxy.hostname.replaceAll(/^\[|\]$/g, '');
	const tunnel = await openProxyConnection(proxy, host, port, trust, track).catch(blameProxy);
	if ('status' in tunnel) {
		return tunnel;
	}

	const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
	const login = proxy.username ? `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}` : undefined;
	tunnel.write(
		`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
			(login ? `Proxy-Authorization: Basic ${Buffer.from(login).toString('base64')}\r\n` : '') +
			'\r\n',
	);
	const statusLine = await readConnectAnswer(tunnel).catch(blameProxy);
	if (!/^HTTP\/\d(?:\.\d)? 2\d\d\b/.test(statusLine)) {
		return {status: 'proxy-failed', detail: statusLine || 'no answer to CONNECT'};
	}

	const socket = track(
		tls.connect({
			socket: tunnel,
			...(net.isIP(target.host) ? {} : {servername: target.host}),
			secureContext: trust.secureContext,
			rejectUnauthorized: false,
		}),
	);
	await settled(socket, 'secureConnect');
	return judge(socket, trust);
}

async function openProxyConnection(proxy: URL, host: string, port: number, trust: Trust, track: Track): Promise<net.Socket | Outcome> {
	if (proxy.protocol !== 'https:') {
		const socket = track(net.connect({host, port}));
		await settled(socket, 'connect');
		return socket;
	}

	// The proxy's own certificate is checked strictly: a proxy nobody can verify is not a finding about the target.
	const socket = track(tls.connect({host, port, ...(net.isIP(host) ? {} : {servername: host}), secureContext: trust.secureContext, rejectUnauthorized: false}));
	await settled(socket, 'secureConnect');
	return socket.authorized ? socket : {status: 'tls-error', detail: `the proxy's certificate is not trusted (${String(socket.authorizationError)})`};
}

/** Marks an error as the proxy's, so the result says the proxy (not the target) failed. */
function blameProxy(error: unknown): never {
	throw Object.assign(new Error('proxy'), {cause: error, isProxy: true});
}

/** Resolves on `event`; rejects on an error, or when the peer closes first. */
async function settled(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			cleanup();
			reject(error);
		};

		const onClose = () => {
			cleanup();
			reject(Object.assign(new Error('the connection was closed before the TLS handshake finished'), {code: 'ECONNRESET'}));
		};

		const onEvent = () => {
			cleanup();
			resolve();
		};

		const cleanup = () => {
			socket.off('error', onError).off('close', onClose).off(event, onEvent);
		};

		socket.once('error', onError).once('close', onClose).once(event, onEvent);
	});
}

/** The status line of the proxy's answer to CONNECT, once its headers are complete. */
async function readConnectAnswer(socket: net.Socket): Promise<string> {
	return new Promise((resolve, reject) => {
		let received = Buffer.alloc(0);
		const onData = (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			const end = received.indexOf('\r\n\r\n');
			if (end !== -1 || received.length > 65_536) {
				cleanup();
				// Stop reading: from here on the bytes belong to the TLS layer.
				socket.pause();
				resolve(received.subarray(0, received.indexOf('\r\n')).toString('latin1').trim());
			}
		};

		const onEnd = () => {
			cleanup();
			resolve(received.toString('latin1').split('\r\n')[0]?.trim() || 'the proxy closed the connection without answering');
		};

		const onError = (error: Error) => {
			cleanup();
			reject(error);
		};

		const cleanup = () => {
			socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onError);
		};

		socket.on('data', onData).once('end', onEnd).once('close', onEnd).once('error', onError);
	});
}

const chainErrors = new Set([
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Decides what a finished handshake means: trusted, re-signed by an inspecting proxy, or unusable. */
function judge(socket: tls.TLSSocket, trust: Trust): Outcome {
	const chain = peerChain(socket);
	const top = chain.at(-1);
	const isSelfSigned = top !== undefined && isSelfIssued(top);
	const rootName = top ? describeName(isSelfSigned ? top.subject : top.issuer) : undefined;
	const isPrivateRoot = top !== undefined && !(isSelfSigned && trust.publicRoots.has(top.fingerprint256));
	if (socket.authorized) {
		// A non-public root can only have verified through the extra CAs: inspection the user already trusts.
		return isPrivateRoot && isSelfSigned && rootName
			? {status: 'reachable', interceptedBy: rootName, detail: 'trusted through NODE_EXTRA_CA_CERTS'}
			: {status: 'reachable'};
	}

	const code = String(socket.authorizationError ?? 'UNKNOWN');
	if (chainErrors.has(code) && isPrivateRoot) {
		return {status: 'intercepted', detail: code, ...(rootName ? {interceptedBy: rootName} : {})};
	}

	return {status: 'tls-error', detail: code};
}

/** Leaf first, root (or the last certificate sent) last. */
function peerChain(socket: tls.TLSSocket): tls.DetailedPeerCertificate[] {
	const chain: tls.DetailedPeerCertificate[] = [];
	let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
	while (cert?.fingerprint256 && chain.length < 16 && !chain.some(seen => seen.fingerprint256 === cert!.fingerprint256)) {
		chain.push(cert);
		cert = cert.issuerCertificate;
	}

	return chain;
}

function isSelfIssued(cert: tls.PeerCertificate): boolean {
	return JSON.stringify(cert.subject) === JSON.stringify(cert.issuer);
}

/** "Corp Inspection Root CA (Corp Security)": the common name, and the organisation when it adds something. */
function describeName(name: tls.Certificate | undefined): string {
	const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
	const common = first(name?.CN);
	const organisation = first(name?.O);
	if (common && organisation && !common.includes(organisation)) {
		return `${common} (${organisation})`;
	}

	return common ?? organisation ?? 'an unnamed certificate';
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EAI_FAIL']);
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EADDRNOTAVAIL', 'ECONNABORTED', 'EACCES', 'EPERM']);

function classifyError(error: unknown): Outcome {
	const isProxy = (error as {isProxy?: boolean}).isProxy === true;
	const cause = (isProxy ? (error as {cause?: unknown}).cause : error) as {code?: string; message?: string} | undefined;
	const code = cause?.code ?? '';
	const prefix = isProxy ? 'the proxy: ' : '';
	if (dnsCodes.has(code)) {
		return {status: 'dns', detail: `${prefix}${code}`};
	}

	if (code === 'ETIMEDOUT') {
		return {status: 'timeout', detail: `${prefix}${code}`};
	}

	if (unreachableCodes.has(code)) {
		return {status: 'unreachable', detail: `${prefix}${code === 'ECONNRESET' ? cause?.message ?? code : code}`};
	}

	if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
		return {status: 'tls-error', detail: `${prefix}${code}`};
	}

	return {status: 'unreachable', detail: `${prefix}${code || cause?.message || 'unknown error'}`};
}

// ---- proxy settings, as Claude Code reads them ----

/** The proxy URL from the environment: the first set of https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY. */
export function proxyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
	for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
		const value = env[name]?.trim();
		if (value) {
			return value;
		}
	}

	return undefined;
}

/** The proxy to use for host:port, or undefined to connect directly (no proxy, or NO_PROXY matches). */
export function proxyFor(host: string, port: number, env: NodeJS.ProcessEnv): string | undefined {
	const proxy = proxyFromEnv(env);
	return proxy && !matchesNoProxy(host, port, env['no_proxy'] ?? env['NO_PROXY']) ? proxy : undefined;
}

/**
NO_PROXY: entries separated by commas or spaces; `*` matches everything; `example.com`,
`.example.com` and `*.example.com` match that domain and its subdomains; `host:port` matches only
that port.
*/
export function matchesNoProxy(host: string, port: number, noProxy: string | undefined): boolean {
	const name = host.toLowerCase().replace(/\.$/, '');
	return (noProxy ?? '')
		.split(/[\s,]+/)
		.filter(Boolean)
		.some(raw => {
			if (raw === '*') {
				return true;
			}

			const {host: entryHost, port: entryPort} = splitHostPort(raw.toLowerCase(), 0);
			if (entryPort !== 0 && entryPort !== port) {
				return false;
			}

			const domain = entryHost.replace(/^\*?\./, '').replace(/\.$/, '');
			return domain !== '' && (name === domain || name.endsWith(`.${domain}`));
		});
}

/** Parses a proxy setting as Claude Code does (a missing scheme means http://); a string is a problem. */
export function parseProxyUrl(text: string): URL | string {
	const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `http://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return 'the proxy setting (HTTPS_PROXY) is not a valid URL';
	}

	if (url.protocol.startsWith('socks')) {
		return 'SOCKS proxies are not supported by Claude Code: use an HTTP or HTTPS proxy';
	}

	return url.protocol === 'http:' || url.protocol === 'https:' ? url : `unsupported proxy scheme ${url.protocol}`;
}

/** The proxy as it may be shown: scheme, host and port, never a user name or password. */
export function redactProxyUrl(text: string): string {
	const url = parseProxyUrl(text);
	// An unreadable setting may still hold a password somewhere: show none of it.
	return typeof url === 'string' ? '(unreadable proxy setting)' : `${url.protocol}//${url.host}`;
}

/** `host`, `host:port` or `[v6]:port`; a bare IPv6 address has no port. */
export function splitHostPort(target: string, defaultPort: number): Endpoint {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
	if (bracketed?.[1]) {
		return {host: bracketed[1], port: Number(bracketed[2] ?? defaultPort)};
	}

	// A bare IPv6 address has several colons and no port.
	const match = /^([^:]+):(\d+)$/.exec(target);
	return match?.[1] ? {host: match[1], port: Number(match[2])} : {host: target, port: defaultPort};
}

/** Reads the test-only override ("host=addr:port,*=addr:port") into a resolver. */
export function parseEndpointOverride(value: string | undefined): ((host: string) => Endpoint | undefined) | undefined {
	const entries = (value ?? '')
		.split(/[\s,]+/)
		.map(entry => /^([^=]+)=(.+)$/.exec(entry))
		.filter((match): match is RegExpExecArray => match !== null);
	if (entries.length === 0) {
		return undefined;
	}

	const map = new Map(entries.map(([, host, address]) => [host!.toLowerCase(), splitHostPort(address!, 443)]));
	return host => map.get(host.toLowerCase()) ?? map.get('*');
}
