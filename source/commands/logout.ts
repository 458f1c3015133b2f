import {rm, stat} from 'node:fs/promises';
import {keychainName} from '../adapters/keychain.js';
import type {Paths} from '../adapters/paths.js';
import {createRealPorts} from '../adapters/real-ports.js';
import {secretPurposes, secretRef, type SecretPurpose} from '../core/auth/configuration.js';
import {awsProfileName, removeAwsProfileBlock} from '../core/setup/aws-profile-block.js';
import {removeShellBlock} from '../core/setup/shell-block.js';
import type {SettingsPath} from '../core/settings/edit.js';
import {purposeLabel} from '../core/wizard/plan-change.js';
import type {Ports, SecretBackend, SecretRef, SettingsScope, SettingsSnapshot} from '../core/ports.js';
import {maskSecret} from '../core/secrets/mask.js';
import {settingsDiff, type DiffLine} from '../core/settings/diff.js';
import {applySettingsPatch} from '../core/settings/edit.js';
import {effectiveCredential, type Credential} from '../core/setup/credentials.js';
import {scrub} from '../core/wizard/run-effect.js';
import {describeCredential} from '../ui/copy.js';
import {askYesNo, displayFor, exitCodes, formatDiff, writeLines, type CommandIo} from './io.js';

export type LogoutOptions = {scope?: SettingsScope; yes: boolean; dryRun: boolean};

type SettingsEdit = {scope: SettingsScope; path: string; beforeText: string; afterText: string; diff: DiffLine[]; removed: string[]};
/** A start-up file with claude-setup's `claude` function, or the AWS config file with its profile. */
type FileEdit = {kind: 'shell' | 'aws-config'; path: string; beforeText: string; afterText: string; diff: DiffLine[]};
type SecretToRemove = {ref: SecretRef; backend: SecretBackend; label: string; location: string; hint?: string; unreadable?: string};

/** Everything logout would do, worked out before anything is touched, so the review is exact. */
export type LogoutPlan = {
	edits: SettingsEdit[];
	/** The `claude` shell function and the AWS profile claude-setup added, taken out once nothing uses them. */
	files: FileEdit[];
	/** Said, not done: someone else's helper, or a file that cannot be read. */
	notes: string[];
	secrets: SecretToRemove[];
	helperDirectory?: string;
	/** Settings that still use the helper, so the key and helper stay. */
	stillUsedBy: string[];
	after: Credential;
};

const allScopes: readonly SettingsScope[] = ['user', 'project', 'local'];

/**
`claude-setup logout`: removes what claude-setup stored, and nothing else. The review comes first;
then settings (so Claude Code stops asking the helper before the key goes), then the key, then the
helper folder. Backups stay, so `claude-setup undo` can bring the settings back.
*/
export async function runLogout(options: LogoutOptions, io: CommandIo): Promise<number> {
	if (!options.yes && !options.dryRun && !io.isInteractive) {
		writeLines(io.stderr, [
			'claude-setup logout asks before removing anything, and there is no terminal to ask on.',
			'Add --yes to remove without asking, or --dry-run to only see what would be removed.',
		]);
		return exitCodes.usage;
	}

	const {ports, paths} = createRealPorts(io);
	const show = displayFor(paths);
	const planned = await planLogout(ports, paths, options.scope);
	if (!planned.ok) {
		writeLines(io.stderr, [planned.message, 'Nothing was removed.']);
		return exitCodes.failed;
	}

	const {plan} = planned;
	if (plan.edits.length === 0 && plan.files.length === 0 && plan.secrets.length === 0 && !plan.helperDirectory) {
		writeLines(io.stdout, [...plan.notes, `claude-setup has nothing stored for ${show(paths.claudeConfigDir)} to remove.`]);
		return exitCodes.ok;
	}

	writeLines(io.stdout, renderLogoutPlan(plan, show));
	if (options.dryRun) {
		writeLines(io.stdout, ['', 'Dry run: nothing was removed.']);
		return exitCodes.ok;
	}

	if (!options.yes) {
		const answer = await askYesNo(io, 'Remove these?');
		if (answer !== 'yes') {
			writeLines(io.stdout, ['Nothing was removed.']);
			return exitCodes.cancelled;
		}
	}

	return executeLogout(plan, ports, io, show);
}

