/**
The program Claude Code runs as `apiKeyHelper`. It is copied into claude-setup's own folder with the
keychain's native module (`keyring.node`) and a `config.json`, so it keeps working after claude-setup
itself is gone (an npx cache cleared). Hence node builtins only: nothing else would be there.

Claude Code reads stdout as the key, so stdout gets the key and nothing else, ever; everything a
user should read goes to stderr, with exit code 1. The key never appears in any message.
*/
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

type HelperConfig = {
	service: string;
	account: string;
	backend: 'keychain' | 'file';
	secretsFile?: string;
};

type Entry = {getPassword(): Promise<string | null>};
type Binding = {
	AsyncEntry: new (service: string, account: string, options?: {linux?: {store?: string}}) => Entry;
};

/** Long enough for a slow Secret Service start, short enough that Claude Code is not left waiting. */
const watchdogMs = 4000;
const rerun = 'Run `npx claude-setup` to';
// Built as CommonJS (see scripts/build.mjs), so the folder it runs from is __dirname.
const directory = __dirname;

/** Set by the first outcome: a keychain answer arriving after the watchdog fired must print nothing. */
let finished = false;

function fail(message: string): void {
	if (finished) {
		return;
	}

	finished = true;
	// Exit only once stderr is flushed: on a pipe the write may still be pending.
	process.stderr.write(`claude-setup: ${message}\n`, () => process.exit(1));
}

function printKey(secret: string): void {
	if (finished) {
		return;
	}

	finished = true;
	process.stdout.write(secret, error => process.exit(error ? 1 : 0));
}

function readConfig(): HelperConfig | undefined {
	try {
		const data = JSON.parse(readFileSync(path.join(directory, 'config.json'), 'utf8')) as Partial<HelperConfig> | null;
		if (
			typeof data?.service === 'string' &&
			typeof data.account === 'string' &&
			(data.backend === 'keychain' || (data.backend === 'file' && typeof data.secretsFile === 'string'))
		) {
			return data as HelperConfig;
		}
	} catch {}

	return undefined;
}

function readFromFile(config: HelperConfig & {secretsFile: string}): void {
	let text: string;
	try {
		text = readFileSync(config.secretsFile, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		fail(
			code === 'ENOENT'
				? `the stored key is not in ${config.secretsFile} any more. ${rerun} store it again.`
				: `could not read ${config.secretsFile} (${code ?? 'unknown error'}). ${rerun} check it.`,
		);
		return;
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		// JSON.parse's message quotes the file, which holds the key: never repeated.
		fail(`${config.secretsFile} is damaged (not valid JSON). ${rerun} store the key again.`);
		return;
	}

	const secret = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[`${config.service}/${config.account}`] : undefined;
	if (typeof secret === 'string' && secret.length > 0) {
		printKey(secret);
	} else {
		fail(`the stored key is not in ${config.secretsFile} any more. ${rerun} store it again.`);
	}
}

function readFromKeychain(config: HelperConfig): void {
	let binding: Binding;
	try {
		binding = createRequire(path.join(directory, 'api-key-helper.cjs'))('./keyring.node') as Binding;
	} catch (error) {
		fail(`could not load the keychain module ${path.join(directory, 'keyring.node')} (${firstLine(error)}). ${rerun} set the key up again.`);
		return;
	}

	// A Secret Service waiting on an unlock prompt nobody sees would otherwise keep Claude Code waiting.
	const watchdog = setTimeout(() => {
		fail(
			`the keychain did not answer within ${watchdogMs / 1000} s; it may be locked and waiting to be unlocked. Unlock it and try again, or run \`npx claude-setup\` to keep the key another way.`,
		);
	}, watchdogMs);

	const read = async (): Promise<string | null> =>
		// Same store as claude-setup writes to: without it Linux may fall back to the kernel keyring.
		new binding.AsyncEntry(config.service, config.account, {linux: {store: 'secret-service'}}).getPassword();

	// Wrapped so a constructor that throws (no D-Bus session) lands in the same handler.
	Promise.resolve()
		.then(read)
		.then(
			secret => {
				clearTimeout(watchdog);
				if (secret) {
					printKey(secret);
				} else {
					fail(`the stored key is not in the keychain any more. ${rerun} store it again.`);
				}
			},
			(error: unknown) => {
				clearTimeout(watchdog);
				fail(`could not read the stored key from the keychain (${firstLine(error)}). ${rerun} check the keychain, or to keep the key another way.`);
			},
		);
}

function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return (message.split('\n')[0] ?? '').trim().slice(0, 300);
}

/**
`--secret <account>` prints another secret of the same store: the AWS credentials JSON the
`credential_process` of claude-setup's AWS profile must print, or the key the `claude` shell function hands over. Only claude-setup's
own account names are accepted, so the helper cannot be pointed at someone else's keychain entries.
*/
function withRequestedSecret(loaded: HelperConfig | undefined): HelperConfig | undefined {
	const index = process.argv.indexOf('--secret');
	if (!loaded || index === -1) {
		return loaded;
	}

	const account = process.argv[index + 1] ?? '';
	if (!/^(?:bedrock-credentials|bedrock-api-key|foundry-api-key|anthropic-api-key)-[\w-]{1,64}$/.test(account)) {
		fail(`--secret needs the name of a secret claude-setup stored. ${rerun} set it up again.`);
		return undefined;
	}

	return {...loaded, account};
}

const config = withRequestedSecret(readConfig());
if (finished) {
	// An invalid --secret was already reported.
} else if (!config) {
	fail(`the key helper's settings (${path.join(directory, 'config.json')}) are missing or damaged. ${rerun} set the key up again.`);
} else if (config.backend === 'file') {
	readFromFile(config as HelperConfig & {secretsFile: string});
} else {
	readFromKeychain(config);
}
