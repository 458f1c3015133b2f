import type {Environment, ProcessResult, ProcessRunner} from '../core/ports.js';
import {checkProjectId, interpretGcloudFailure} from '../core/auth/vertex.js';

/**
What the Vertex AI step asks the Google Cloud CLI: is it there, which project it is set to, and
whether Application Default Credentials (what Claude Code itself uses) can mint a token. The token
is only counted, never kept: it leaves this module as a yes or no.
*/

export const gcloudVersionTimeoutMs = 8000;
// Printing a token may refresh it over the network first.
export const gcloudQueryTimeoutMs = 15_000;

/** Handed to the terminal by the wizard, so the user logs in in their browser with gcloud's own flow. */
export const adcLoginArgs: readonly string[] = ['auth', 'application-default', 'login'];

export type GcloudCheck = {ok: true} | {ok: false; message: string; notInstalled?: boolean; timedOut?: boolean};

export type GcloudAdapter = {
	/** Whether `gcloud --version` works, and the SDK version it names. */
	isInstalled(): Promise<{installed: boolean; version?: string}>;
	/** The project in the active gcloud configuration; undefined when unset, unreadable or gcloud is missing. */
	configuredProject(): Promise<string | undefined>;
	applicationDefaultCredentials(): Promise<GcloudCheck>;
	adcLoginArgs: readonly string[];
};

export type GcloudAdapterOptions = {
	processes: Pick<ProcessRunner, 'run'>;
	/** Overrides every bound below; tests use a short one against a stand-in that hangs. */
	timeoutMs?: number;
};

const notInstalledMessage = 'The Google Cloud CLI (gcloud) is not installed or not on PATH. Install it from https://cloud.google.com/sdk/docs/install, or use a service-account key file instead.';

// gcloud asks questions (update checks, which account) when it thinks it may; it must never wait on a
// terminal that is not there.
const quietEnv = {CLOUDSDK_CORE_DISABLE_PROMPTS: '1'};

export function createGcloudAdapter({processes, timeoutMs}: GcloudAdapterOptions): GcloudAdapter {
	const gcloud = async (args: readonly string[], defaultTimeoutMs: number): Promise<ProcessResult> => {
		try {
			return await processes.run('gcloud', args, {timeoutMs: timeoutMs ?? defaultTimeoutMs, env: quietEnv});
		} catch (error) {
			// A runner should report, not throw; if one throws anyway the check still ends in a message.
			return {exitCode: undefined, stdout: '', stderr: '', timedOut: false, failedToStart: (error as Error).message};
		}
	};

	return {
		async isInstalled() {
			const result = await gcloud(['--version'], gcloudVersionTimeoutMs);
			if (result.exitCode !== 0) {
				return {installed: false};
			}

			const version = /Google Cloud SDK (\d+(?:\.\d+)*)/.exec(result.stdout)?.[1];
			return version ? {installed: true, version} : {installed: true};
		},
		async configuredProject() {
			const result = await gcloud(['config', 'get-value', 'project'], gcloudQueryTimeoutMs);
			return result.exitCode === 0 ? parseConfiguredProject(result.stdout) : undefined;
		},
		async applicationDefaultCredentials() {
			const result = await gcloud(['auth', 'application-default', 'print-access-token'], gcloudQueryTimeoutMs);
			return interpretTokenResult(result, timeoutMs ?? gcloudQueryTimeoutMs);
		},
		adcLoginArgs,
	};
}

/**
`gcloud config get-value project` prints the value, or `(unset)` (on stdout in older releases, on
stderr in newer ones), sometimes after a notice about the active configuration.
*/
export function parseConfiguredProject(stdout: string): string | undefined {
	const lines = stdout.split(/\r?\n/).map(line => line.trim()).filter(line => line.length > 0);
	const value = lines.at(-1);
	if (value === undefined || value === '(unset)' || /^Your active configuration is/i.test(value)) {
		return undefined;
	}

	return checkProjectId(value) === undefined ? value : undefined;
}