/**
What in a settings file points at something claude-setup stored: its key helper (apiKeyHelper, or
awsCredentialExport printing a stored secret) and the AWS profile it added (env.AWS_PROFILE). Other
auth settings (the provider switch, region, models) are the user's choice of provider and stay.
*/
function ourSettings(data: Record<string, unknown> | undefined, helperCommand: string): SettingsPath[] {
	const found: SettingsPath[] = [];
	if (data?.['apiKeyHelper'] === helperCommand) {
		found.push(['apiKeyHelper']);
	}

	const exported = data?.['awsCredentialExport'];
	if (typeof exported === 'string' && (exported === helperCommand || exported.startsWith(`${helperCommand} --secret `))) {
		found.push(['awsCredentialExport']);
	}

	const env = data?.['env'];
	if (typeof env === 'object' && env !== null && (env as Record<string, unknown>)['AWS_PROFILE'] === awsProfileName) {
		found.push(['env', 'AWS_PROFILE']);
	}

	return found;
}

/** Works out the plan; fails only when an explicitly chosen settings file cannot be read. */
export async function planLogout(ports: Ports, paths: Paths, scope: SettingsScope | undefined): Promise<{ok: true; plan: LogoutPlan} | {ok: false; message: string}> {
	const show = displayFor(paths);
	const [snapshots, helper] = await Promise.all([Promise.all(allScopes.map(async each => ports.settings.read(each))), ports.helper.inspect()]);
	const edits: SettingsEdit[] = [];
	const notes: string[] = [];
	const stillUsedBy: string[] = [];
	const label = (snapshot: SettingsSnapshot) => `${snapshot.scope} settings (${show(snapshot.path)})`;
	for (const snapshot of snapshots) {
		const isTarget = scope === undefined || snapshot.scope === scope;
		if (snapshot.problem) {
			const reason = 'line' in snapshot.problem ? `not valid JSON, line ${snapshot.problem.line}, column ${snapshot.problem.column}` : snapshot.problem.message;
			if (scope === snapshot.scope) {
				return {ok: false, message: `${label(snapshot)} cannot be changed: ${reason}. Fix the file, then run claude-setup logout again.`};
			}

			// It may name the helper: removing the key could then break it, so the key stays.
			stillUsedBy.push(`${label(snapshot)}, which could not be read (${reason})`);
			continue;
		}

		const ours = ourSettings(snapshot.data, helper.command);
		const command = snapshot.data?.['apiKeyHelper'];
		if (isTarget && scope !== undefined && typeof command === 'string' && command !== helper.command) {
			notes.push(`${label(snapshot)} uses a key helper claude-setup did not install; it is left as it is.`);
		}

		if (ours.length === 0) {
			continue;
		}

		if (!isTarget) {
			stillUsedBy.push(label(snapshot));
			continue;
		}

		const edited = applySettingsPatch(snapshot.text, {set: [], remove: ours});
		if (!edited.ok) {
			return {ok: false, message: `${label(snapshot)} cannot be changed: ${edited.problem.message}.`};
		}

		edits.push({
			scope: snapshot.scope,
			path: snapshot.path,
			beforeText: snapshot.text,
			afterText: edited.text,
			diff: settingsDiff(snapshot.text, edited.text),
			removed: ours.map(each => each.join('.')),
		});
	}

	const after = effectiveCredential(
		snapshots.map(snapshot => {
			const edit = edits.find(each => each.scope === snapshot.scope);
			return edit && snapshot.data ? {...snapshot, data: withoutOurs(snapshot.data, helper.command)} : snapshot;
		}),
		ports.env,
	);
	const plan: LogoutPlan = {edits, files: [], notes, secrets: [], stillUsedBy, after};
	if (stillUsedBy.length === 0) {
		const [secrets, files] = await Promise.all([secretsToRemove(ports, helper.configured, paths), filesToClean(ports)]);
		plan.secrets = secrets;
		plan.files = files;
		if (await exists(helper.directory)) {
			plan.helperDirectory = helper.directory;
		}
	}

	return {ok: true, plan};
}

