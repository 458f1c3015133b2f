import {effectiveCredential, resolveVariable, type Credential, type Source} from '../setup/credentials.js';
import {allSnapshots, configuredHelper, describeCredential, describeSource, isManaged, terminalEnvironment, type ConfiguredHelper} from './facts.js';
import {scanShellExports, watchedVariables} from './shell-exports.js';
import type {DoctorCheck, DoctorContext, DoctorFacts, Finding, FindingFix} from './types.js';

/**
Which credential Claude Code will really use when started from a new terminal, by its precedence,
and everything that outranks the one that was set up, with where it comes from.
*/
export const credentialCheck: DoctorCheck = {
	id: 'credential',
	title: 'Credential in use',
	timeoutMs: 2000,
	async run(context) {
		const {facts} = context;
		const snapshots = allSnapshots(facts);
		const {env} = terminalEnvironment(facts);
		const credential = effectiveCredential(snapshots, env);
		const helper = configuredHelper(facts);
		const where = (source: Source, variable?: string) => whereSet(source, variable, context);
		const detail = inventory(context, env);

		if (helper && outranksHelper(credential)) {
			return overriddenHelper(credential, helper, context, detail);
		}

		if (credential.kind === 'api-key-helper') {
			return helperInUse(credential, context, detail);
		}

		if (credential.kind === 'login-or-none') {
			return loginFinding(facts, context, detail);
		}

		const used = `${describeCredential(credential)} from ${where(credential.source, 'variable' in credential ? credential.variable : undefined)}`;
		const bothTokens = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'].every(name => (resolveVariable(name, snapshots, env)?.value ?? '') !== '');
		if (bothTokens) {
			return {
				status: 'warn',
				summary: `${used}; ANTHROPIC_API_KEY is also set and is not used`,
				detail,
				fix: {description: 'Keep one of ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY: Claude Code warns "auth may not work as expected" when both are set'},
			};
		}

		return {status: 'pass', summary: used, detail};
	},
};

function outranksHelper(credential: Credential): boolean {
	return credential.kind === 'cloud-provider' || credential.kind === 'auth-token' || credential.kind === 'api-key';
}

/** "line 3 of ~/.bashrc", "the environment of this shell", "user settings (…)". */
function whereSet(source: Source, variable: string | undefined, {facts, show}: DoctorContext): string {
	const fromFile = variable && source.kind === 'environment' ? lastExport(facts, variable) : undefined;
	return describeSource(source, facts, show, fromFile);
}

function lastExport(facts: DoctorFacts, variable: string) {
	return scanShellExports(facts.shellFiles, [variable]).at(-1);
}

function overriddenHelper(credential: Credential, helper: ConfiguredHelper, context: DoctorContext, detail: string[]): Finding {
	const {facts, show} = context;
	const variable = 'variable' in credential ? credential.variable : '';
	const source = 'source' in credential ? credential.source : ({kind: 'environment'} as const);
	const where = whereSet(source, variable, context);
	const helperWhere = describeSource(helper.source, facts, show);
	return {
		status: 'fail',
		summary: `${variable} from ${where} outranks the apiKeyHelper in ${helperWhere}, so the helper is not used`,
		detail,
		fix: overrideFix(variable, source, helper, context),
	};
}

function overrideFix(variable: string, source: Source, helper: ConfiguredHelper, context: DoctorContext): FindingFix {
	const {facts, show} = context;
	if (source.kind === 'settings') {
		return isManaged(source, facts)
			? {description: `Managed settings set env.${variable}; ask your administrator, since it outranks everything you can set`}
			: {description: `Remove "${variable}" from the "env" block of ${show(source.path)}`};
	}

	const fromFile = lastExport(facts, variable);
	const remove = fromFile
		? `Delete line ${fromFile.line} of ${show(fromFile.file)} (it exports ${variable}), then open a new terminal`
		: `Run \`unset ${variable}\` and remove it from wherever it is set (a .env file, direnv, your terminal's profile)`;
	const user = facts.snapshots.find(snapshot => snapshot.scope === 'user');
	const canBlank = variable === 'ANTHROPIC_API_KEY' && helper.isOurs && user !== undefined && !user.problem;
	if (canBlank) {
		return {
			description: `${remove}; or let claude-setup cancel it for Claude Code by setting env.ANTHROPIC_API_KEY to "" in ${show(user.path)}`,
			command: 'claude-setup doctor --fix',
			safe: 'blank-shell-api-key',
		};
	}

	return fromFile ? {description: remove} : {description: remove, command: `unset ${variable}`};
}

function helperInUse(credential: Extract<Credential, {kind: 'api-key-helper'}>, context: DoctorContext, detail: string[]): Finding {
	const {facts, show} = context;
	const helper = configuredHelper(facts);
	const whose = helper?.isOurs ? "claude-setup's key helper" : `the apiKeyHelper \`${credential.command}\``;
	const summary = `${whose} from ${describeSource(credential.source, facts, show)}`;
	// claude-setup's helper set in a lower scope, but another scope's helper wins.
	const ours = facts.snapshots.find(snapshot => snapshot.data?.['apiKeyHelper'] === facts.helper.command);
	if (ours && helper && !helper.isOurs) {
		return {
			status: 'warn',
			summary: `${summary} outranks claude-setup's helper in ${describeSource({kind: 'settings', scope: ours.scope, path: ours.path}, facts, show)}`,
			detail,
			fix: {description: `Remove "apiKeyHelper" from ${describeSource(credential.source, facts, show)} if claude-setup's helper should be used`},
		};
	}

	return {status: 'pass', summary, detail};
}

function loginFinding(facts: DoctorFacts, {show}: DoctorContext, detail: string[]): Finding {
	if (facts.hasLoginCredentialsFile === false) {
		return {
			status: 'warn',
			summary: 'No key, token or helper is set, and Claude Code has not been signed in',
			detail,
			fix: {description: 'Set up a credential with claude-setup, or start `claude` and sign in with /login', command: 'npx claude-setup'},
		};
	}

	const where = facts.hasLoginCredentialsFile ? ` (${show(`${facts.claudeConfigDir}/.credentials.json`)})` : ' (kept in the macOS Keychain; not checked here)';
	return {status: 'pass', summary: `No key, token or helper is set: Claude Code uses its /login sign-in${where}`, detail};
}

/** Every place a credential is set, in precedence order, for `-v` and `--json`. Values are never shown. */
function inventory(context: DoctorContext, env: Record<string, string | undefined>): string[] {
	const {facts, show} = context;
	const snapshots = allSnapshots(facts);
	const lines: string[] = [];
	for (const variable of [...watchedVariables, 'CLAUDE_CODE_OAUTH_TOKEN']) {
		const resolved = resolveVariable(variable, snapshots, env);
		if (resolved) {
			const state = resolved.value === '' ? 'set to "" (cancels any shell export)' : 'set';
			lines.push(`${variable}: ${state} in ${whereSet(resolved.source, variable, context)}`);
		}
	}

	for (const found of scanShellExports(facts.shellFiles)) {
		const resolved = resolveVariable(found.variable, snapshots, {});
		if (resolved) {
			lines.push(`line ${found.line} of ${show(found.file)} exports ${found.variable}; ${describeSource(resolved.source, facts, show)} overrides it for Claude Code`);
		}
	}

	const helper = configuredHelper(facts);
	if (helper) {
		lines.push(`apiKeyHelper: ${helper.isOurs ? "claude-setup's helper" : `\`${helper.command}\``} in ${describeSource(helper.source, facts, show)}`);
	}

	return lines;
}
