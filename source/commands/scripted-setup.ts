import {createRealPorts} from '../adapters/real-ports.js';
import {canKeepKeyAnyway, checkKeyFormat, consoleKeyConfiguration, modelsUrl, normalizePastedKey} from '../core/auth/console-key.js';
import {authMethods, findAuthMethod} from '../core/auth/methods.js';
import type {Ports, SecretBackend, SettingsScope} from '../core/ports.js';
import {maskSecret} from '../core/secrets/mask.js';
import type {Effect} from '../core/wizard/effects.js';
import type {EffectResult} from '../core/wizard/events.js';
import {runEffect} from '../core/wizard/run-effect.js';
import type {ChangePlan, Verification} from '../core/wizard/state.js';
import {planActions, planWarnings} from '../ui/plan-lines.js';
import {copy} from '../ui/copy.js';
import {askYesNo, displayFor, exitCodes, formatDiff, readStdin, writeLines, type CommandIo} from './io.js';
import type {ScriptableInstallMethod} from '../core/install/scriptable.js';
import {installForScript} from './scripted-install.js';

/** Every wizard answer as a flag. The key is never one of them (see `secretArgumentRefusal` in ui/help.ts). */
export type ScriptedOptions = {
	auth?: string;
	apiKeyStdin: boolean;
	scope: SettingsScope;
	secretStorage?: SecretBackend;
	skipKeyCheck: boolean;
	yes: boolean;
	dryRun: boolean;
	verify: boolean;
	/** Install Claude Code first, with this method (as the wizard's install step). */
	install?: ScriptableInstallMethod;
};

/** The environment variable a CI job may hold the key in, instead of piping it. */
export const apiKeyVariable = 'CLAUDE_SETUP_API_KEY';
export const stdinTimeoutMs = 10_000;

/** The answers a run without a terminal still lacks, named as the flags that give them. */
export function missingAnswers(options: ScriptedOptions, io: Pick<CommandIo, 'env' | 'isInteractive'>): string[] {
	const missing: string[] = [];
	if (options.auth === undefined) {
		missing.push('--auth');
	}

	if (!options.apiKeyStdin && !io.env[apiKeyVariable]) {
		missing.push(`--api-key-stdin (or ${apiKeyVariable})`);
	}

	if (!options.yes && !options.dryRun && !io.isInteractive) {
		missing.push('--yes');
	}

	return missing;
}

/**
`claude-setup --auth console-api-key …`: the wizard's Console API-key path without a screen. The same
checks, the same plan and commit (keychain, then helper, then settings) and the same verification,
through the wizard's own effects. It never waits for input it cannot get: what is missing is named at
once, with exit code 2.
*/
export async function runScriptedSetup(options: ScriptedOptions, io: CommandIo): Promise<number> {
	const missing = missingAnswers(options, io);
	if (missing.length > 0) {
		const lead = io.isInteractive
			? 'claude-setup was given some answers as flags, but not all of them.'
			: 'claude-setup needs an interactive terminal for the wizard, and this is not one (stdin or stdout is redirected).';
		writeLines(io.stderr, [
			lead,
			`To set up without one, give every answer as a flag; missing: ${missing.join(', ')}`,
			`Example: printf '%s' "$KEY" | npx claude-setup --auth console-api-key --api-key-stdin --scope user --yes`,
			'Run `claude-setup --help` for every flag.',
		]);
		return exitCodes.usage;
	}

	const method = findAuthMethod(options.auth ?? '');
	if (!method) {
		writeLines(io.stderr, [`Unknown --auth ${options.auth ?? ''}. Known methods: ${authMethods.map(each => each.id).join(', ')}.`]);
		return exitCodes.usage;
	}

	// Flags set up the Console key only: every other method would otherwise be taken as a Console key
	// setup under its name (all of them are built in the wizard now, so isBuilt no longer stops them).
	if (method.id !== 'console-api-key') {
		writeLines(io.stderr, [copy.wizardOnly(`${method.label} (--auth ${method.id})`), 'With flags, this version sets up: --auth console-api-key.']);
		return exitCodes.usage;
	}

	const key = await readKey(options, io);
	if (typeof key === 'number') {
		return key;
	}

	// The key must not reach Claude Code or any other child through the environment we pass on.
	const {[apiKeyVariable]: _key, ...env} = io.env;
	const {ports, paths} = createRealPorts({...io, env});
	const show = displayFor(paths);
	writeLines(io.stdout, [`Auth method: ${method.label}`, `API key: ${maskSecret(key)}`]);

	const installed = options.install ? await installForScript(options.install, options, ports, io, show) : {};
	if (typeof installed === 'number') {
		return installed;
	}

	const checked = await checkKey(options, key, ports, io);
	if (checked !== undefined) {
		return checked;
	}

	const backend = await chooseBackend(options, ports, io, show);
	if (typeof backend === 'number') {
		return backend;
	}

	const planned = await once({type: 'plan', id: 1, scope: options.scope, backend, configuration: consoleKeyConfiguration(key)}, ports);
	if (planned.type !== 'planned') {
		writeLines(io.stderr, [planFailure(planned, show), 'Nothing was written.']);
		return exitCodes.failed;
	}

	writeLines(io.stdout, ['', ...renderPlan(planned.plan, show)]);
	if (options.dryRun) {
		writeLines(io.stdout, ['', 'Dry run: nothing was written.']);
		return exitCodes.ok;
	}

	if (!options.yes) {
		const answer = await askYesNo(io, copy.review.question);
		if (answer !== 'yes') {
			writeLines(io.stdout, [copy.cancelled.before]);
			return exitCodes.cancelled;
		}
	}

	const committed = await once({type: 'commit', id: 2, plan: planned.plan}, ports);
	if (committed.type !== 'committed') {
		writeLines(io.stderr, [copy.failed(committed.type === 'commit-failed' ? committed.message : 'unexpected result'), copy.nothingHalfWritten]);
		return exitCodes.failed;
	}

	writeLines(io.stdout, ['', copy.done.saved, copy.done.savedTo(show(committed.result.path))]);
	if (committed.result.backupPath) {
		writeLines(io.stdout, [copy.done.backup(show(committed.result.backupPath))]);
	}

	if (!options.verify) {
		writeLines(io.stdout, ['Not verified (--no-verify).']);
		return exitCodes.ok;
	}

	const verified = await once({type: 'verify', id: 3, expectedKey: key, scope: options.scope, claudePath: installed.claudePath}, ports);
	return verified.type === 'verified' ? reportVerification(verified.verification, io) : exitCodes.failed;
}

