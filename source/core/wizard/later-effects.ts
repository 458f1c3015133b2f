import {interpretKeyCheck, keyCheckHeaders, keyCheckTimeoutMs, modelsUrl} from '../auth/console-key.js';
import {commitChange} from './commit-change.js';
import {checkMethod, discover, runTerminalAction} from './method-effects.js';
import {planChange} from './plan-change.js';
import {teamFiles} from '../team/outputs.js';
import {verifyConfiguration} from './verify-setup.js';
import {installMethods} from '../install/methods.js';
import type {Ports} from '../ports.js';
import {evaluateReach, evaluateSystem} from '../requirements/evaluate.js';
import type {RequirementResult} from '../requirements/types.js';
import type {Effect} from './effects.js';
import type {EffectResult} from './events.js';
import {claudeTimeoutMs, cleanCheck, helperTimeoutMs, reachTimeoutMs, scrub} from './run-effect.js';
import type {ClaudeInstall, Verification} from './state.js';

/**
Every effect but detecting the current setup (run-effect.ts), in a module of its own so that the
wizard's first screen does not load the code of its later steps. Same contract as `runEffect`:
never throws, every failure becomes a result.
*/
export async function runLaterEffect(effect: Exclude<Effect, {type: 'detect'}>, ports: Ports, emit: (result: EffectResult) => void, signal: AbortSignal): Promise<EffectResult | undefined> {
	switch (effect.type) {
		case 'open-browser': {
			const isOpened = await ports.browser.open(effect.url).catch(() => false);
			return {type: 'browser-opened', id: effect.id, url: effect.url, isOpened};
		}

		case 'check-requirements': {
			await checkRequirements(ports, effect.hosts, result => {
				emit({type: 'requirement-checked', id: effect.id, result});
			});
			return {type: 'requirements-checked', id: effect.id};
		}

		case 'detect-installs': {
			return detectInstalls(ports, effect.id);
		}

		case 'run-install': {
			const outcome = await ports.installer.run(
				effect.method,
				line => {
					emit({type: 'install-output', id: effect.id, line});
				},
				signal,
			);
			return {type: 'install-finished', id: effect.id, outcome};
		}

		case 'verify-install': {
			const verification = await ports.installer.verify();
			const pathFix =
				verification.binDirectory && !verification.isOnPath ? await ports.installer.planPathFix(verification.binDirectory) : undefined;
			return {type: 'install-verified', id: effect.id, verification, pathFix};
		}

		case 'apply-path-fix': {
			try {
				const applied = await ports.installer.applyPathFix(effect.plan);
				return {type: 'path-fixed', id: effect.id, file: effect.plan.file, backupPath: applied.backupPath};
			} catch (error) {
				return {type: 'path-fix-failed', id: effect.id, message: scrub(error, [])};
			}
		}

		case 'check-key': {
			try {
				const response = await ports.http.get(modelsUrl(ports.env['ANTHROPIC_BASE_URL']), keyCheckHeaders(effect.key), keyCheckTimeoutMs);
				return {type: 'key-checked', id: effect.id, outcome: interpretKeyCheck(response)};
			} catch (error) {
				return {type: 'key-checked', id: effect.id, outcome: {kind: 'network-error', message: scrub(error, [effect.key])}};
			}
		}

		case 'probe-keychain': {
			return {type: 'keychain-probed', id: effect.id, health: await ports.secrets.probe()};
		}

		case 'plan': {
			return plan(effect, ports);
		}

		case 'commit': {
			return commitChange(effect.plan, ports, effect.id);
		}

		case 'verify': {
			const verification = effect.configuration && effect.configuration.method !== 'console-api-key'
				? await verifyConfiguration(ports, effect.configuration, effect.claudePath)
				: await verify(ports, effect.expectedKey, effect.claudePath);
			return {type: 'verified', id: effect.id, verification};
		}

		case 'plan-team': {
			try {
				const plan = await ports.teamFiles.plan(effect.directory, teamFiles(effect.preset, effect.presetReference));
				return {type: 'team-planned', id: effect.id, plan};
			} catch (error) {
				return {type: 'team-plan-failed', id: effect.id, message: scrub(error, [])};
			}
		}

		case 'write-team': {
			try {
				return {type: 'team-written', id: effect.id, paths: await ports.teamFiles.write(effect.plan.files)};
			} catch (error) {
				return {type: 'team-write-failed', id: effect.id, message: scrub(error, [])};
			}
		}

		case 'discover': {
			return {type: 'discovered', id: effect.id, discovery: await discover(effect.method, ports).catch(() => ({}))};
		}

		case 'check-method': {
			const checked = await checkMethod(effect.method, effect.answers, effect.discovery, ports, effect.claudePath);
			return {type: 'method-checked', id: effect.id, ...checked, checks: checked.checks.map(cleanCheck)};
		}

		case 'run-terminal-action': {
			const checked = await runTerminalAction(effect.action, effect.method, effect.answers, effect.discovery, ports, effect.claudePath);
			return {type: 'method-checked', id: effect.id, ...checked, checks: checked.checks.map(cleanCheck)};
		}
	}
}

