import {maskSecret} from '../secrets/mask.js';
import {summarize, type DoctorSummary} from './run.js';
import type {CheckReport, FindingStatus} from './types.js';

/**
The doctor's two outputs: a checklist for people (flutter-doctor style) and a JSON document for
scripts, whose shape is documented in docs/doctor-json.md and versioned by `schemaVersion`.
*/

export type TextOptions = {verbose: boolean; color: boolean};

const marks: Record<FindingStatus, {text: string; color: string}> = {
	pass: {text: '[✓]', color: '32'},
	warn: {text: '[!]', color: '33'},
	fail: {text: '[✗]', color: '31'},
	skip: {text: '[-]', color: '90'},
};

export function renderText(reports: readonly CheckReport[], options: TextOptions): string {
	const paint = (code: string, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[0m` : text);
	const lines: string[] = [];
	for (const report of reports) {
		const mark = marks[report.status];
		const took = options.verbose ? paint('90', ` (${(report.elapsedMs / 1000).toFixed(1)} s)`) : '';
		lines.push(`${paint(mark.color, mark.text)} ${paint('1', report.title)}: ${report.summary}${took}`);
		if (options.verbose) {
			for (const line of report.detail ?? []) {
				lines.push(`    • ${line}`);
			}
		}

		if (report.fix && report.status !== 'pass') {
			const [first = '', ...rest] = report.fix.description.split('\n').map(line => line.trim());
			const described = [`    → ${first}`, ...rest.map(line => `      ${line}`)];
			// The command follows on its own line, announced by a colon unless the sentence already ends.
			if (report.fix.command && !/[.:]$/.test(described.at(-1) ?? '')) {
				described.push(`${described.pop() ?? ''}:`);
			}

			lines.push(...described);
			if (report.fix.command) {
				lines.push(...report.fix.command.split('\n').map(line => `      ${paint('36', line)}`));
			}
		}
	}

	lines.push('', closingLine(summarize(reports)));
	return `${lines.join('\n')}\n`;
}

/** "Doctor found no problems." or "3 passed, 1 warning, 2 failed, 1 skipped". */
export function closingLine(summary: DoctorSummary): string {
	if (summary.failed === 0 && summary.warnings === 0) {
		const skipped = summary.skipped > 0 ? ` (${summary.skipped} check${summary.skipped === 1 ? '' : 's'} skipped)` : '';
		return `Doctor found no problems.${skipped}`;
	}

	const parts = [`${summary.passed} passed`, `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`, `${summary.failed} failed`];
	if (summary.skipped > 0) {
		parts.push(`${summary.skipped} skipped`);
	}

	return parts.join(', ');
}

/** `--json`, schema version 1 (docs/doctor-json.md). Keys are only ever added within a version. */
export type DoctorJson = {
	schemaVersion: 1;
	tool: 'claude-setup';
	version: string;
	checks: Array<{
		id: string;
		title: string;
		status: FindingStatus;
		summary: string;
		detail: string[];
		fix: {description: string; command: string | null} | null;
	}>;
	summary: DoctorSummary;
};

export function toJsonDocument(reports: readonly CheckReport[], version: string): DoctorJson {
	return {
		schemaVersion: 1,
		tool: 'claude-setup',
		version,
		checks: reports.map(report => ({
			id: report.id,
			title: report.title,
			status: report.status,
			summary: report.summary,
			detail: [...(report.detail ?? [])],
			fix: report.fix && report.status !== 'pass' ? {description: report.fix.description, command: report.fix.command ?? null} : null,
		})),
		summary: summarize(reports),
	};
}

/**
The last line of defence: every secret the checks noted, and anything shaped like an Anthropic key,
is masked in the finished output, whatever a check or a helper's error message put there.
*/
export function scrubSecrets(text: string, secrets: readonly string[]): string {
	let scrubbed = text;
	// Longest first, so a key is not half-masked by a shorter secret inside it.
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		scrubbed = scrubbed.split(secret).join(maskSecret(secret));
	}

	return scrubbed.replaceAll(/sk-ant-[\w-]{8,}/g, match => maskSecret(match));
}