/** Reads the result of `print-access-token` without letting stdout (the token) into anything returned. */
function interpretTokenResult(result: ProcessResult, boundMs: number): GcloudCheck {
	if (result.notFound) {
		return {ok: false, notInstalled: true, message: notInstalledMessage};
	}

	if (result.timedOut) {
		return {ok: false, timedOut: true, message: `gcloud did not answer within ${Math.round(boundMs / 1000)} s while checking your Google Cloud login. Check your network or proxy, then try again.`};
	}

	if (result.failedToStart) {
		return {ok: false, message: `gcloud could not be started: ${result.failedToStart}`};
	}

	if (result.exitCode !== 0) {
		return {ok: false, message: interpretGcloudFailure(result.stderr)};
	}

	return looksLikeOneToken(result.stdout)
		? {ok: true}
		: {ok: false, message: 'gcloud reported success but did not print an access token. Run `gcloud auth application-default print-access-token` yourself to see what it says.'};
}

function looksLikeOneToken(stdout: string): boolean {
	const text = stdout.trim();
	return text.length > 0 && !/\s/.test(text);
}

export type ServiceAccountFile =
	| {ok: true; path: string; type: string; projectId?: string; clientEmail?: string}
	| {ok: false; path: string; message: string};

/**
Looks at the credentials file `GOOGLE_APPLICATION_CREDENTIALS` names, the other way Claude Code gets
Google credentials. Undefined when the variable is not set. Only the file's identity comes back:
never the private key, and no parse error text, which would quote the file.
*/
export async function serviceAccountFile(env: Environment, readText: (path: string) => Promise<string>): Promise<ServiceAccountFile | undefined> {
	const path = env['GOOGLE_APPLICATION_CREDENTIALS']?.trim();
	if (!path) {
		return undefined;
	}

	if (path.startsWith('~')) {
		return {ok: false, path, message: 'GOOGLE_APPLICATION_CREDENTIALS starts with ~, which nothing expands when it is quoted or set in a settings file. Use the full path.'};
	}

	let text: string;
	try {
		text = await readText(path);
	} catch (error) {
		return {ok: false, path, message: unreadableMessage(path, (error as {code?: string}).code)};
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {ok: false, path, message: `${path} is not a JSON key file. Download a JSON key for the service account (Cloud console → IAM → Service accounts → Keys).`};
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return {ok: false, path, message: `${path} is JSON but not a Google credentials file.`};
	}

	return describeCredentials(path, data as Record<string, unknown>);
}

function describeCredentials(path: string, data: Record<string, unknown>): ServiceAccountFile {
	const text = (key: string): string | undefined => (typeof data[key] === 'string' && (data[key] as string).trim() ? (data[key] as string).trim() : undefined);
	const type = text('type');
	const projectId = text('project_id');
	const clientEmail = text('client_email');
	// Workload identity federation and user credentials are valid ADC files without a service-account email.
	if (type === 'external_account' || type === 'authorized_user' || type === 'impersonated_service_account' || type === 'external_account_authorized_user') {
		return {ok: true, path, type, ...(projectId ? {projectId} : {})};
	}

	if (!clientEmail) {
		return {ok: false, path, message: `${path} has no client_email, so it is not a service-account key. Download a JSON key for the service account.`};
	}

	if (!text('private_key')) {
		return {ok: false, path, message: `${path} has no private key. Download a new JSON key for ${clientEmail}.`};
	}

	return {ok: true, path, type: type ?? 'service_account', clientEmail, ...(projectId ? {projectId} : {})};
}

function unreadableMessage(path: string, code: string | undefined): string {
	switch (code) {
		case 'ENOENT': {
			return `GOOGLE_APPLICATION_CREDENTIALS points to ${path}, which does not exist.`;
		}

		case 'EACCES':
		case 'EPERM': {
			return `GOOGLE_APPLICATION_CREDENTIALS points to ${path}, which you are not allowed to read.`;
		}

		case 'EISDIR': {
			return `GOOGLE_APPLICATION_CREDENTIALS points to the folder ${path}; it must name the JSON key file.`;
		}

		default: {
			return `GOOGLE_APPLICATION_CREDENTIALS points to ${path}, which could not be read.`;
		}
	}
}
