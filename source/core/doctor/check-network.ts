import {anthropicVersion, interpretKeyCheck, keyCheckHeaders, modelsUrl} from '../auth/console-key.js';
import {evaluateReach, redactUrlCredentials} from '../requirements/evaluate.js';
import {effectiveCredential, resolveVariable} from '../setup/credentials.js';
import {allSnapshots, anthropicBaseUrl, describeCredential, terminalEnvironment} from './facts.js';
import {providerHost} from '../auth/provider-host.js';
import type {DoctorCheck, DoctorContext, DoctorFacts, Finding, FindingStatus} from './types.js';

const httpTimeoutMs = 6000;
const reachTimeoutMs = 5000;

/** Skew above which AWS request signatures and some TLS checks start failing. */
export const clockWarnSeconds = 30;
export const clockFailSeconds = 5 * 60;

/** The credential Claude Code would use is accepted: for an API key, `GET /v1/models` with it. */
export const keyValidityCheck: DoctorCheck = {
	id: 'key-valid',
	title: 'API key accepted',
	// The helper run (≤ 5 s) may come first, then the request.
	timeoutMs: 5500 + httpTimeoutMs + 1000,
	async run(context) {
		const key = await keyToCheck(context);
		if ('skip' in key) {
			return {status: 'skip', summary: key.skip};
		}

		context.noteSecret(key.key);
		const url = modelsUrl(anthropicBaseUrl(context.facts));
		const host = hostOf(url);
		let response;
		try {
			response = await context.ports.http.get(url, keyCheckHeaders(key.key), httpTimeoutMs);
		} catch (error) {
			return {status: 'skip', summary: `Could not be checked: ${error instanceof Error ? error.message : String(error)}`};
		}

		const outcome = interpretKeyCheck(response);
		switch (outcome.kind) {
			case 'valid': {
				return {status: 'pass', summary: `${host} accepted the key from ${key.from} (GET /v1/models: ${response.status})`};
			}

			case 'rejected': {
				return {
					status: 'fail',
					summary: `${host} rejected the key from ${key.from} (${outcome.status}): it is wrong, revoked, or from another organization`,
					fix: {description: 'Create a new key in the Claude Console (https://console.anthropic.com/settings/keys), then run claude-setup again', command: 'npx claude-setup'},
				};
			}

			case 'forbidden': {
				return {
					status: 'fail',
					summary: `${host} refused the key from ${key.from} (${outcome.status})`,
					fix: {description: 'Ask your Console admin for the "Claude Code" or "Developer" role, or check that a proxy is not in the way'},
				};
			}

			default: {
				return {status: 'warn', summary: `${host} answered ${response.status}, so the key could not be judged`, fix: {description: 'Try again later; https://status.anthropic.com shows outages'}};
			}
		}
	},
};

async function keyToCheck(context: DoctorContext): Promise<{key: string; from: string} | {skip: string}> {
	const {facts} = context;
	const snapshots = allSnapshots(facts);
	const {env, computed} = terminalEnvironment(facts);
	const credential = effectiveCredential(snapshots, env);
	if (credential.kind === 'api-key') {
		const resolved = resolveVariable('ANTHROPIC_API_KEY', snapshots, env);
		// A value computed by a start-up file (`$(…)`) is known only to the shell.
		if (!resolved || (resolved.source.kind === 'environment' && computed.has('ANTHROPIC_API_KEY'))) {
			return {skip: "ANTHROPIC_API_KEY is computed by your shell's start-up file; not checked"};
		}

		return {key: resolved.value.trim(), from: 'ANTHROPIC_API_KEY'};
	}

	if (credential.kind === 'api-key-helper') {
		const run = await context.helperRun();
		const printed = run?.exitCode === 0 ? run.stdout.trim() : '';
		return printed && !printed.includes('\n') ? {key: printed, from: 'the apiKeyHelper'} : {skip: 'The apiKeyHelper did not print a key (see "API key helper")'};
	}

	return {skip: `${capitalize(describeCredential(credential))} is not checked in this version`};
}

/**
The API Claude Code talks to can be reached over TLS through the proxy: ANTHROPIC_BASE_URL's host when
it is an https URL (a gateway), else api.anthropic.com (which Claude Code also calls for WebFetch's
safety check). And the CA file named by NODE_EXTRA_CA_CERTS exists.
*/
export const networkCheck: DoctorCheck = {
	id: 'network',
	title: 'Network',
	timeoutMs: reachTimeoutMs + 2000,
	async run({ports, facts, show}) {
		const base = new URL(anthropicBaseUrl(facts));
		const host = cloudProviderHost(facts) ?? (base.protocol === 'https:' ? base.host : 'api.anthropic.com');
		const result = await ports.network.reach(host, reachTimeoutMs);
		const row = evaluateReach(result);
		// The probe already drops a proxy's password; this drops a bare `user:password@` too.
		const proxy = result.proxy ? redactUrlCredentials(result.proxy).replace(/^[^\s/]*@/, '') : undefined;
		const detail = [`Proxy: ${proxy ?? 'none (no HTTPS_PROXY or HTTP_PROXY applies)'}`];
		let status: FindingStatus = row.status;
		let {summary} = row;
		let fix = row.fix ? {description: row.fix} : undefined;
		const ca = facts.extraCaCertificates;
		if (ca) {
			detail.push(`NODE_EXTRA_CA_CERTS: ${show(ca.path)}${ca.exists ? '' : ' (missing)'}`);
			if (!ca.exists) {
				status = 'fail';
				summary = `${summary}; NODE_EXTRA_CA_CERTS names ${show(ca.path)}, which does not exist`;
				fix = {description: `Point NODE_EXTRA_CA_CERTS at your company's root certificate (a PEM file), or unset it: Node ignores a missing file with only a warning`};
			}
		}

		return {status, summary, detail, ...(fix ? {fix} : {})};
	},
};

