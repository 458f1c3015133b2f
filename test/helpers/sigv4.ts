import {createHash, createHmac} from 'node:crypto';
import type {RecordedRequest} from './anthropic-server.js';

/**
Reads and checks the AWS Signature Version 4 of a recorded request, the way AWS does: rebuild the
canonical request from what arrived, derive the signing key from the secret access key, compare.
A match proves the client held that exact key pair, not only that it sent the key ID.
*/

export type SigV4Authorization = {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
};

const authorizationPattern = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([\da-f]{64})$/;

export function parseSigV4(authorization: string | undefined): SigV4Authorization | undefined {
	const match = authorizationPattern.exec(authorization ?? '');
	if (!match) {
		return undefined;
	}

	const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string, string];
	return {accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature};
}

/** Whether the request's signature is the one `secretAccessKey` gives. */
export function hasValidSigV4(request: RecordedRequest, secretAccessKey: string): boolean {
	const authorization = parseSigV4(headerOf(request, 'authorization'));
	const amzDate = headerOf(request, 'x-amz-date');
	if (!authorization || !amzDate) {
		return false;
	}

	const payloadHash = headerOf(request, 'x-amz-content-sha256') ?? sha256(request.body);
	if (payloadHash !== sha256(request.body)) {
		return false;
	}

	const [pathname = '/', query = ''] = request.url.split('?', 2);
	const canonicalHeaders = authorization.signedHeaders.map(name => `${name}:${(headerOf(request, name) ?? '').trim().replaceAll(/\s+/g, ' ')}\n`).join('');
	// Services other than S3 sign the path URI-encoded once more than it travels.
	const canonicalRequest = [request.method, encodePath(pathname), canonicalQuery(query), canonicalHeaders, authorization.signedHeaders.join(';'), payloadHash].join('\n');
	const scope = `${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
	let key: Buffer = hmac(`AWS4${secretAccessKey}`, authorization.date);
	for (const part of [authorization.region, authorization.service, 'aws4_request']) {
		key = hmac(key, part);
	}

	return hmac(key, stringToSign).toString('hex') === authorization.signature;
}

function headerOf(request: RecordedRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

function encodePath(pathname: string): string {
	return pathname
		.split('/')
		.map(segment => strictEncode(segment))
		.join('/');
}

function canonicalQuery(query: string): string {
	if (!query) {
		return '';
	}

	return query
		.split('&')
		.map(pair => {
			const [name = '', value = ''] = pair.split('=', 2);
			return [strictEncode(decodeURIComponent(name)), strictEncode(decodeURIComponent(value))] as const;
		})
		.sort(([a, aValue], [b, bValue]) => (a === b ? aValue.localeCompare(bValue) : a < b ? -1 : 1))
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
}

/** RFC 3986 encoding: everything but unreserved characters. */
function strictEncode(text: string): string {
	return encodeURIComponent(text).replaceAll(/[!'()*]/g, character => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data).digest();
}