/** The key from stdin or the environment, cleaned like a paste; or the exit code when there is none. */
async function readKey(options: ScriptedOptions, io: CommandIo): Promise<string | number> {
	let raw = io.env[apiKeyVariable] ?? '';
	if (options.apiKeyStdin) {
		if (io.stdin.isTTY) {
			writeLines(io.stderr, [
				'--api-key-stdin reads the key from a pipe, but stdin is this terminal, where a typed key would show.',
				`Pipe it in (printf '%s' "$KEY" | npx claude-setup …), or run claude-setup without flags to paste it into the wizard, which hides it.`,
			]);
			return exitCodes.usage;
		}

		const read = await readStdin(io.stdin, stdinTimeoutMs);
		if (read.kind !== 'text') {
			writeLines(io.stderr, [
				read.kind === 'timeout'
					? `--api-key-stdin: no key arrived on stdin within ${stdinTimeoutMs / 1000} s (stdin was left open). Pipe the key in: printf '%s' "$KEY" | npx claude-setup …`
					: '--api-key-stdin: stdin holds far more than one API key. Pipe in only the key.',
			]);
			return exitCodes.usage;
		}

		raw = read.text;
	}

	const key = normalizePastedKey(raw);
	const problem = checkKeyFormat(key);
	if (problem === 'empty') {
		writeLines(io.stderr, [`No API key arrived (${options.apiKeyStdin ? 'stdin was empty' : `${apiKeyVariable} is empty`}). Nothing was written.`]);
		return exitCodes.usage;
	}

	if (problem) {
		writeLines(io.stderr, [copy.consoleKey.problems[problem], 'Nothing was written.']);
		return exitCodes.failed;
	}

	return key;
}

