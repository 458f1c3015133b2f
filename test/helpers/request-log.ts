import {EventEmitter} from 'node:events';
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';

/**
What a local stand-in server received, in order, and a wait for a request that matches (event
driven: resolves the moment it arrives). Shared by the stand-ins for the Anthropic API and a gateway.
*/
export function createRequestLog<T extends {method: string}>(name: string, describe: (request: T) => string) {
	const requests: T[] = [];
	const events = new EventEmitter();
	events.setMaxListeners(0);
	return {
		requests,
		record(request: T): void {
			requests.push(request);
			events.emit('request', request);
		},
		async waitForRequest(predicate: (request: T) => boolean, timeoutMs = 30_000): Promise<T> {
			const already = requests.find(request => predicate(request));
			if (already) {
				return already;
			}

			return new Promise<T>((resolve, reject) => {
				const onRequest = (request: T) => {
					if (predicate(request)) {
						clearTimeout(timer);
						events.off('request', onRequest);
						resolve(request);
					}
				};

				const timer = setTimeout(() => {
					events.off('request', onRequest);
					const seen = requests.map(request => `  ${describe(request)}`).join('\n') || '  (none)';
					reject(new Error(`No matching request to ${name} within ${timeoutMs} ms. Received:\n${seen}`));
				}, timeoutMs);
				events.on('request', onRequest);
			});
		},
	};
}

/** Starts `server` on a free loopback port; its URL and the way to stop it (open connections too). */
export async function listenOnLoopback(server: Server): Promise<{url: string; close: () => Promise<void>}> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
