import {readFileSync, statSync} from 'node:fs';
import {chmod, copyFile, constants, mkdir, open, readFile, rename, stat, unlink} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {HelperInstallation, HelperInstaller, SecretBackend, SecretRef} from '../core/ports.js';
import type {Paths} from './paths.js';
import {nodeCrypto} from './lazy-crypto.js';

/**
Installs the standalone API-key helper into claude-setup's folder in the Claude config directory:

	api-key-helper       POSIX launcher, the `apiKeyHelper` command (finds a node, execs the script)
	api-key-helper.cjs   the bundled helper (node builtins only; CommonJS, see scripts/build.mjs)
	keyring.node         the keychain's native module, copied so nothing outside this folder is needed
	config.json          which secret to read and where (never the secret itself)

Everything is copied rather than referenced because claude-setup usually runs from an npx cache
that may be cleared at any time, while Claude Code keeps running the helper for months.
*/

export type HelperInstallerOptions = {
	/** The built helper (`dist/api-key-helper.cjs`). */
	helperScriptPath: string;
	/** The node the launcher prefers; process.execPath by default. */
	nodePath?: string;
	platform?: NodeJS.Platform;
	/** Where the keychain's `.node` file is; found from `@napi-rs/keyring` by default. */
	resolveNativeBinding?: () => string;
};

export type HelperConfig = {
	service: string;
	account: string;
	backend: SecretBackend;
	/** Only for the file backend. */
	secretsFile?: string;
};

export const launcherName = 'api-key-helper';
export const scriptName = 'api-key-helper.cjs';
/** The helper's name before 0.1 builds became CommonJS: still run by launchers written then, removed on reinstall. */
export const legacyScriptName = 'api-key-helper.mjs';
export const bindingName = 'keyring.node';
export const configName = 'config.json';

const privateDirectoryMode = 0o700;
const executableMode = 0o700;
const privateFileMode = 0o600;

export function createHelperInstaller(paths: Paths, options: HelperInstallerOptions): HelperInstaller {
	const platform = options.platform ?? process.platform;
	const nodePath = options.nodePath ?? process.execPath;
	const resolveNativeBinding = options.resolveNativeBinding ?? (() => resolveKeyringBinding());
	const directory = paths.helperDir;
	const isWindows = platform === 'win32';
	const join = isWindows ? path.win32.join : path.join;
	const launcherPath = join(directory, launcherName);
	const scriptPath = join(directory, scriptName);
	const legacyScriptPath = join(directory, legacyScriptName);
	const bindingPath = join(directory, bindingName);
	const configPath = join(directory, configName);
	const command = isWindows ? `"${nodePath}" "${scriptPath}"` : quoteForShell(launcherPath);

	const inspect = async (): Promise<HelperInstallation> => {
		const [launcherExists, scriptExists, bindingExists, configText] = await Promise.all([
			isFile(launcherPath),
			// A launcher written by an earlier version runs the legacy script, which works as it is.
			isFile(scriptPath).then(async exists => exists || (!isWindows && isFile(legacyScriptPath))),
			isFile(bindingPath),
			readFile(configPath, 'utf8').catch(() => undefined),
		]);
		const config = configText === undefined ? undefined : parseHelperConfig(configText);
		const installed =
			(isWindows || launcherExists) && scriptExists && configText !== undefined && (config?.backend !== 'keychain' || bindingExists);
		const installation: HelperInstallation = {command, directory, installed};
		if (config) {
			installation.configured = {ref: {service: config.service, account: config.account}, backend: config.backend};
		}

		return installation;
	};

	return {
		inspect,

		async install(ref: SecretRef, backend: SecretBackend): Promise<HelperInstallation> {
			let nativeBinding: string | undefined;
			try {
				nativeBinding = resolveNativeBinding();
			} catch (error) {
				// The file backend never loads it, so only the keychain backend needs it to exist.
				if (backend === 'keychain') {
					throw new Error(
						`The keychain module for this system (${process.platform}-${process.arch}) was not found, so the key helper could not read the keychain (${errorText(error)}). Reinstall claude-setup, or choose the file fallback.`,
					);
				}
			}

			const script = await readFile(options.helperScriptPath).catch((error: unknown) => {
				throw new Error(`The key helper program ${options.helperScriptPath} is missing (${errorText(error)}). Rebuild or reinstall claude-setup.`);
			});

			await mkdir(directory, {recursive: true, mode: privateDirectoryMode});
			// An existing folder keeps its mode through mkdir; what Claude Code executes must be the user's alone.
			await chmod(directory, privateDirectoryMode);

			const config: HelperConfig = {service: ref.service, account: ref.account, backend};
			if (backend === 'file') {
				config.secretsFile = paths.secretsFile;
			}

			// The launcher goes last, so a first install is not runnable until everything it needs is in place.
			if (nativeBinding) {
				await copyAtomically(nativeBinding, bindingPath, executableMode);
			}

			await writeAtomically(scriptPath, script, privateFileMode);
			await writeAtomically(configPath, `${JSON.stringify(config, undefined, '\t')}\n`, privateFileMode);
			if (!isWindows) {
				await writeAtomically(launcherPath, launcherScript(nodePath, scriptPath), executableMode);
			}

			// Nothing runs the earlier ES-module helper any more.
			await unlink(legacyScriptPath).catch(() => undefined);

			return inspect();
		},
	};
}

