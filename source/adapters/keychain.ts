import {spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import {chmod, mkdir, readFile, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import type {KeychainHealth, SecretBackend, SecretRef, SecretStore} from '../core/ports.js';
import {secretService} from '../core/auth/console-key.js';
import type {Paths} from './paths.js';
import {writeNewFile} from './write-new-file.js';
import {nodeCrypto} from './lazy-crypto.js';

/**
The OS keychain (through `@napi-rs/keyring`) and the 0600-file fallback, behind `SecretStore`.
Every keychain call is bounded by a timeout and every failure is told in plain words, because a
locked or absent keychain is the most common way this step goes wrong.
*/

/** The part of `@napi-rs/keyring`'s `AsyncEntry` this adapter uses, so tests can inject a fake. */
export type KeyringEntry = {
	setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
	getPassword(signal?: AbortSignal | null): Promise<string | null>;
	deleteCredential(signal?: AbortSignal | null): Promise<boolean>;
};

export type KeyringEntryOptions = {linux?: {store?: 'secret-service' | 'keyutils'}};

export type KeyringBinding = {
	AsyncEntry: new (service: string, account: string, options?: KeyringEntryOptions | null) => KeyringEntry;
};

/**
Linux entries are pinned to the Secret Service. Left to itself the binding silently falls back to
the kernel keyring, which forgets the key at logout or reboot and fails with a bare "AccessDenied"
in containers; pinned, a missing Secret Service is reported as exactly that. The installed API-key
helper passes the same option (it cannot import this file), so both always look in the same place.
*/
export const keyringEntryOptions: KeyringEntryOptions = {linux: {store: 'secret-service'}};

export const defaultProbeTimeoutMs = 2000;
export const defaultOperationTimeoutMs = 3000;

export type SecretStoreOptions = {
	probeTimeoutMs?: number;
	operationTimeoutMs?: number;
	/** Injected by tests; by default the binding is imported on first use so start-up stays fast. */
	loadBinding?: () => Promise<KeyringBinding>;
	/**
	Whether the probe first checks, in a child process it can kill, that the Secret Service answers at
	all. On Linux the binding connects to D-Bus synchronously on the main thread, so a bus that accepts
	the connection and never replies would freeze the wizard where no timer can fire. Default: on Linux
	with the real binding.
	*/
	isolateProbe?: boolean;
};

const fileMode = 0o600;
const directoryMode = 0o700;

export function createSecretStore(paths: Paths, options: SecretStoreOptions = {}): SecretStore {
	const probeTimeoutMs = options.probeTimeoutMs ?? defaultProbeTimeoutMs;
	const operationTimeoutMs = options.operationTimeoutMs ?? defaultOperationTimeoutMs;
	const loadBinding = options.loadBinding ?? importBinding;
	const isolateProbe = options.isolateProbe ?? (process.platform === 'linux' && !options.loadBinding);
	const backendName = keychainName(process.platform);
	let loading: Promise<KeyringBinding> | undefined;

	// Loaded once: a native module cannot be unloaded, and a failure to load will not heal by itself.
	const binding = async (): Promise<KeyringBinding> => {
		loading ??= loadBinding();
		return loading;
	};

	const bindingOrThrow = async (): Promise<KeyringBinding> => {
		try {
			return await binding();
		} catch {
			const problem = bindingLoadProblem();
			throw new Error(`${problem.reason} ${problem.fix}`);
		}
	};

	// A read-modify-write of the secrets file must not interleave with another one from this process.
	let fileQueue: Promise<unknown> = Promise.resolve();
	const serialized = async <T>(task: () => Promise<T>): Promise<T> => {
		const next = fileQueue.then(task, task);
		fileQueue = next.catch(() => undefined);
		return next;
	};

	const keychainOperation = async <T>(
		verb: string,
		ref: SecretRef,
		secret: string | undefined,
		run: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>,
	): Promise<T> => {
		const loaded = await bindingOrThrow();
		try {
			return await withTimeout(operationTimeoutMs, async signal => run(new loaded.AsyncEntry(ref.service, ref.account, keyringEntryOptions), signal));
		} catch (error) {
			const problem = explainKeychainError(error, process.platform);
			throw new Error(scrub(`Could not ${verb} the ${backendName}: ${problem.reason} ${problem.fix}`, secret));
		}
	};

	return {
		async probe(): Promise<KeychainHealth> {
			if (isolateProbe && !(await answersInChildProcess(probeTimeoutMs))) {
				return {ok: false, ...explainKeychainError(new KeychainTimeoutError(probeTimeoutMs), process.platform)};
			}

			let loaded: KeyringBinding;
			try {
				loaded = await binding();
			} catch {
				return {ok: false, ...bindingLoadProblem()};
			}

			const account = `probe-${nodeCrypto().randomBytes(6).toString('hex')}`;
			const value = nodeCrypto().randomBytes(16).toString('hex');
			try {
				await withTimeout(probeTimeoutMs, async signal => {
					const entry = new loaded.AsyncEntry(secretService, account, keyringEntryOptions);
					await entry.setPassword(value, signal);
					try {
						if ((await entry.getPassword(signal)) !== value) {
							throw new ProbeMismatchError();
						}
					} finally {
						// No signal: when the probe timed out after the write landed, the throwaway entry
						// must still be cleaned up, however late.
						await entry.deleteCredential().catch(() => false);
					}
				});
			} catch (error) {
				return {ok: false, ...explainKeychainError(error, process.platform)};
			}

			return {ok: true, backendName};
		},

		async get(ref: SecretRef, backend: SecretBackend): Promise<string | undefined> {
			if (backend === 'file') {
				return serialized(async () => {
					const value = (await readSecretsFile(paths.secretsFile))[fileKey(ref)];
					return typeof value === 'string' ? value : undefined;
				});
			}

			const value = await keychainOperation('read the key from', ref, undefined, async (entry, signal) => entry.getPassword(signal));
			return value ?? undefined;
		},

		async set(ref: SecretRef, secret: string, backend: SecretBackend): Promise<void> {
			if (secret.length === 0) {
				throw new Error('Refusing to store an empty key.');
			}

			if (backend === 'file') {
				await serialized(async () => {
					const data = await readSecretsFile(paths.secretsFile);
					data[fileKey(ref)] = secret;
					await writeSecretsFile(paths.secretsFile, data);
				});
				return;
			}

			await keychainOperation('save the key in', ref, secret, async (entry, signal) => entry.setPassword(secret, signal));
		},

		async remove(ref: SecretRef, backend: SecretBackend): Promise<void> {
			if (backend === 'file') {
				await serialized(async () => {
					const data = await readSecretsFile(paths.secretsFile);
					if (!Object.hasOwn(data, fileKey(ref))) {
						return;
					}

					delete data[fileKey(ref)];
					await writeSecretsFile(paths.secretsFile, data);
				});
				return;
			}

			// Resolves false when there was nothing to delete: removing a missing key is not an error.
			await keychainOperation('remove the key from', ref, undefined, async (entry, signal) => entry.deleteCredential(signal));
		},

		fileLocation(): string {
			return paths.secretsFile;
		},
	};
}

/** The keychain's name in the user's words, for the review screen and messages. */
export function keychainName(platform: NodeJS.Platform): string {
	switch (platform) {
		case 'darwin': {
			return 'macOS Keychain';
		}

		case 'win32': {
			return 'Windows Credential Manager';
		}

		default: {
			return 'Secret Service (GNOME Keyring / KWallet)';
		}
	}
}

/**
Whether the keychain answers a read within the time, asked from a child process that is killed when
it does not: the only bound that holds when the native call blocks the thread it runs on. Any answer
counts, an error included; what the error means is for the in-process probe to explain.

The time runs from when the child has loaded the binding and is about to ask (it says "asking"), not
from when it was started: starting Node takes a second and more on a busy machine, and that is not
the keychain hanging. Starting has its own, wider bound.
*/
async function answersInChildProcess(timeoutMs: number): Promise<boolean> {
	let bindingPath: string;
	try {
		bindingPath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
	} catch {
		return true;
	}

	const script = `
const {AsyncEntry} = require(process.argv[1]);
const entry = new AsyncEntry('${secretService}', 'probe-connect', {linux: {store: 'secret-service'}});
process.stdout.write('asking\\n');
entry.getPassword().then(
	() => process.exit(0),
	() => process.exit(3),
);`;
	return new Promise(resolve => {
		const child = spawn(process.execPath, ['-e', script, bindingPath], {stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true});
		let isSettled = false;
		const settle = (answered: boolean) => {
			if (isSettled) {
				return;
			}

			isSettled = true;
			clearTimeout(timer);
			if (!answered) {
				child.kill('SIGKILL');
			}

			resolve(answered);
		};

		let timer = setTimeout(() => {
			settle(false);
		}, timeoutMs + childStartAllowanceMs);
		child.stdout.once('data', () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				settle(false);
			}, timeoutMs);
		});
		// Any exit is an answer (a crash of the binding is for the in-process probe to explain).
		child.once('exit', () => {
			settle(true);
		});
		child.once('error', () => {
			settle(true);
		});
	});
}