function withoutOurs(data: Record<string, unknown>, helperCommand: string): Record<string, unknown> {
	const applied = applySettingsPatch(JSON.stringify(data), {set: [], remove: ourSettings(data, helperCommand)});
	return applied.ok ? (JSON.parse(applied.text) as Record<string, unknown>) : data;
}

/** claude-setup's `claude` function in the shell start-up files, and its profile in the AWS config file. */
async function filesToClean(ports: Ports): Promise<FileEdit[]> {
	const [shellFiles, awsConfig] = await Promise.all([ports.shell.read().catch(() => []), ports.awsConfig.read().catch(() => undefined)]);
	const files: FileEdit[] = [];
	for (const file of shellFiles) {
		const next = removeShellBlock(file.text);
		if (next !== file.text) {
			files.push({kind: 'shell', path: file.path, beforeText: file.text, afterText: next, diff: settingsDiff(file.text, next)});
		}
	}

	if (awsConfig) {
		const next = removeAwsProfileBlock(awsConfig.text);
		if (next !== awsConfig.text) {
			files.push({kind: 'aws-config', path: awsConfig.path, beforeText: awsConfig.text, afterText: next, diff: settingsDiff(awsConfig.text, next)});
		}
	}

	return files;
}

/**
Every secret claude-setup keeps for this config folder (the API key or gateway token, AWS keys, a
Bedrock or Foundry API key), where the helper reads it or wherever claude-setup would have put it.
*/
async function secretsToRemove(ports: Ports, configured: {ref: SecretRef; backend: SecretBackend} | undefined, paths: Paths): Promise<SecretToRemove[]> {
	const show = displayFor(paths);
	const candidates: Array<{ref: SecretRef; backend: SecretBackend; purpose: SecretPurpose; isConfigured: boolean}> = secretPurposes.flatMap(purpose =>
		(['keychain', 'file'] as const).map(backend => {
			const ref = secretRef(purpose, ports.configDirHash);
			const isConfigured = configured !== undefined && configured.backend === backend && configured.ref.account === ref.account && configured.ref.service === ref.service;
			return {ref, backend, purpose, isConfigured};
		}),
	);
	if (configured && !candidates.some(candidate => candidate.isConfigured)) {
		candidates.unshift({ref: configured.ref, backend: configured.backend, purpose: 'api-key', isConfigured: true});
	}

	const found: SecretToRemove[] = [];
	// A keychain that fails or hangs once is not asked again for entries nothing points at (each try is bounded, but they add up).
	let isKeychainFailing = false;
	for (const {ref, backend, purpose, isConfigured} of candidates) {
		if (backend === 'keychain' && isKeychainFailing && !isConfigured) {
			continue;
		}

		const location = backend === 'file' ? show(ports.secrets.fileLocation()) : keychainName(process.platform);
		// eslint-disable-next-line no-await-in-loop -- a few reads, and the keychain prefers one at a time
		const read = await ports.secrets.get(ref, backend).then(
			value => ({value, error: undefined}),
			(error: unknown) => ({value: undefined, error: scrub(error, [])}),
		);
		const label = `the ${purposeLabel(purpose)}`;
		isKeychainFailing ||= backend === 'keychain' && read.error !== undefined;
		if (read.value) {
			found.push({ref, backend, label, location, hint: maskSecret(read.value)});
		} else if (read.error && isConfigured) {
			// The helper reads this entry: try to remove it even though it could not be looked at.
			found.push({ref, backend, label, location, unreadable: read.error});
		}
	}

	return found;
}

