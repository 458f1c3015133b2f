import {findStoredKey} from '../core/doctor/stored-key.js';
import type {CheckReport, DoctorFacts, SafeFixId} from '../core/doctor/types.js';
import type {Ports} from '../core/ports.js';
import {settingsDiff} from '../core/settings/diff.js';
import {applySettingsPatch} from '../core/settings/edit.js';
import {askYesNo, formatDiff, type CommandIo} from './io.js';

/**
The fixes `doctor --fix` may apply itself. Each is shown in full and asked about (y/N) before it
is applied; settings go through the same SettingsStore write as the wizard (backup, atomic, refused
if the file changed). Nothing here changes which account or method is used.
*/

export type FixPlan = {
	id: SafeFixId;
	/** What will change, then the exact change (a masked diff, or the files). */
	preview: string[];
	/** Applies it; resolves with one sentence saying what was done. */
	apply(): Promise<string>;
};

export type FixContext = {ports: Ports; facts: DoctorFacts; show: (target: string) => string};

/** The safe fixes the findings ask for, each once, in checklist order. */
export function safeFixIds(reports: readonly CheckReport[]): SafeFixId[] {
	const ids = reports.filter(report => report.status !== 'pass').flatMap(report => (report.fix?.safe ? [report.fix.safe] : []));
	return [...new Set(ids)];
}

/** Works out the exact change now, from the files as they are; a reason instead when it cannot be made. */
export async function planFix(id: SafeFixId, context: FixContext): Promise<FixPlan | {id: SafeFixId; unavailable: string}> {
	switch (id) {
		case 'blank-shell-api-key': {
			return planBlankApiKey(context);
		}

		case 'reinstall-helper': {
			return planReinstallHelper(context);
		}
	}
}

async function planBlankApiKey({ports, show}: FixContext): Promise<FixPlan | {id: SafeFixId; unavailable: string}> {
	const id = 'blank-shell-api-key';
	const user = await ports.settings.read('user');
	const shown = show(user.path);
	if (user.problem) {
		return {id, unavailable: `${shown} cannot be changed until it is fixed (${user.problem.message})`};
	}

	const edited = applySettingsPatch(user.text, {set: [{path: ['env', 'ANTHROPIC_API_KEY'], value: ''}], remove: []});
	if (!edited.ok) {
		return {id, unavailable: `${shown} cannot be changed (${edited.problem.message})`};
	}

	return {
		id,
		preview: [
			`Set env.ANTHROPIC_API_KEY to "" in ${shown}. Claude Code then ignores the exported key and uses claude-setup's key helper:`,
			...formatDiff(settingsDiff(user.text, edited.text)),
		],
		async apply() {
			const {backupPath} = await ports.settings.write('user', user.text, edited.text);
			const saved = backupPath ? ` (the previous version is in ${show(backupPath)})` : '';
			return `Updated ${shown}${saved}. The export itself is still in your shell; remove it when you can.`;
		},
	};
}

async function planReinstallHelper({ports, facts, show}: FixContext): Promise<FixPlan | {id: SafeFixId; unavailable: string}> {
	const id = 'reinstall-helper';
	const stored = await findStoredKey(ports, facts);
	if (!stored) {
		return {id, unavailable: 'no stored key was found, so the helper would have nothing to read; run claude-setup again instead'};
	}

	const store = stored.backend === 'file' ? show(ports.secrets.fileLocation()) : 'the keychain';
	const directory = show(facts.helper.directory);
	return {
		id,
		preview: [
			`Install claude-setup's key helper again in ${directory}. It reads the key already in ${store} (${stored.ref.service}/${stored.ref.account}).`,
			'No settings file changes.',
		],
		async apply() {
			const installed = await ports.helper.install(stored.ref, stored.backend);
			return installed.installed ? `Reinstalled the key helper in ${directory}.` : `The key helper in ${directory} is still incomplete after reinstalling.`;
		},
	};
}

/** Without a terminal: what `--fix` would do, so a script's log shows it. */
export async function describeFixes(reports: readonly CheckReport[], context: FixContext): Promise<string[]> {
	const lines: string[] = [];
	for (const id of safeFixIds(reports)) {
		// eslint-disable-next-line no-await-in-loop -- few fixes, printed in order
		const plan = await planFix(id, context);
		lines.push(...('unavailable' in plan ? [`Cannot fix automatically: ${plan.unavailable}`] : plan.preview), '');
	}

	return lines.length > 0 ? ['With a terminal, --fix would:', '', ...lines] : ['None of these findings has a fix claude-setup can apply by itself.'];
}

export type FixOutcome = {applied: number; cancelled: boolean};

/** In a terminal: each fix shown, then asked about; only a "y" applies it. */
export async function offerFixes(
	reports: readonly CheckReport[],
	context: FixContext,
	io: CommandIo,
	write: (lines: string[]) => void,
): Promise<FixOutcome> {
	const ids = safeFixIds(reports);
	if (ids.length === 0) {
		write(['', 'None of these findings has a fix claude-setup can apply by itself.']);
		return {applied: 0, cancelled: false};
	}

	let applied = 0;
	for (const id of ids) {
		// eslint-disable-next-line no-await-in-loop -- one question at a time
		const plan = await planFix(id, context);
		if ('unavailable' in plan) {
			write(['', `Cannot fix automatically: ${plan.unavailable}`]);
			continue;
		}

		write(['', ...plan.preview]);
		// eslint-disable-next-line no-await-in-loop -- as above
		const answer = await askYesNo(io, 'Apply this fix?');
		if (answer === 'cancelled') {
			return {applied, cancelled: true};
		}

		if (answer === 'no') {
			write(['Not changed.']);
			continue;
		}

		try {
			// eslint-disable-next-line no-await-in-loop -- as above
			write([await plan.apply()]);
			applied++;
		} catch (error) {
			write([`The fix failed: ${error instanceof Error ? error.message : String(error)}`]);
		}
	}

	return {applied, cancelled: false};
}
