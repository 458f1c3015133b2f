import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import {createRequestLog, listenOnLoopback} from './request-log.js';

/**
A stand-in for the Anthropic API on 127.0.0.1, so end-to-end tests (and the real Claude Code CLI)
never talk to Anthropic. It records every request and answers the two endpoints the setup touches:
`GET /v1/models` (the key check) and `POST /v1/messages` (what `claude -p` sends).
*/

export type RecordedRequest = {
	method: string;
	/** The path with its query, as sent: `/v1/messages?beta=true`. */
	url: string;
	/** The path without the query: `/v1/messages`. */
	pathname: string;
	headers: IncomingHttpHeaders;
	body: string;
	/** The body parsed as JSON, when it is JSON. */
	json?: unknown;
};

/** A local HTTP server that records every request; what it answers is up to its owner. */
export type RecordingServer = {
	/** `http://127.0.0.1:<port>`. */
	url: string;
	/** Every request so far, in arrival order. */
	requests: RecordedRequest[];
	/** Resolves with the first request (already received or still to come) that matches. */
	waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
	close(): Promise<void>;
};

export type AnthropicServer = RecordingServer & {
	/** `http://127.0.0.1:<port>`, for ANTHROPIC_BASE_URL. */
	url: string;
	/** Keys the server accepts; add or remove at any time. */
	acceptedKeys: Set<string>;
};

export type AnthropicServerOptions = {
	acceptedKeys?: Iterable<string>;
	/** The text of every answer to /v1/messages. */
	replyText?: string;
};

export const defaultReplyText = 'pong from local server';
export const modelId = 'claude-sonnet-4-6';

export async function startAnthropicServer(options: AnthropicServerOptions = {}): Promise<AnthropicServer> {
	const acceptedKeys = new Set(options.acceptedKeys ?? []);
	const replyText = options.replyText ?? defaultReplyText;

	const server = await startRecordingServer((recorded, response) => {
		if (recorded.method === 'GET' && recorded.pathname === '/v1/models') {
			if (!isAccepted(recorded.headers, acceptedKeys)) {
				sendAuthenticationError(response);
				return;
			}

			sendJson(response, 200, {
				data: [{id: modelId, type: 'model', display_name: 'Claude Sonnet 4.6', created_at: '2025-01-01T00:00:00Z'}],
				has_more: false,
				first_id: modelId,
				last_id: modelId,
			});
			return;
		}

		if (recorded.method === 'POST' && recorded.pathname === '/v1/messages') {
			if (!isAccepted(recorded.headers, acceptedKeys)) {
				sendAuthenticationError(response);
				return;
			}

			sendMessage(response, recorded, replyText);
			return;
		}

		sendNotFound(response, recorded);
	});

	return {...server, acceptedKeys};
}

/** Starts a server on a free port of 127.0.0.1 that records each request (body read in full), then lets `answer` reply. */
export async function startRecordingServer(answer: (request: RecordedRequest, response: ServerResponse) => void): Promise<RecordingServer> {
	const log = createRequestLog<RecordedRequest>('the local server', request => `${request.method} ${request.url}`);

	const server = createServer((request, response) => {
		void handle(request, response);
	});

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const body = await readBody(request);
		const url = request.url ?? '/';
		const pathname = new URL(url, 'http://127.0.0.1').pathname;
		const recorded: RecordedRequest = {method: request.method ?? 'GET', url, pathname, headers: request.headers, body, json: parseJson(body)};
		log.record(recorded);
		answer(recorded, response);
	}

	const {url, close} = await listenOnLoopback(server);
	return {url, requests: log.requests, waitForRequest: log.waitForRequest, close};
}

/** The key Claude Code sends: `x-api-key`, else `Authorization: Bearer`. */
export function isAccepted(headers: IncomingHttpHeaders, acceptedKeys: ReadonlySet<string>): boolean {
	const apiKey = headerValue(headers['x-api-key']);
	if (apiKey !== undefined) {
		return acceptedKeys.has(apiKey);
	}

	const bearer = bearerToken(headers);
	return bearer !== undefined && acceptedKeys.has(bearer);
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	return /^Bearer (.+)$/.exec(headerValue(headers.authorization) ?? '')?.[1];
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
	if (!text) {
		return undefined;
	}

	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': 'req_local_test'});
	response.end(text);
}

export function sendAuthenticationError(response: ServerResponse): void {
	sendJson(response, 401, {type: 'error', error: {type: 'authentication_error', message: 'invalid x-api-key'}, request_id: 'req_local_test'});
}

export function sendNotFound(response: ServerResponse, request: RecordedRequest): void {
	sendJson(response, 404, {type: 'error', error: {type: 'not_found_error', message: `Not found: ${request.method} ${request.pathname}`}});
}

/** The answer to a Messages request: streamed as server-sent events when it asks for a stream, else one JSON message. */
export function sendMessage(response: ServerResponse, request: RecordedRequest, text: string, model = modelOf(request)): void {
	if ((request.json as {stream?: boolean} | undefined)?.stream) {
		sendStream(response, model, text);
	} else {
		sendJson(response, 200, messageBody(model, text));
	}
}

function modelOf(request: RecordedRequest): string {
	return (request.json as {model?: string} | undefined)?.model ?? modelId;
}

/** A complete, non-streamed Messages answer. */
export function messageBody(model: string, text: string): Record<string, unknown> {
	return {
		id: 'msg_local_test',
		type: 'message',
		role: 'assistant',
		model,
		content: [{type: 'text', text}],
		stop_reason: 'end_turn',
		stop_sequence: null,
		usage: {input_tokens: 1, output_tokens: 3},
	};
}

/** The events of a streamed Messages answer with one text block, in order. */
export function messageEvents(model: string, text: string): Array<[string, Record<string, unknown>]> {
	return [
		[
			'message_start',
			{
				type: 'message_start',
				message: {
					id: 'msg_local_test',
					type: 'message',
					role: 'assistant',
					model,
					content: [],
					stop_reason: null,
					stop_sequence: null,
					usage: {input_tokens: 1, output_tokens: 1},
				},
			},
		],
		['content_block_start', {type: 'content_block_start', index: 0, content_block: {type: 'text', text: ''}}],
		['content_block_delta', {type: 'content_block_delta', index: 0, delta: {type: 'text_delta', text}}],
		['content_block_stop', {type: 'content_block_stop', index: 0}],
		['message_delta', {type: 'message_delta', delta: {stop_reason: 'end_turn', stop_sequence: null}, usage: {output_tokens: 3}}],
		['message_stop', {type: 'message_stop'}],
	];
}

export function sendStream(response: ServerResponse, model: string, text: string): void {
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': 'req_local_test'});
	for (const [type, data] of messageEvents(model, text)) {
		response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
	}

	response.end();
}
