import type {ServerResponse} from 'node:http';
import {crc32} from 'node:zlib';
import {
	isAccepted,
	messageBody,
	messageEvents,
	sendAuthenticationError,
	sendJson,
	sendMessage,
	sendNotFound,
	sendStream,
	startRecordingServer,
	type RecordedRequest,
	type RecordingServer,
} from './anthropic-server.js';

/**
One local stand-in for every place a cloud or gateway setup sends Claude Code, so the real CLI can
run against it and a test can read exactly what it sent. The routes do not collide, so one server
serves all of them:

- Amazon Bedrock (ANTHROPIC_BEDROCK_BASE_URL): `GET /inference-profiles` (Claude Code lists them at
  start; an empty list is a valid answer), `POST /model/<id>/invoke` (its model probes and
  non-streamed calls) and `POST /model/<id>/invoke-with-response-stream` (answered in AWS's binary
  event-stream framing, as Bedrock does). Requests are recorded, not verified: the test reads the
  SigV4 `Authorization` header itself.
- Google Vertex AI (ANTHROPIC_VERTEX_BASE_URL): `POST …/projects/<p>/locations/<r>/publishers/anthropic/models/<m>:streamRawPredict`
  (server-sent events) and `:rawPredict`.
- Any Anthropic-shaped API under any prefix (a gateway at `/`, Foundry at `/anthropic`):
  `POST <prefix>/v1/messages`, which checks `x-api-key` or `Authorization: Bearer` against the accepted
  keys first (401 otherwise), and answers a body without a model (the wizard's empty credential
  check) with 400, as the real services do once the credential is good.
*/

export type ProviderServer = RecordingServer & {
	/** Keys or tokens the Anthropic-shaped routes accept; add or remove at any time. */
	acceptedKeys: Set<string>;
};

export type ProviderServerOptions = {
	acceptedKeys?: Iterable<string>;
	/** The text of every answer. */
	replyText?: string;
};

export const providerReplyText = 'pong from the local provider';

const bedrockInvoke = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;
const vertexPredict = /\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

export async function startProviderServer(options: ProviderServerOptions = {}): Promise<ProviderServer> {
	const acceptedKeys = new Set(options.acceptedKeys ?? []);
	const replyText = options.replyText ?? providerReplyText;

	const server = await startRecordingServer((request, response) => {
		if (request.method === 'GET' && request.pathname === '/inference-profiles') {
			sendJson(response, 200, {inferenceProfileSummaries: []});
			return;
		}

		const bedrock = request.method === 'POST' ? bedrockInvoke.exec(request.pathname) : null;
		if (bedrock) {
			const model = decodeURIComponent(bedrock[1]!);
			if (bedrock[2] === 'invoke') {
				sendJson(response, 200, messageBody(model, replyText));
			} else {
				sendBedrockStream(response, model, replyText);
			}

			return;
		}

		const vertex = request.method === 'POST' ? vertexPredict.exec(request.pathname) : null;
		if (vertex) {
			const model = decodeURIComponent(vertex[3]!);
			if (vertex[4] === 'streamRawPredict') {
				sendStream(response, model, replyText);
			} else {
				sendJson(response, 200, messageBody(model, replyText));
			}

			return;
		}

		if (request.method === 'POST' && request.pathname.endsWith('/v1/messages')) {
			if (!isAccepted(request.headers, acceptedKeys)) {
				sendAuthenticationError(response);
				return;
			}

			const model = (request.json as {model?: unknown} | undefined)?.model;
			if (typeof model !== 'string') {
				sendJson(response, 400, {type: 'error', error: {type: 'invalid_request_error', message: 'model: Field required'}});
				return;
			}

			sendMessage(response, request, replyText, model);
			return;
		}

		sendNotFound(response, request);
	});

	return {...server, acceptedKeys};
}

/**
Bedrock's InvokeModelWithResponseStream answer: each Messages event, base64 JSON inside a `chunk`
event of the AWS event-stream framing (length-prefixed messages with CRC32 checksums), which the
AWS SDK inside Claude Code decodes and verifies.
*/
function sendBedrockStream(response: ServerResponse, model: string, text: string): void {
	response.writeHead(200, {'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req_local_test'});
	for (const [, data] of messageEvents(model, text)) {
		const payload = JSON.stringify({bytes: Buffer.from(JSON.stringify(data)).toString('base64')});
		response.write(eventStreamMessage({':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event'}, payload));
	}

	response.end();
}

/** One event-stream message: total and header lengths, their CRC, string headers, the payload, the CRC of it all. */
export function eventStreamMessage(headers: Record<string, string>, payload: string): Buffer {
	const headerBytes = Buffer.concat(
		Object.entries(headers).map(([name, value]) => {
			const nameBytes = Buffer.from(name);
			const valueBytes = Buffer.from(value);
			const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
			let offset = header.writeUInt8(nameBytes.length, 0);
			offset += nameBytes.copy(header, offset);
			// Header value type 7: a UTF-8 string with a two-byte length.
			offset = header.writeUInt8(7, offset);
			offset = header.writeUInt16BE(valueBytes.length, offset);
			valueBytes.copy(header, offset);
			return header;
		}),
	);
	const payloadBytes = Buffer.from(payload);
	const prelude = Buffer.alloc(12);
	prelude.writeUInt32BE(12 + headerBytes.length + payloadBytes.length + 4, 0);
	prelude.writeUInt32BE(headerBytes.length, 4);
	prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
	const message = Buffer.concat([prelude, headerBytes, payloadBytes]);
	const checksum = Buffer.alloc(4);
	checksum.writeUInt32BE(crc32(message), 0);
	return Buffer.concat([message, checksum]);
}

export type {RecordedRequest};