/** How much longer than the answer bound the child may take to start and load the binding. */
const childStartAllowanceMs = 3000;

async function importBinding(): Promise<KeyringBinding> {
	const module = (await import('@napi-rs/keyring')) as Partial<KeyringBinding> & {default?: Partial<KeyringBinding>};
	const AsyncEntry = module.AsyncEntry ?? module.default?.AsyncEntry;
	if (!AsyncEntry) {
		throw new Error('@napi-rs/keyring has no AsyncEntry');
	}

	return {AsyncEntry};
}

class KeychainTimeoutError extends Error {
	readonly timeoutMs: number;

	constructor(timeoutMs: number) {
		super(`The keychain did not answer within ${formatSeconds(timeoutMs)}.`);
		this.timeoutMs = timeoutMs;
	}
}

class ProbeMismatchError extends Error {
	constructor() {
		super('The keychain gave back something other than what was just stored.');
	}
}

/**
Races `run` against a timer. The abort signal lets the binding drop work it has not started; work
already inside the OS call cannot be interrupted, so on timeout it is left to finish in the background.
*/
async function withTimeout<T>(timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(new KeychainTimeoutError(timeoutMs));
		}, timeoutMs);
	});
	try {
		// Through a promise, so an entry constructor that throws becomes a rejection like any other.
		return await Promise.race([Promise.resolve().then(async () => run(controller.signal)), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function formatSeconds(milliseconds: number): string {
	return `${Math.round(milliseconds / 10) / 100} s`;
}

function bindingLoadProblem(): {reason: string; fix: string} {
	return {
		reason: `claude-setup's keychain module could not be loaded on this system (${process.platform}-${process.arch}), so the keychain cannot be used.`,
		fix: 'Choose the file fallback: the key is then kept in a file only you can read.',
	};
}

const fileFallbackFix = 'choose the file fallback: the key is then kept in a file only you can read.';

/**
Turns a binding error into words a user can act on. The binding's messages name the failing
mechanism, never the secret; the raw text is repeated only when nothing better is known.
*/
export function explainKeychainError(error: unknown, platform: NodeJS.Platform): {reason: string; fix: string} {
	const message = error instanceof Error ? error.message : String(error);
	const name = keychainName(platform);

	if (error instanceof KeychainTimeoutError || /did not receive a reply|timed? ?out/i.test(message)) {
		const within = error instanceof KeychainTimeoutError ? ` within ${formatSeconds(error.timeoutMs)}` : '';
		return {
			reason: `The ${name} did not answer${within}.`,
			fix: `It may be locked and waiting for you to unlock it, or stuck. Unlock it (or log out and back in) and try again, or ${fileFallbackFix}`,
		};
	}

	if (error instanceof ProbeMismatchError) {
		return {reason: `The ${name} did not give back a test entry it had just stored.`, fix: `Try again, or ${fileFallbackFix}`};
	}

	if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
		if (/autolaunch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Connection refused|No such file or directory|AccessDenied/i.test(message)) {
			return {
				reason:
					'No D-Bus session is running here, so there is no Secret Service (GNOME Keyring or KWallet) to keep the key in. This is usual over SSH, in containers and on servers.',
				fix: `On a desktop, run claude-setup from a terminal inside your graphical session, or install and start gnome-keyring. On a server, ${fileFallbackFix}`,
			};
		}

		if (/ServiceUnknown|not provided by any \.service files|org\.freedesktop\.secrets/i.test(message)) {
			return {
				reason: 'No Secret Service is running: neither GNOME Keyring nor KWallet answered.',
				fix: `Install and start gnome-keyring (for example \`sudo apt install gnome-keyring\`) or KWallet, or ${fileFallbackFix}`,
			};
		}

		if (/no result found|no such collection|NoSuchObject/i.test(message)) {
			return {
				reason: 'The Secret Service has no default keyring to keep the key in.',
				fix: `Create one (for example in "Passwords and Keys"), or log in to the desktop once so it is created, or ${fileFallbackFix}`,
			};
		}

		if (/locked|prompt was dismissed|dismissed|IsLocked/i.test(message)) {
			return {
				reason: 'The keyring is locked, and it could not be unlocked from here.',
				fix: `Unlock it (log in to the desktop, or open "Passwords and Keys") and try again, or ${fileFallbackFix}`,
			};
		}
	}

	if (platform === 'darwin' && /interaction is not allowed|-25308|locked|-25293|user canceled|-128/i.test(message)) {
		return {
			reason: 'The macOS login keychain is locked, or access to it was refused.',
			fix: `Unlock it (log in on this Mac, or run \`security unlock-keychain\` over SSH) and allow access, then try again, or ${fileFallbackFix}`,
		};
	}

	return {
		reason: `The ${name} did not work (${firstLine(message)}).`,
		fix: `Try again, or ${fileFallbackFix}`,
	};
}

function firstLine(text: string): string {
	return (text.split('\n')[0] ?? '').trim().slice(0, 300);
}

/** Belt and braces: no message leaves this module with the secret in it, whatever a binding says. */
function scrub(text: string, secret: string | undefined): string {
	return secret ? text.split(secret).join('[the key]') : text;
}

function fileKey(ref: SecretRef): string {
	return `${ref.service}/${ref.account}`;
}

/** Other entries are kept as they are (unknown values included): this file may hold other setups' keys. */
async function readSecretsFile(file: string): Promise<Record<string, unknown>> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return {};
		}

		throw new Error(`Could not read the secrets file ${file} (${errorCode(error) ?? 'unknown error'}).`);
	}

	if (text.trim() === '') {
		return {};
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		// JSON.parse's own message quotes the file's text, which holds secrets: it is never passed on.
		throw new Error(`The secrets file ${file} is damaged (not valid JSON), so claude-setup will not touch it. Move it aside and store the key again.`);
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new Error(`The secrets file ${file} is damaged (not a JSON object), so claude-setup will not touch it. Move it aside and store the key again.`);
	}

	return data as Record<string, unknown>;
}

async function writeSecretsFile(file: string, data: Record<string, unknown>): Promise<void> {
	const directory = path.dirname(file);
	await mkdir(directory, {recursive: true, mode: directoryMode});
	// An existing folder keeps its mode through mkdir; it holds secrets, so it is tightened here.
	await chmod(directory, directoryMode);
	if (Object.keys(data).length === 0) {
		await unlink(file).catch((error: unknown) => {
			if (errorCode(error) !== 'ENOENT') {
				throw new Error(`Could not delete the empty secrets file ${file} (${errorCode(error) ?? 'unknown error'}).`);
			}
		});
		return;
	}

	try {
		await writeFileAtomically(file, `${JSON.stringify(data, undefined, '\t')}\n`, fileMode);
	} catch (error) {
		throw new Error(`Could not write the secrets file ${file} (${errorCode(error) ?? 'unknown error'}).`);
	}
}

/** Temp file in the same folder, then rename: a reader sees the old file or the new one, never half of one. */
async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
	try {
		await writeNewFile(temporary, text, mode);
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

function errorCode(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