/**
`/bin/sh` single quotes keep everything literal except `'` itself, which is closed, escaped, reopened.
Always quoted, so a config dir with spaces, quotes, `$` or globs is still one word.
*/
export function quoteForShell(value: string): string {
	return `'${value.replaceAll("'", String.raw`'\''`)}'`;
}

/**
Prefers the node claude-setup ran with (the one the keychain entry was written by, which matters for
macOS keychain access), and falls back to `node` on PATH when that one was removed by an upgrade.
*/
function launcherScript(nodePath: string, scriptPath: string): string {
	return [
		'#!/bin/sh',
		'# Written by claude-setup. Claude Code runs this as `apiKeyHelper` (and AWS as a `credential_process`): it prints a stored key.',
		'# Run `npx claude-setup` to change it rather than editing this file.',
		`node_path=${quoteForShell(nodePath)}`,
		`script=${quoteForShell(scriptPath)}`,
		'if [ -x "$node_path" ]; then',
		'\texec "$node_path" "$script" "$@"',
		'fi',
		'if command -v node >/dev/null 2>&1; then',
		'\texec node "$script" "$@"',
		'fi',
		'printf \'%s\\n\' "claude-setup: cannot read the Anthropic API key: Node.js is not at $node_path any more and there is no node on PATH. Install Node.js 20 or later, then run npx claude-setup again." >&2',
		'exit 1',
		'',
	].join('\n');
}

export function parseHelperConfig(text: string): HelperConfig | undefined {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return undefined;
	}

	if (typeof data !== 'object' || data === null) {
		return undefined;
	}

	const {service, account, backend, secretsFile} = data as Record<string, unknown>;
	if (typeof service !== 'string' || service === '' || typeof account !== 'string' || account === '') {
		return undefined;
	}

	if (backend === 'keychain') {
		return {service, account, backend};
	}

	if (backend === 'file' && typeof secretsFile === 'string' && secretsFile !== '') {
		return {service, account, backend, secretsFile};
	}

	return undefined;
}

/**
The same package choice `@napi-rs/keyring`'s index.js makes, but returning the `.node` file's path so
it can be copied. Prefers a `keyring.<triple>.node` inside the package itself (local builds), as the
package does.
*/
export function resolveKeyringBinding(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
	if (process.env['NAPI_RS_NATIVE_LIBRARY_PATH']) {
		return process.env['NAPI_RS_NATIVE_LIBRARY_PATH'];
	}

	const triple = keyringTriple(platform, arch, platform === 'linux' && isMusl());
	if (!triple) {
		throw new Error(`no keychain module is published for ${platform}-${arch}`);
	}

	const fileName = `keyring.${triple}.node`;
	const keyringPackageJson = createRequire(import.meta.url).resolve('@napi-rs/keyring/package.json');
	const local = path.join(path.dirname(keyringPackageJson), fileName);
	try {
		if (statSync(local).isFile()) {
			return local;
		}
	} catch {}

	// The platform package is the keyring package's optional dependency: resolved from there.
	const platformPackageJson = createRequire(keyringPackageJson).resolve(`@napi-rs/keyring-${triple}/package.json`);
	return path.join(path.dirname(platformPackageJson), fileName);
}

export function keyringTriple(platform: NodeJS.Platform, arch: string, musl: boolean): string | undefined {
	switch (platform) {
		case 'linux': {
			if (arch === 'x64' || arch === 'arm64') {
				return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
			}

			// The package publishes only glibc builds for these.
			if (!musl && (arch === 'arm' || arch === 'riscv64')) {
				return arch === 'arm' ? 'linux-arm-gnueabihf' : 'linux-riscv64-gnu';
			}

			return undefined;
		}

		case 'darwin': {
			return arch === 'x64' || arch === 'arm64' ? `darwin-${arch}` : undefined;
		}

		case 'win32': {
			return arch === 'x64' || arch === 'arm64' || arch === 'ia32' ? `win32-${arch}-msvc` : undefined;
		}

		case 'freebsd': {
			return arch === 'x64' ? 'freebsd-x64' : undefined;
		}

		default: {
			return undefined;
		}
	}
}

/** As the binding's own loader decides: ldd's text first, then the glibc version node reports. */
function isMusl(): boolean {
	try {
		return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
	} catch {}

	const report = process.report?.getReport() as {header?: {glibcVersionRuntime?: string}} | undefined;
	return !report?.header?.glibcVersionRuntime;
}

async function isFile(target: string): Promise<boolean> {
	try {
		return (await stat(target)).isFile();
	} catch {
		return false;
	}
}

/**
Temp file in the same folder, then rename, so a running Claude Code never runs half a helper. For
`keyring.node` this also matters because a helper that has it loaded keeps the old file mapped.
*/
async function writeAtomically(target: string, content: string | Uint8Array, mode: number): Promise<void> {
	await replaceAtomically(target, mode, async temporary => {
		const handle = await open(temporary, 'wx', mode);
		try {
			await handle.writeFile(content);
			await handle.sync();
		} finally {
			await handle.close();
		}
	});
}

async function copyAtomically(source: string, target: string, mode: number): Promise<void> {
	await replaceAtomically(target, mode, async temporary => copyFile(source, temporary, constants.COPYFILE_EXCL));
}

async function replaceAtomically(target: string, mode: number, create: (temporary: string) => Promise<void>): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
	try {
		await create(temporary);
		// Creation modes are filtered by the umask and copyFile keeps the source's: set it exactly.
		await chmod(temporary, mode);
		await rename(temporary, target);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
}