/** The review: what changes, in the order it happens, with secrets masked. */
export function renderLogoutPlan(plan: LogoutPlan, show: (target: string) => string): string[] {
	const lines = ['Nothing has been removed yet. claude-setup logout will:', ''];
	for (const edit of plan.edits) {
		lines.push(`Remove ${edit.removed.join(', ')} from ${edit.scope} settings (${show(edit.path)}):`, ...formatDiff(edit.diff));
	}

	for (const file of plan.files) {
		const what = file.kind === 'shell' ? 'the `claude` function claude-setup added to' : `the [profile ${awsProfileName}] block claude-setup added to`;
		lines.push(`Remove ${what} ${show(file.path)}:`, ...formatDiff(file.diff));
	}

	for (const secret of plan.secrets) {
		const what = secret.hint ? `${secret.label} ${secret.hint}` : secret.label;
		const unreadable = secret.unreadable ? ` (it could not be read: ${secret.unreadable})` : '';
		lines.push(`Delete ${what} from ${secret.location} (service ${secret.ref.service}, account ${secret.ref.account})${unreadable}`);
	}

	if (plan.helperDirectory) {
		lines.push(`Remove the key helper folder ${show(plan.helperDirectory)}`);
	}

	for (const user of plan.stillUsedBy) {
		lines.push(`Keep the API key and the key helper: ${user} still uses them.`);
	}

	lines.push(...plan.notes);
	if (plan.edits.length > 0 || plan.files.length > 0) {
		lines.push('', 'Each file is backed up first (claude-setup undo restores the last settings file).');
	}

	lines.push(`Afterwards Claude Code will use ${describeCredential(plan.after)}.`);
	return lines;
}

/** Settings, then the key, then the helper; stops at the first failure and says what is done and what is not. */
async function executeLogout(plan: LogoutPlan, ports: Ports, io: CommandIo, show: (target: string) => string): Promise<number> {
	const done: string[] = [];
	const fail = (what: string, error: unknown) => {
		writeLines(io.stdout, done);
		writeLines(io.stderr, [`Could not ${what}: ${scrub(error, [])}`, done.length > 0 ? 'The steps above were done; run claude-setup logout again to finish.' : 'Nothing was removed.']);
		return exitCodes.failed;
	};

	for (const edit of plan.edits) {
		try {
			// eslint-disable-next-line no-await-in-loop -- one file at a time, in order, stopping at the first failure
			const written = await ports.settings.write(edit.scope, edit.beforeText, edit.afterText);
			done.push(`Removed ${edit.removed.join(', ')} from ${show(edit.path)}${written.backupPath ? ` (backup: ${show(written.backupPath)})` : ''}`);
		} catch (error) {
			return fail(`change ${show(edit.path)}`, error);
		}
	}

	// After the settings stopped pointing at them, before the secrets they hand over go.
	for (const file of plan.files) {
		try {
			// eslint-disable-next-line no-await-in-loop -- see above
			const written = file.kind === 'shell' ? await ports.shell.write(file.path, file.beforeText, file.afterText) : await ports.awsConfig.write(file.path, file.beforeText, file.afterText);
			done.push(`Removed ${file.kind === 'shell' ? 'the `claude` function' : `the AWS profile ${awsProfileName}`} from ${show(file.path)}${written.backupPath ? ` (backup: ${show(written.backupPath)})` : ''}`);
		} catch (error) {
			return fail(`change ${show(file.path)}`, error);
		}
	}

	for (const secret of plan.secrets) {
		try {
			// eslint-disable-next-line no-await-in-loop -- see above
			await ports.secrets.remove(secret.ref, secret.backend);
			done.push(`Deleted ${secret.label} from ${secret.location}`);
		} catch (error) {
			return fail(`delete ${secret.label} from ${secret.location}`, error);
		}
	}

	if (plan.helperDirectory) {
		try {
			await rm(plan.helperDirectory, {recursive: true, force: true});
			done.push(`Removed ${show(plan.helperDirectory)}`);
		} catch (error) {
			return fail(`remove ${show(plan.helperDirectory)}`, error);
		}
	}

	writeLines(io.stdout, ['', ...done, `Logged out. Claude Code will now use ${describeCredential(plan.after)}.`]);
	return exitCodes.ok;
}

async function exists(target: string): Promise<boolean> {
	return stat(target).then(
		() => true,
		() => false,
	);
}
