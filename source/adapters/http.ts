import type {HttpClient, HttpResponse} from '../core/ports.js';

/**
A bounded GET. Errors are turned into sentences that name the host and the cause (refused, unknown
host, timed out, a certificate the machine does not trust), since that is what tells a user whether
a proxy or TLS-inspecting firewall is in the way.
*/
export function createHttpClient(): HttpClient {
	return {
		get: async (url, headers, timeoutMs) => request(url, {headers}, timeoutMs),
		post: async (url, headers, body, timeoutMs) => request(url, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body}, timeoutMs),
	};
}

async function request(url: string, init: RequestInit, timeoutMs: number): Promise<HttpResponse> {
	try {
		const response = await fetch(url, {...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow'});
		const date = response.headers.get('date');
		return {status: response.status, body: await response.text(), ...(date ? {date} : {})};
	} catch (error) {
		throw new Error(describeNetworkError(url, error, timeoutMs));
	}
}

export function describeNetworkError(url: string, error: unknown, timeoutMs: number): string {
	const host = safeHost(url);
	const cause = (error as {cause?: {code?: string; message?: string}}).cause;
	const code = cause?.code ?? (error as {code?: string}).code;
	const name = (error as {name?: string}).name;
	if (name === 'TimeoutError' || name === 'AbortError') {
		return `${host} did not answer within ${formatSeconds(timeoutMs)}.`;
	}

	// fetch refuses a header value with a line break or a character above U+00FF before anything is
	// sent, and its message quotes the value: a key or token. It is described, never repeated.
	if (cause === undefined && error instanceof TypeError && /header|ByteString/i.test(error.message)) {
		return `The request to ${host} was not sent: a header value (the key or token) holds a line break or a character that cannot be sent in a header. Copy the key or token again, as one line.`;
	}

	switch (code) {
		case 'ECONNREFUSED': {
			return `${host} refused the connection (ECONNREFUSED).`;
		}

		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return `${host} could not be found (${code}): no DNS, or no network.`;
		}

		case 'ECONNRESET': {
			return `The connection to ${host} was reset (ECONNRESET).`;
		}

		case 'SELF_SIGNED_CERT_IN_CHAIN':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'CERT_HAS_EXPIRED': {
			return `${host} presented a certificate this machine does not trust (${code}). A TLS-inspecting proxy is likely; if your company has its own certificate authority, point NODE_EXTRA_CA_CERTS at its PEM file.`;
		}

		default: {
			return `Could not reach ${host}${code ? ` (${code})` : ''}: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
		}
	}
}

function formatSeconds(milliseconds: number): string {
	return milliseconds < 10_000 ? `${Math.round(milliseconds / 100) / 10} s` : `${Math.round(milliseconds / 1000)} s`;
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