/** Every check at once, each bounded; a row is reported the moment its check finishes. */
async function checkRequirements(ports: Ports, hosts: readonly string[], report: (result: RequirementResult) => void): Promise<void> {
	const system = (async () => {
		const snapshot = await ports.system.snapshot();
		for (const row of evaluateSystem(snapshot, {})) {
			report(row);
		}
	})();
	const network = hosts.map(async host => {
		report(evaluateReach(await ports.network.reach(host, reachTimeoutMs)));
	});
	await Promise.allSettled([system, ...network]);
}

async function detectInstalls(ports: Ports, id: number): Promise<EffectResult> {
	const [installs, environment] = await Promise.all([ports.installer.detect(), ports.installer.environment()]);
	const primary = installs.find(install => install.isOnPath && install.version) ?? installs.find(install => install.version);
	const claude: ClaudeInstall = primary?.version
		? {found: true, version: primary.version, path: primary.path}
		: {found: false, reason: installs.length > 0 ? 'does-not-run' : 'not-on-path'};
	return {type: 'installs-detected', id, installs, methods: installMethods(environment), claude};
}

async function plan(effect: Extract<Effect, {type: 'plan'}>, ports: Ports): Promise<EffectResult> {
	try {
		const planned = await planChange(ports, effect.scope, effect.backend, effect.configuration);
		return 'plan' in planned ? {type: 'planned', id: effect.id, plan: planned.plan} : {type: 'plan-failed', id: effect.id, problem: planned.problem};
	} catch (error) {
		return {type: 'plan-failed', id: effect.id, problem: {kind: 'io', message: scrub(error, effect.configuration.secrets.map(secret => secret.value))}};
	}
}

async function verify(ports: Ports, expectedKey: string | undefined, knownClaudePath: string | undefined): Promise<Verification> {
	const helper = await ports.helper.inspect();
	const helperRun = await ports.processes.runShellCommand(helper.command, {timeoutMs: helperTimeoutMs});
	const printed = helperRun.stdout;
	const helperReturnsKey =
		helperRun.exitCode === 0 && (expectedKey === undefined ? printed.trim().length > 0 && !printed.includes('\n', 1) : printed === expectedKey);
	const helperError = helperReturnsKey ? undefined : scrub(helperRun.stderr.trim() || (helperRun.timedOut ? 'timed out' : `exit code ${helperRun.exitCode ?? 'none'}`), [expectedKey ?? '', printed.trim()]);

	const claudePath = knownClaudePath ?? (await ports.processes.which('claude'));
	if (!claudePath) {
		return {kind: 'not-installed'};
	}

	const status = await ports.processes.run(claudePath, ['auth', 'status'], {timeoutMs: claudeTimeoutMs});
	if (status.timedOut) {
		return {kind: 'failed', message: '`claude auth status` did not answer in time.'};
	}

	try {
		const parsed = JSON.parse(status.stdout) as {authMethod?: string; apiKeySource?: string};
		return {
			kind: 'checked',
			helperReturnsKey,
			helperError,
			authMethod: parsed.authMethod,
			apiKeySource: parsed.apiKeySource,
			usesHelper: parsed.authMethod === 'api_key_helper' || parsed.apiKeySource === 'apiKeyHelper',
		};
	} catch {
		return {kind: 'failed', message: `\`claude auth status\` printed something unexpected: ${status.stderr.trim() || status.stdout.trim().slice(0, 200)}`};
	}
}