/** For a cloud provider in use, the host its model requests go to (from the same settings and environment Claude Code reads). */
export function cloudProviderHost(facts: DoctorFacts): string | undefined {
	const snapshots = allSnapshots(facts);
	const {env} = terminalEnvironment(facts);
	const credential = effectiveCredential(snapshots, env);
	if (credential.kind !== 'cloud-provider') {
		return undefined;
	}

	const value = (name: string) => resolveVariable(name, snapshots, env)?.value;
	const method = credential.variable === 'CLAUDE_CODE_USE_BEDROCK' ? 'bedrock' : credential.variable === 'CLAUDE_CODE_USE_VERTEX' ? 'vertex' : 'foundry';
	const answers: Record<string, string> = {};
	const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? value('CLOUD_ML_REGION');
	if (region) {
		answers['region'] = region;
	}

	const endpoint = value('ANTHROPIC_FOUNDRY_BASE_URL') ?? value('ANTHROPIC_FOUNDRY_RESOURCE');
	if (endpoint) {
		answers['endpoint'] = endpoint;
	}

	return providerHost(method, answers, {
		ANTHROPIC_BEDROCK_BASE_URL: value('ANTHROPIC_BEDROCK_BASE_URL'),
		ANTHROPIC_VERTEX_BASE_URL: value('ANTHROPIC_VERTEX_BASE_URL'),
		ANTHROPIC_FOUNDRY_BASE_URL: value('ANTHROPIC_FOUNDRY_BASE_URL'),
	});
}

/** The local clock against the API's `Date` header: a wrong clock breaks TLS, AWS signatures and sign-in. */
export const clockCheck: DoctorCheck = {
	id: 'clock',
	title: 'Clock',
	timeoutMs: httpTimeoutMs + 1000,
	async run({ports, facts, now}) {
		const url = modelsUrl(anthropicBaseUrl(facts));
		const host = hostOf(url);
		const started = now();
		let response;
		try {
			// No key: any answer (a 401 too) carries the server's time.
			response = await ports.http.get(url, {'anthropic-version': anthropicVersion}, httpTimeoutMs);
		} catch (error) {
			return {status: 'skip', summary: `Could not ask ${host} for the time: ${error instanceof Error ? error.message : String(error)}`};
		}

		const ended = now();
		const serverTime = response.date ? Date.parse(response.date) : Number.NaN;
		if (Number.isNaN(serverTime)) {
			return {status: 'skip', summary: `${host} answered without a usable Date header`};
		}

		// The header has whole seconds (truncated), so the server's time was, on average, half a second later.
		const skewSeconds = Math.round(((started + ended) / 2 - (serverTime + 500)) / 1000);
		return judgeSkew(skewSeconds, host, facts.platform);
	},
};

/** Pure: the finding for a measured skew (positive: this computer is ahead). */
export function judgeSkew(skewSeconds: number, host: string, platform: NodeJS.Platform): Finding {
	const size = Math.abs(skewSeconds);
	const direction = skewSeconds > 0 ? 'ahead of' : 'behind';
	const amount = size >= 120 ? `${Math.round(size / 60)} min` : `${size} s`;
	if (size <= clockWarnSeconds) {
		return {status: 'pass', summary: `Within ${Math.max(size, 1)} s of ${host}`};
	}

	const summary = `This computer's clock is ${amount} ${direction} ${host}`;
	const fix = clockFix(platform);
	return size > clockFailSeconds
		? {status: 'fail', summary: `${summary}: sign-in, TLS and AWS request signatures fail with a clock this far off`, fix}
		: {status: 'warn', summary: `${summary}; AWS request signatures fail from 5 min`, fix};
}

function clockFix(platform: NodeJS.Platform): {description: string; command?: string} {
	switch (platform) {
		case 'darwin': {
			return {description: 'Turn on "Set time and date automatically" in System Settings → General → Date & Time, or sync now', command: 'sudo sntp -sS time.apple.com'};
		}

		case 'win32': {
			return {description: 'Turn on "Set time automatically" in Settings → Time & language, or sync now', command: 'w32tm /resync'};
		}

		default: {
			return {description: 'Keep the clock synchronised with NTP', command: 'sudo timedatectl set-ntp true'};
		}
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
