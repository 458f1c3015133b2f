import {secretRef, type MethodConfiguration} from '../auth/configuration.js';
import type {Ports} from '../ports.js';
import {parseAuthStatus} from '../auth/auth-status.js';
import {isLoginOf} from './method-effects.js';
import {claudeTimeoutMs, helperTimeoutMs, scrub} from './run-effect.js';
import type {Verification} from './state.js';

type AuthStatusJson = {loggedIn?: boolean; authMethod?: string; apiProvider?: string; apiKeySource?: string};

/**
Checks a written setup the way Claude Code will use it: every helper command it will run prints
what it must (the key alone, or AWS credentials as JSON), and `claude auth status`, run with what
the `claude` shell function would add, reports the intended provider and a credential.
*/
export async function verifyConfiguration(ports: Ports, configuration: MethodConfiguration, knownClaudePath: string | undefined): Promise<Verification> {
	const secretsByPurpose = new Map(configuration.secrets.map(secret => [secret.purpose, secret.value]));
	const allSecrets = configuration.secrets.map(secret => secret.value);
	const helper = await ports.helper.inspect();
	const helperOutputs: Array<{setting: string; ok: boolean; problem?: string}> = await Promise.all(
		configuration.helperSettings.map(async ({key, secret}) => {
			const command = secret === 'api-key' ? helper.command : `${helper.command} --secret ${secretRef(secret, ports.configDirHash).account}`;
			const run = await ports.processes.runShellCommand(command, {timeoutMs: helperTimeoutMs});
			const expected = secretsByPurpose.get(secret);
			const ok = run.exitCode === 0 && (expected === undefined ? run.stdout.trim() !== '' : run.stdout === expected);
			const problem = ok ? undefined : scrub(run.stderr.trim() || (run.timedOut ? 'timed out' : `exit code ${run.exitCode ?? 'none'}`), [...allSecrets, run.stdout.trim()]);
			return {setting: key, ok, ...(problem ? {problem} : {})};
		}),
	);

	// The AWS profile's credential_process, run as the AWS SDK inside Claude Code will run it.
	if (configuration.awsCredentialProcess) {
		const {profile, secret} = configuration.awsCredentialProcess;
		const run = await ports.processes.runShellCommand(`${helper.command} --secret ${secretRef(secret, ports.configDirHash).account}`, {timeoutMs: helperTimeoutMs});
		const ok = run.exitCode === 0 && run.stdout === secretsByPurpose.get(secret);
		helperOutputs.push({setting: `credential_process of the AWS profile ${profile}`, ok, ...(ok ? {} : {problem: scrub(run.stderr.trim() || `exit code ${run.exitCode ?? 'none'}`, [...allSecrets, run.stdout.trim()])})});
	}

	// What the `claude` function would hand Claude Code, read back through the helper as it would be.
	const extraEnv: Record<string, string> = {};
	for (const {variable, secret} of configuration.shellSecrets) {
		// eslint-disable-next-line no-await-in-loop -- few, and each bounded
		const run = await ports.processes.runShellCommand(`${helper.command} --secret ${secretRef(secret, ports.configDirHash).account}`, {timeoutMs: helperTimeoutMs});
		const ok = run.exitCode === 0 && run.stdout === secretsByPurpose.get(secret);
		helperOutputs.push({setting: `claude function (${variable})`, ok, ...(ok ? {} : {problem: scrub(run.stderr.trim() || `exit code ${run.exitCode ?? 'none'}`, allSecrets)})});
		extraEnv[variable] = run.stdout;
	}

	const claudePath = knownClaudePath ?? (await ports.processes.which('claude'));
	if (!claudePath) {
		return {kind: 'not-installed'};
	}

	const status = await ports.processes.run(claudePath, ['auth', 'status'], {timeoutMs: claudeTimeoutMs, env: extraEnv});
	if (status.timedOut) {
		return {kind: 'failed', message: '`claude auth status` did not answer in time.'};
	}

	let parsed: AuthStatusJson;
	try {
		parsed = JSON.parse(status.stdout) as AuthStatusJson;
	} catch {
		return {kind: 'failed', message: `\`claude auth status\` printed something unexpected: ${scrub(status.stderr.trim() || status.stdout.trim().slice(0, 200), allSecrets)}`};
	}

	const apiProvider = parsed.apiProvider ?? 'firstParty';
	const helpersOk = helperOutputs.every(output => output.ok);
	const readStatus = parseAuthStatus(status.stdout);
	const isLoginRight = configuration.method === 'claude-ai' || configuration.method === 'console-login' ? readStatus !== undefined && isLoginOf(configuration.method, readStatus) : true;
	const isProviderRight = apiProvider === configuration.expectedProvider && parsed.loggedIn !== false && helpersOk && isLoginRight;
	return {
		kind: 'checked',
		helperReturnsKey: helpersOk,
		helperError: helperOutputs.find(output => !output.ok)?.problem,
		authMethod: parsed.authMethod,
		apiKeySource: parsed.apiKeySource,
		usesHelper: parsed.authMethod === 'api_key_helper' || parsed.apiKeySource === 'apiKeyHelper',
		apiProvider,
		expectedProvider: configuration.expectedProvider,
		...(parsed.loggedIn === undefined ? {} : {loggedIn: parsed.loggedIn}),
		helperOutputs,
		isProviderRight,
	};
}
