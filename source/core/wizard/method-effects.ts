import {anthropicVersion} from '../auth/console-key.js';
import type {Answers, Discovery, MethodCheck, TerminalAction} from '../auth/form.js';
import type {AuthMethodId} from '../auth/methods.js';
import {loginArguments} from '../auth/specs/login.js';
import {describeAuthStatus, parseAuthStatus, type AuthStatus} from '../auth/auth-status.js';
import {describeLoginEnvironment} from '../auth/login-environment.js';
import type {Ports} from '../ports.js';
import {maskSecret} from '../secrets/mask.js';
import {cloudChecks, cloudDiscovery} from './cloud-effects.js';

export const gatewayCheckTimeoutMs = 10_000;
export const authStatusTimeoutMs = 20_000;

/** What the wizard looks up before a method's first question. */
export async function discover(method: AuthMethodId, ports: Ports): Promise<Discovery> {
	switch (method) {
		case 'claude-ai':
		case 'console-login': {
			return {loginAdvice: await loginAdvice(ports)};
		}

		case 'bedrock':
		case 'vertex':
		case 'foundry': {
			return cloudDiscovery(method, ports);
		}

		default: {
			return {};
		}
	}
}

/** The checks of a method's answers, before anything is saved. Never throws. */
export async function checkMethod(
	method: AuthMethodId,
	answers: Answers,
	discovery: Discovery,
	ports: Ports,
	claudePath: string | undefined,
): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	switch (method) {
		case 'gateway': {
			return {checks: [await checkGateway(answers, ports)]};
		}

		case 'claude-ai':
		case 'console-login': {
			return {checks: await logIn(method, answers, ports, claudePath)};
		}

		case 'bedrock':
		case 'vertex':
		case 'foundry': {
			return cloudChecks(method, answers, discovery, ports);
		}

		default: {
			return {checks: []};
		}
	}
}

/** Lends the terminal to a login program the checks suggested, then checks again. */
export async function runTerminalAction(
	action: TerminalAction,
	method: AuthMethodId,
	answers: Answers,
	discovery: Discovery,
	ports: Ports,
	claudePath: string | undefined,
): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	const result = await ports.terminal.handOver(action.file, action.args);
	const checked = await checkMethod(method, answers, discovery, ports, claudePath);
	if (result.failedToStart) {
		return {
			...checked,
			checks: [{id: 'action', outcome: 'fail', title: `Could not start ${action.file}: ${result.failedToStart}`}, ...checked.checks],
		};
	}

	return checked;
}

async function loginAdvice(ports: Ports): Promise<string[]> {
	const snapshot = await ports.system.snapshot().catch(() => undefined);
	const platform = snapshot?.platform ?? 'linux';
	const isWsl = snapshot?.wsl !== undefined;
	const hasWslview = isWsl ? (await ports.processes.which('wslview')) !== undefined : undefined;
	const environment = describeLoginEnvironment({
		env: ports.env,
		platform: platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'linux',
		isWsl,
		isContainer: snapshot?.isContainer ?? false,
		...(hasWslview === undefined ? {} : {hasWslview}),
	});
	return [...environment.reasons, ...environment.advice];
}

async function checkGateway(answers: Answers, ports: Ports): Promise<MethodCheck> {
	const url = `${(answers['url'] ?? '').replace(/\/+$/, '')}/v1/messages`;
	const token = answers['token'] ?? '';
	const credential = answers['credential'] ?? 'helper';
	const headers: Record<string, string> = {'anthropic-version': anthropicVersion};
	if (credential === 'helper') {
		headers['x-api-key'] = token;
		headers['authorization'] = `Bearer ${token}`;
	} else if (credential === 'auth-token') {
		headers['authorization'] = `Bearer ${token}`;
	}

	const title = 'The gateway accepts the credential';
	try {
		// An empty body costs nothing: the gateway answers 400 (bad request) only after authenticating.
		const response = await ports.http.post(url, headers, '{}', gatewayCheckTimeoutMs);
		if (response.status === 401 || response.status === 403) {
			return credential === 'none'
				? {id: 'gateway', outcome: 'fail', title: `The gateway asks for a credential (HTTP ${response.status})`, fix: 'Go back and choose a token.'}
				: {id: 'gateway', outcome: 'fail', title: `The gateway rejected the token (HTTP ${response.status})`, fix: 'Paste the token again, or ask your gateway administrator which header it expects.'};
		}

		if (response.status === 404) {
			return {id: 'gateway', outcome: 'fail', title: `Nothing answers at ${url} (HTTP 404)`, fix: 'Check the URL: Claude Code adds /v1/messages to it.'};
		}

		if (response.status >= 500) {
			return {id: 'gateway', outcome: 'warn', title: `The gateway answered with an error (HTTP ${response.status}); the credential could not be checked`};
		}

		return {id: 'gateway', outcome: 'pass', title, detail: `${new URL(url).host} answered HTTP ${response.status} to a signed request.`};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {id: 'gateway', outcome: 'fail', title: 'Could not reach the gateway', detail: token ? message.split(token).join(maskSecret(token)) : message, fix: 'Check the URL, your VPN and HTTPS_PROXY.'};
	}
}

async function logIn(method: 'claude-ai' | 'console-login', answers: Answers, ports: Ports, claudePath: string | undefined): Promise<MethodCheck[]> {
	const claude = claudePath ?? (await ports.processes.which('claude'));
	if (!claude) {
		return [{id: 'login', outcome: 'fail', title: 'Claude Code is not installed, so it cannot log you in', fix: 'Go back to the install step.'}];
	}

	const handed = await ports.terminal.handOver(claude, loginArguments(method, answers));
	if (handed.failedToStart) {
		return [{id: 'login', outcome: 'fail', title: `Could not start \`claude auth login\`: ${handed.failedToStart}`}];
	}

	const status = parseAuthStatus((await ports.processes.run(claude, ['auth', 'status'], {timeoutMs: authStatusTimeoutMs})).stdout);
	if (status?.loggedIn && isLoginOf(method, status)) {
		return [{id: 'login', outcome: 'pass', title: describeAuthStatus(status)}];
	}

	if (status?.loggedIn && handed.exitCode === 0) {
		// Something in the settings (an apiKeyHelper, a key) still outranks the new login: the review removes it.
		return [{id: 'login', outcome: 'pass', title: 'Logged in', detail: `Claude Code still reports: ${describeAuthStatus(status)}. The settings written next remove what outranks the login.`}];
	}

	const stopped = handed.signal === 'SIGINT' || handed.exitCode === 130 ? 'The login was stopped.' : handed.exitCode ? `\`claude auth login\` ended with exit code ${handed.exitCode}.` : 'Claude Code does not report a login.';
	return [{id: 'login', outcome: 'fail', title: `Not logged in. ${stopped}`, fix: 'Try again; on SSH or in a container, open the printed link on any device and paste the code back.'}];
}

/** Whether `claude auth status` shows the kind of login this method makes. */
export function isLoginOf(method: 'claude-ai' | 'console-login', status: AuthStatus): boolean {
	return method === 'claude-ai' ? status.authMethod === 'claude.ai' : status.authMethod === 'console' || status.apiKeySource === '/login managed key';
}
