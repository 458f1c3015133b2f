import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';

/**
A small local web server for tests: each path answers with what the test gives it (a body, a status,
a redirect, or a handler of its own). It records the paths asked for, and closing it also ends the
connections a handler left hanging.
*/

export type Route =
	| {status?: number; body: string; contentType?: string}
	| {redirect: string; status?: number}
	| ((request: IncomingMessage, response: ServerResponse) => void);

export type RouteServer = {
	/** `http://127.0.0.1:<port>` (or https://). */
	url: string;
	port: number;
	routes: Map<string, Route>;
	/** The paths requested so far, in order. */
	requested: string[];
	close(): Promise<void>;
};

export async function startRouteServer(options: {routes?: Record<string, Route>; host?: string; tls?: {key: string; cert: string}} = {}): Promise<RouteServer> {
	const routes = new Map(Object.entries(options.routes ?? {}));
	const requested: string[] = [];
	const sockets = new Set<Socket>();
	const handle = (request: IncomingMessage, response: ServerResponse) => {
		const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
		requested.push(pathname);
		const route = routes.get(pathname);
		if (!route) {
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found');
			return;
		}

		if (typeof route === 'function') {
			route(request, response);
			return;
		}

		if ('redirect' in route) {
			response.writeHead(route.status ?? 302, {location: route.redirect});
			response.end();
			return;
		}

		response.writeHead(route.status ?? 200, {'content-type': route.contentType ?? 'application/json', 'content-length': Buffer.byteLength(route.body)});
		response.end(route.body);
	};

	const server: Server = options.tls ? createHttpsServer({key: options.tls.key, cert: options.tls.cert}, handle) : createHttpServer(handle);
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
		port,
		routes,
		requested,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
