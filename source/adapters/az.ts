import type {ProcessResult, ProcessRunner} from '../core/ports.js';
import {interpretAzFailure} from '../core/auth/foundry.js';

/**
What the Foundry step asks the Azure CLI: is it there, and who is logged in. Claude Code falls back
to the Azure default credential chain (which includes `az login`) when no Foundry key or token is set.
*/

// az starts a Python interpreter and loads its command table: seconds, not milliseconds.
export const azTimeoutMs = 15_000;

/** Handed to the terminal by the wizard, so the user logs in with az's own browser or device flow. */
export const azLoginArgs: readonly string[] = ['login'];

export type AzAccount =
	| {ok: true; user: string; subscription: string; subscriptionId: string; tenantId: string}
	| {ok: false; message: string; notInstalled?: boolean; timedOut?: boolean};

export type AzAdapter = {
	/** Whether `az version` works, and the azure-cli version it names. */
	isInstalled(): Promise<{installed: boolean; version?: string}>;
	account(): Promise<AzAccount>;
	loginArgs: readonly string[];
};

export type AzAdapterOptions = {
	processes: Pick<ProcessRunner, 'run'>;
	/** Overrides the bound; tests use a short one against a stand-in that hangs. */
	timeoutMs?: number;
};

const notInstalledMessage = 'The Azure CLI (az) is not installed or not on PATH. Install it from https://learn.microsoft.com/cli/azure/install-azure-cli, or use a Foundry API key instead.';

// Output is parsed, so it must not be coloured or interrupted by a survey prompt.
const quietEnv = {AZURE_CORE_NO_COLOR: 'true', AZURE_CORE_SURVEY_MESSAGE: 'false'};

export function createAzAdapter({processes, timeoutMs}: AzAdapterOptions): AzAdapter {
	const bound = timeoutMs ?? azTimeoutMs;
	const az = async (args: readonly string[]): Promise<ProcessResult> => {
		try {
			return await processes.run('az', args, {timeoutMs: bound, env: quietEnv});
		} catch (error) {
			// A runner should report, not throw; if one throws anyway the check still ends in a message.
			return {exitCode: undefined, stdout: '', stderr: '', timedOut: false, failedToStart: (error as Error).message};
		}
	};

	return {
		async isInstalled() {
			// `az version`, unlike `az --version`, does not look up the latest release online.
			const result = await az(['version', '--output', 'json']);
			if (result.exitCode !== 0) {
				return {installed: false};
			}

			const version = readVersion(result.stdout);
			return version ? {installed: true, version} : {installed: true};
		},
		async account() {
			const result = await az(['account', 'show', '--output', 'json']);
			if (result.notFound) {
				return {ok: false, notInstalled: true, message: notInstalledMessage};
			}

			if (result.timedOut) {
				return {ok: false, timedOut: true, message: `az did not answer within ${Math.round(bound / 1000)} s. Check your network or proxy, then try again.`};
			}

			if (result.failedToStart) {
				return {ok: false, message: `az could not be started: ${result.failedToStart}`};
			}

			if (result.exitCode !== 0) {
				return {ok: false, message: interpretAzFailure(result.stderr)};
			}

			return parseAccount(result.stdout);
		},
		loginArgs: azLoginArgs,
	};
}

function readVersion(stdout: string): string | undefined {
	try {
		const data = JSON.parse(stdout) as Record<string, unknown> | null;
		const version = data?.['azure-cli'];
		return typeof version === 'string' ? version : undefined;
	} catch {
		return undefined;
	}
}

/**
Picks the few fields the wizard shows out of `az account show`. Nothing else is kept: the rest is of
no use and need not travel.
*/
export function parseAccount(stdout: string): AzAccount {
	let data: unknown;
	try {
		data = JSON.parse(stdout);
	} catch {
		return {ok: false, message: 'az account show did not print JSON. Run `az account show` yourself to see what it says.'};
	}

	const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
	const userRecord = typeof record['user'] === 'object' && record['user'] !== null ? (record['user'] as Record<string, unknown>) : {};
	const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
	const user = text(userRecord['name']);
	const subscriptionId = text(record['id']);
	const tenantId = text(record['tenantId']);
	if (!user || !subscriptionId || !tenantId) {
		return {ok: false, message: 'az account show printed JSON without the account fields (user, id, tenantId). Run `az account show` yourself to check.'};
	}

	return {ok: true, user, subscription: text(record['name']) ?? subscriptionId, subscriptionId, tenantId};
}
