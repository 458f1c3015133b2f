import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import {createRequestLog, listenOnLoopback} from './request-log.js';

/**
A stand-in for a company LLM gateway on 127.0.0.1 (LiteLLM, Portkey, …): it accepts one personal
token, sent as `x-api-key` or `Authorization: Bearer`, and answers as the Anthropic Messages API
behind it would: 401 for any other token, 400 for a request without a model or messages (what
claude-setup's own check sends: `{}`), and a real reply (streamed or not) to a real request.
*/

export type GatewayRequest = {method: string; pathname: string; headers: IncomingHttpHeaders; body: string; json?: unknown};

export type GatewayServer = {
	url: string;
	requests: GatewayRequest[];
	waitForRequest(predicate: (request: GatewayRequest) => boolean, timeoutMs?: number): Promise<GatewayRequest>;
	close(): Promise<void>;
};

export const gatewayReplyText = 'pong from the team gateway';

export async function startGatewayServer(options: {token: string}): Promise<GatewayServer> {
	const log = createRequestLog<GatewayRequest>('the gateway', request => `${request.method} ${request.pathname}`);

	const server = createServer((request, response) => {
		void handle(request, response);
	});

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) {
			chunks.push(chunk as Buffer);
		}

		const body = Buffer.concat(chunks).toString('utf8');
		const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		const recorded: GatewayRequest = {method: request.method ?? 'GET', pathname, headers: request.headers, body, json: parseJson(body)};
		log.record(recorded);

		if (pathname.startsWith('/v1/') && !isAuthorized(request.headers)) {
			sendJson(response, 401, {type: 'error', error: {type: 'authentication_error', message: 'invalid gateway token'}});
			return;
		}

		if (recorded.method === 'POST' && pathname === '/v1/messages') {
			const message = (recorded.json ?? {}) as {model?: string; messages?: unknown; stream?: boolean};
			if (typeof message.model !== 'string' || !Array.isArray(message.messages)) {
				sendJson(response, 400, {type: 'error', error: {type: 'invalid_request_error', message: 'model: Field required'}});
				return;
			}

			if (message.stream) {
				sendStream(response, message.model);
			} else {
				sendJson(response, 200, {
					id: 'msg_gateway_test',
					type: 'message',
					role: 'assistant',
					model: message.model,
					content: [{type: 'text', text: gatewayReplyText}],
					stop_reason: 'end_turn',
					stop_sequence: null,
					usage: {input_tokens: 1, output_tokens: 3},
				});
			}

			return;
		}

		sendJson(response, 404, {type: 'error', error: {type: 'not_found_error', message: `Not found: ${recorded.method} ${pathname}`}});
	}

	function isAuthorized(headers: IncomingHttpHeaders): boolean {
		const apiKey = first(headers['x-api-key']);
		const bearer = /^Bearer (.+)$/.exec(first(headers.authorization) ?? '')?.[1];
		return apiKey === options.token || bearer === options.token;
	}

	const {url, close} = await listenOnLoopback(server);
	return {url, requests: log.requests, waitForRequest: log.waitForRequest, close};
}

function first(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
	try {
		return text ? (JSON.parse(text) as unknown) : undefined;
	} catch {
		return undefined;
	}
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': 'req_gateway_test'});
	response.end(text);
}

function sendStream(response: ServerResponse, model: string): void {
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_gateway_test'});
	const events: Array<[string, unknown]> = [
		[
			'message_start',
			{
				type: 'message_start',
				message: {id: 'msg_gateway_test', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: {input_tokens: 1, output_tokens: 1}},
			},
		],
		['content_block_start', {type: 'content_block_start', index: 0, content_block: {type: 'text', text: ''}}],
		['content_block_delta', {type: 'content_block_delta', index: 0, delta: {type: 'text_delta', text: gatewayReplyText}}],
		['content_block_stop', {type: 'content_block_stop', index: 0}],
		['message_delta', {type: 'message_delta', delta: {stop_reason: 'end_turn', stop_sequence: null}, usage: {output_tokens: 3}}],
		['message_stop', {type: 'message_stop'}],
	];
	for (const [type, data] of events) {
		response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
	}

	response.end();
}
