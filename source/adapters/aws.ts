import {readFile} from 'node:fs/promises';
import {awsConfigPaths, inspectAwsProfiles, type AwsProfile} from '../core/auth/aws-config.js';
import {interpretAwsFailure, isAwsRegion, parseCallerIdentity, readInferenceProfiles, type CallerIdentity} from '../core/auth/bedrock.js';
import type {Environment, ProcessResult, ProcessRunner, RunOptions} from '../core/ports.js';

/**
The AWS side of the Bedrock method: the user's profiles from the shared files, and the two questions
asked of the AWS CLI (who am I, which Claude inference profiles can I use). Every `aws` run is
bounded, and secrets reach it through the environment only, never argv (which any local user can
read in `ps`).
*/

export type AwsCredentials =
	| {kind: 'profile'; profile: string}
	| {kind: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string};

export type AwsFailure = {ok: false; message: string; notInstalled?: boolean; timedOut?: boolean};

export type AwsProfilesResult = {profiles: AwsProfile[]; configPath: string; credentialsPath: string; problems: string[]};

export type AwsAdapter = {
	profiles(): Promise<AwsProfilesResult>;
	isInstalled(): Promise<{installed: boolean; version?: string}>;
	callerIdentity(credentials: AwsCredentials, region: string): Promise<{ok: true; identity: CallerIdentity} | AwsFailure>;
	inferenceProfiles(credentials: AwsCredentials, region: string): Promise<{ok: true; ids: string[]} | AwsFailure>;
};

export type AwsAdapterOptions = {
	processes: ProcessRunner;
	/** The environment the wizard saw: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` come from here. */
	env: Environment;
	home: string;
	/** A file's text, undefined when it does not exist; throws when it exists but cannot be read. */
	readText?: (path: string) => Promise<string | undefined>;
	/** Shorter bounds for tests. */
	timeouts?: {versionMs?: number; callMs?: number};
};

export const awsVersionTimeoutMs = 5000;
export const awsCallTimeoutMs = 15_000;

/** Reads a UTF-8 file; undefined when it is not there. */
export async function readTextFile(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

export function createAwsAdapter({processes, env, home, readText = readTextFile, timeouts = {}}: AwsAdapterOptions): AwsAdapter {
	const versionMs = timeouts.versionMs ?? awsVersionTimeoutMs;
	const callMs = timeouts.callMs ?? awsCallTimeoutMs;

	const runAws = async <T>(
		args: string[],
		credentials: AwsCredentials,
		region: string,
		read: (stdout: string) => T | undefined,
	): Promise<{ok: true; value: T} | AwsFailure> => {
		// Checked here rather than left to the CLI: a value such as `--endpoint-url=…` must never become an option.
		if (!isAwsRegion(region)) {
			return {ok: false, message: `"${region}" is not an AWS region; use one such as us-east-1.`};
		}

		const fullArgs = [...args, '--region', region, '--output', 'json', ...(credentials.kind === 'profile' ? ['--profile', credentials.profile] : [])];
		const command = `aws ${args.join(' ')}`;
		const scrub = scrubberFor(credentials);
		let result: ProcessResult;
		try {
			result = await processes.run('aws', fullArgs, {timeoutMs: callMs, env: childEnv(credentials)});
		} catch (error) {
			return {ok: false, message: scrub(`${command} could not be run: ${(error as Error).message}`)};
		}

		if (result.notFound) {
			return {ok: false, notInstalled: true, message: 'The AWS CLI (`aws`) is not installed or not on PATH: install AWS CLI v2 (https://aws.amazon.com/cli/), or enter credentials another way.'};
		}

		if (result.timedOut) {
			return {
				ok: false,
				timedOut: true,
				message: `${command} did not answer within ${formatSeconds(callMs)}: a credential_process or SSO login may be waiting for input, or AWS cannot be reached from here.`,
			};
		}

		if (result.failedToStart) {
			return {ok: false, message: scrub(`The AWS CLI could not be started: ${result.failedToStart}`)};
		}

		if (result.exitCode !== 0) {
			return {ok: false, message: interpretAwsFailure(scrub(result.stderr), credentials.kind === 'profile' ? credentials.profile : undefined)};
		}

		const value = read(result.stdout);
		if (value === undefined) {
			return {ok: false, message: `${command} printed something other than the JSON it should (${describeOutput(scrub(result.stdout))}); is \`aws\` on PATH the AWS CLI?`};
		}

		return {ok: true, value};
	};

	return {
		async profiles() {
			const paths = awsConfigPaths(env, home);
			const problems: string[] = [];
			const load = async (path: string) => {
				try {
					return await readText(path);
				} catch (error) {
					problems.push(`${path} exists but could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its profiles are not listed.`);
					return undefined;
				}
			};

			const [configText, credentialsText] = await Promise.all([load(paths.config), load(paths.credentials)]);
			const inspected = inspectAwsProfiles(configText, credentialsText, paths);
			return {profiles: inspected.profiles, configPath: paths.config, credentialsPath: paths.credentials, problems: [...problems, ...inspected.problems]};
		},

		async isInstalled() {
			let result: ProcessResult;
			try {
				result = await processes.run('aws', ['--version'], {timeoutMs: versionMs, env: {AWS_PAGER: ''}});
			} catch {
				return {installed: false};
			}

			// AWS CLI v1 prints its version on stderr, v2 on stdout.
			const version = /aws-cli\/(\S+)/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
			if (result.notFound || result.timedOut || (result.exitCode !== 0 && version === undefined)) {
				return {installed: false};
			}

			return version === undefined ? {installed: true} : {installed: true, version};
		},

		async callerIdentity(credentials, region) {
			const answer = await runAws(['sts', 'get-caller-identity'], credentials, region, parseCallerIdentity);
			return answer.ok ? {ok: true, identity: answer.value} : answer;
		},

		async inferenceProfiles(credentials, region) {
			const answer = await runAws(['bedrock', 'list-inference-profiles'], credentials, region, readInferenceProfiles);
			return answer.ok ? {ok: true, ids: answer.value} : answer;
		},
	};
}

/**
The variables the child gets on top of its inherited environment. With a profile, ambient keys and
`AWS_PROFILE` are removed so the check tests that profile and nothing else; with keys, `AWS_PROFILE`
is removed because the CLI would otherwise prefer it over the keys being checked. `AWS_PAGER` is
emptied so output is never piped to `less` (which would wait for a keypress until the timeout).
*/
function childEnv(credentials: AwsCredentials): NonNullable<RunOptions['env']> {
	const common = {AWS_PAGER: '', AWS_CLI_AUTO_PROMPT: 'off', AWS_PROFILE: undefined, AWS_DEFAULT_PROFILE: undefined};
	if (credentials.kind === 'profile') {
		return {...common, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined};
	}

	return {
		...common,
		AWS_ACCESS_KEY_ID: credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
		// An inherited token belongs to other keys and would make AWS reject these.
		AWS_SESSION_TOKEN: credentials.sessionToken || undefined,
	};
}

/** Removes the secrets being checked from any text shown to the user, however the CLI echoes them. */
function scrubberFor(credentials: AwsCredentials): (text: string) => string {
	const secrets = credentials.kind === 'keys' ? [credentials.secretAccessKey, credentials.sessionToken ?? ''].filter(secret => secret.length > 0) : [];
	return text => secrets.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, '[redacted]'), text);
}

function describeOutput(stdout: string): string {
	const text = stdout.trim();
	if (text === '') {
		return 'nothing';
	}

	const firstLine = text.split(/\r?\n/)[0]!;
	return `"${firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine}"`;
}

function formatSeconds(ms: number): string {
	return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
