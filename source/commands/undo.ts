import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Paths} from '../adapters/paths.js';
import {createRealPorts} from '../adapters/real-ports.js';
import {createSettingsStore, manifestName, type BackupRecord} from '../adapters/settings-file.js';
import type {Ports, SettingsScope} from '../core/ports.js';
import {settingsDiff} from '../core/settings/diff.js';
import {scrub} from '../core/wizard/run-effect.js';
import {askYesNo, displayFor, exitCodes, formatDiff, writeLines, type CommandIo} from './io.js';

export type UndoOptions = {yes: boolean; dryRun: boolean};

const scopes: readonly SettingsScope[] = ['user', 'project', 'local'];

/**
`claude-setup undo`: puts back the settings file named by the LAST record in the backup manifest
(the most recent change claude-setup made), or deletes it when claude-setup had created it. The
restore is itself a recorded change with a backup, so running undo again undoes the undo. A run that
changed several files left one record each; undo restores only the last.
*/
export async function runUndo(options: UndoOptions, io: CommandIo): Promise<number> {
	if (!options.yes && !options.dryRun && !io.isInteractive) {
		writeLines(io.stderr, [
			'claude-setup undo asks before changing anything, and there is no terminal to ask on.',
			'Add --yes to restore without asking, or --dry-run to only see what would be restored.',
		]);
		return exitCodes.usage;
	}

	const {ports, paths} = createRealPorts(io);
	const show = displayFor(paths);
	const records = await readManifest(paths.backupsDir);
	const record = records.at(-1);
	if (!record) {
		writeLines(io.stdout, [`Nothing to undo: claude-setup has recorded no change to a settings file (${show(path.join(paths.backupsDir, manifestName))}).`]);
		return exitCodes.ok;
	}

	// The record names the file itself, which for project and local scopes depends on the folder
	// claude-setup ran in, not on this one: the store is pointed at exactly that file.
	const store = createSettingsStore({...paths, userSettings: record.original, projectSettings: record.original, localSettings: record.original});
	const current = await store.read(record.scope);
	const shown = `${record.scope} settings (${show(record.original)})`;
	let target: string | undefined;
	if (record.backup !== null) {
		try {
			target = decodeUtf8(await readFile(record.backup));
		} catch (error) {
			writeLines(io.stderr, [`The backup ${show(record.backup)} cannot be read (${scrub(error, [])}), so ${shown} cannot be restored. Nothing was changed.`]);
			return exitCodes.failed;
		}
	}

	if (target === undefined ? !current.exists : current.exists && current.text === target) {
		writeLines(io.stdout, [`Nothing to undo: ${shown} already is as it was before the change of ${record.time}.`]);
		return exitCodes.ok;
	}

	const diff = settingsDiff(current.text, target ?? '');
	writeLines(io.stdout, [
		'Nothing has been changed yet. claude-setup undo will:',
		'',
		target === undefined
			? `Delete ${shown}: claude-setup created it (${record.time}).`
			: `Restore ${shown} as it was before claude-setup changed it (${record.time}):`,
		...formatDiff(diff),
		'',
		'The current file is backed up first, so running claude-setup undo again brings it back.',
	]);
	if (options.dryRun) {
		writeLines(io.stdout, ['', 'Dry run: nothing was changed.']);
		return exitCodes.ok;
	}

	if (!options.yes) {
		const answer = await askYesNo(io, target === undefined ? 'Delete it?' : 'Restore it?');
		if (answer !== 'yes') {
			writeLines(io.stdout, ['Nothing was changed.']);
			return exitCodes.cancelled;
		}
	}

	try {
		const result = target === undefined ? await store.remove(record.scope, current.text) : await store.write(record.scope, current.text, target);
		const backup = result.backupPath ? ` (the version it replaced is in ${show(result.backupPath)})` : '';
		writeLines(io.stdout, ['', `${target === undefined ? 'Deleted' : 'Restored'} ${shown}${backup}.`]);
	} catch (error) {
		writeLines(io.stderr, [`Could not undo: ${scrub(error, [])}`]);
		return exitCodes.failed;
	}

	writeLines(io.stdout, await helperWarnings(ports, paths));
	return exitCodes.ok;
}

/** Every well-formed record, oldest first; a damaged line (a crash mid-append) is skipped, not fatal. */
export async function readManifest(backupsDir: string): Promise<BackupRecord[]> {
	let text: string;
	try {
		text = await readFile(path.join(backupsDir, manifestName), 'utf8');
	} catch {
		return [];
	}

	const records: BackupRecord[] = [];
	for (const line of text.split('\n')) {
		try {
			const data = JSON.parse(line) as Partial<BackupRecord>;
			if (
				typeof data.time === 'string' &&
				typeof data.original === 'string' &&
				scopes.includes(data.scope as SettingsScope) &&
				(typeof data.backup === 'string' || data.backup === null)
			) {
				records.push(data as BackupRecord);
			}
		} catch {}
	}

	return records;
}

/**
Undoing a logout brings back settings that name the key helper, but not the key or the helper
(a secret is never kept in a backup): say so, rather than let Claude Code fail later.
*/
async function helperWarnings(ports: Ports, paths: Paths): Promise<string[]> {
	const [snapshots, helper] = await Promise.all([Promise.all(scopes.map(async scope => ports.settings.read(scope))), ports.helper.inspect()]);
	const isNamed = snapshots.some(snapshot => snapshot.data?.['apiKeyHelper'] === helper.command);
	if (!isNamed) {
		return [];
	}

	const again = 'Run claude-setup to store the key again.';
	if (!helper.installed || !helper.configured) {
		return [`Settings name claude-setup's key helper, but it is not installed in ${displayFor(paths)(helper.directory)} any more. ${again}`];
	}

	const secret = await ports.secrets.get(helper.configured.ref, helper.configured.backend).catch(() => undefined);
	return secret ? [] : [`Settings name claude-setup's key helper, but the API key it reads is gone. ${again}`];
}

function decodeUtf8(bytes: Buffer): string {
	// `ignoreBOM` keeps a byte order mark, so the restored file is byte for byte the backup.
	return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
}
