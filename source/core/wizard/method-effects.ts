import {anthropicVersion} from '../auth/console-key.js';
import type {Answers, Discovery, MethodCheck, TerminalAction} from '../auth/form.js';
import type {AuthMethodId} from '../auth/methods.js';
import {loginArguments} from '../auth/specs/login.js';
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
	const {env} = ports;
	const advice: string[] = [];
	const isSsh = Boolean(env['SSH_CONNECTION'] ?? env['SSH_TTY'] ?? env['SSH_CLIENT']);
	const snapshot = await ports.system.snapshot().catch(() => undefined);
	const isWsl = snapshot?.wsl !== undefined;
	const hasDisplay = snapshot?.platform !== 'linux' || isWsl || Boolean(env['DISPLAY'] ?? env['WAYLAND_DISPLAY']);
	if (isSsh || !hasDisplay) {
		advice.push(
			isSsh ? 'You are connected over SSH, so no browser can open here.' : 'No browser can open on this machine (no display).',
			'Claude Code prints a link: open it on any device, sign in, and paste the code it shows at "Paste code here if prompted".',
		);
	} else if (isWsl) {
		advice.push('In WSL the browser opens in Windows; if it does not, open the printed link yourself and paste the code back (or set BROWSER to your Windows browser).');
	}

	if (isSsh || !hasDisplay) {
		advice.push('For machines that can never log in interactively: run `claude setup-token` where a browser works and put the token it prints in CLAUDE_CODE_OAUTH_TOKEN.');
	}

	return advice;
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

type AuthStatusJson = {loggedIn?: boolean; authMethod?: string; apiProvider?: string; email?: string; orgName?: string};

async function logIn(method: 'claude-ai' | 'console-login', answers: Answers, ports: Ports, claudePath: string | undefined): Promise<MethodCheck[]> {
	const claude = claudePath ?? (await ports.processes.which('claude'));
	if (!claude) {
		return [{id: 'login', outcome: 'fail', title: 'Claude Code is not installed, so it cannot log you in', fix: 'Go back to the install step.'}];
	}

	const handed = await ports.terminal.handOver(claude, loginArguments(method, answers));
	if (handed.failedToStart) {
		return [{id: 'login', outcome: 'fail', title: `Could not start \`claude auth login\`: ${handed.failedToStart}`}];
	}

	const status = await ports.processes.run(claude, ['auth', 'status'], {timeoutMs: authStatusTimeoutMs});
	let parsed: AuthStatusJson | undefined;
	try {
		parsed = JSON.parse(status.stdout) as AuthStatusJson;
	} catch {}

	if (parsed?.loggedIn) {
		const who = [parsed.email, parsed.orgName ? `(${parsed.orgName})` : undefined].filter(Boolean).join(' ');
		return [{id: 'login', outcome: 'pass', title: who ? `Logged in as ${who}` : 'Logged in', detail: parsed.authMethod ? `Claude Code reports ${parsed.authMethod}.` : undefined}];
	}

	const stopped = handed.signal === 'SIGINT' ? 'The login was stopped.' : handed.exitCode ? `\`claude auth login\` ended with exit code ${handed.exitCode}.` : 'Claude Code does not report a login.';
	return [{id: 'login', outcome: 'fail', title: `Not logged in. ${stopped}`, fix: 'Try again; on SSH or in a container, open the printed link on any device and paste the code back.'}];
}