/** Undefined when the setup may go on; otherwise the exit code, after saying why. */
async function checkKey(options: ScriptedOptions, key: string, ports: Ports, io: CommandIo): Promise<number | undefined> {
	if (options.skipKeyCheck) {
		writeLines(io.stdout, [`${copy.keyNotChecked(maskSecret(key))} (--skip-key-check)`]);
		return undefined;
	}

	writeLines(io.stdout, [copy.validating(modelsUrl(ports.env['ANTHROPIC_BASE_URL']))]);
	const result = await once({type: 'check-key', id: 0, key}, ports);
	const outcome = result.type === 'key-checked' ? result.outcome : {kind: 'network-error' as const, message: 'no answer'};
	if (outcome.kind === 'valid') {
		writeLines(io.stdout, [copy.keyAccepted(maskSecret(key))]);
		return undefined;
	}

	if (outcome.kind === 'rejected') {
		writeLines(io.stderr, [copy.consoleKey.problems.rejected, 'Nothing was written.']);
		return exitCodes.failed;
	}

	const hints = outcome.kind === 'network-error' ? copy.keyResult.networkHints : [];
	writeLines(io.stderr, [
		copy.keyResult.title(outcome),
		...hints,
		canKeepKeyAnyway(outcome) ? 'To keep this key without a check (offline, say), add --skip-key-check.' : '',
		'Nothing was written.',
	].filter(Boolean));
	return exitCodes.failed;
}

/** The file fallback only when asked for by name; a keychain that fails is an error that names the flag. */
async function chooseBackend(options: ScriptedOptions, ports: Ports, io: CommandIo, show: (target: string) => string): Promise<SecretBackend | number> {
	if (options.secretStorage === 'file') {
		writeLines(io.stdout, [`The key will be kept in a file only you can read: ${show(ports.secrets.fileLocation())}`, copy.secretStorage.fileWarning]);
		return 'file';
	}

	const probed = await once({type: 'probe-keychain', id: 0}, ports);
	const health = probed.type === 'keychain-probed' ? probed.health : {ok: false as const, reason: 'The keychain did not answer.', fix: ''};
	if (health.ok) {
		writeLines(io.stdout, [copy.keychainStatus(health)]);
		return 'keychain';
	}

	writeLines(io.stderr, [
		`${copy.secretStorage.title} ${health.reason}`,
		copy.secretStorage.fix(health.fix),
		`To keep the key in a file only you can read instead (${show(ports.secrets.fileLocation())}, mode 0600), add --secret-storage file.`,
		'Nothing was written.',
	]);
	return exitCodes.failed;
}

/** The review screen as text: the masked diff, the secret, the helper, the backup, what would still win. */
function renderPlan(plan: ChangePlan, show: (target: string) => string): string[] {
	return [
		copy.review.title,
		...plan.files.flatMap(file => [
			file.reason ? copy.review.otherFile(show(file.path), file.reason) : file.fileExists ? copy.review.fileChanged(show(file.path)) : copy.review.fileNew(show(file.path)),
			...formatDiff(file.diff),
		]),
		...planActions(plan, show),
		...(plan.files.some(file => file.fileExists) ? [copy.review.backup] : []),
		...(plan.scope === 'project' ? [copy.scope.projectWarning] : []),
		...planWarnings(plan, show),
	];
}

function planFailure(result: EffectResult, show: (target: string) => string): string {
	if (result.type !== 'plan-failed') {
		return 'The change could not be prepared.';
	}

	const {problem} = result;
	return problem.kind === 'io'
		? problem.message
		: 'line' in problem.problem
			? copy.review.unparsable(show(problem.path), problem.problem.line, problem.problem.column, problem.problem.message).slice(0, 2).join('\n')
			: problem.problem.message;
}

function reportVerification(verification: Verification, io: CommandIo): number {
	switch (verification.kind) {
		case 'not-installed': {
			writeLines(io.stdout, [copy.done.notInstalled]);
			return exitCodes.ok;
		}

		case 'failed': {
			writeLines(io.stderr, [copy.done.verifyFailed(verification.message)]);
			return exitCodes.failed;
		}

		case 'checked': {
			const helper = verification.helperReturnsKey ? copy.done.helperOk : copy.done.helperFailed(verification.helperError ?? 'no output');
			const claude = verification.usesHelper ? copy.done.usesHelper : copy.done.notUsingHelper(verification.authMethod, verification.apiKeySource);
			const isVerified = verification.helperReturnsKey && verification.usesHelper;
			writeLines(isVerified ? io.stdout : io.stderr, [helper, claude, ...(isVerified ? [copy.done.verified, copy.done.next] : ['The setup was saved, but Claude Code does not use it yet.'])]);
			return isVerified ? exitCodes.ok : exitCodes.failed;
		}
	}
}

/** Runs one of the wizard's effects and returns its final result (the ones used here emit once). */
async function once(effect: Effect, ports: Ports): Promise<EffectResult> {
	let last: EffectResult | undefined;
	await runEffect(effect, ports, result => {
		last = result;
	}, new AbortController().signal);
	if (!last) {
		throw new Error(`The ${effect.type} step reported nothing.`);
	}

	return last;
}
