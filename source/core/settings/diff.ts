import {diffLines} from 'diff';
import {maskSecretsInText} from '../secrets/mask.js';

export type DiffLine = {kind: 'added' | 'removed' | 'context'; text: string};

/**
The review screen's diff: line by line, secrets masked on both sides, unchanged lines folded to the
few around each change so a large settings file stays readable.
*/
export function settingsDiff(before: string, after: string, knownSecrets: readonly string[] = [], contextLines = 2): DiffLine[] {
	const parts = diffLines(maskSecretsInText(before, knownSecrets), maskSecretsInText(after, knownSecrets));
	const lines: DiffLine[] = [];
	for (const part of parts) {
		const kind = part.added ? 'added' : part.removed ? 'removed' : 'context';
		for (const text of part.value.replace(/\r?\n$/, '').split(/\r?\n/)) {
			lines.push({kind, text});
		}
	}

	return foldContext(lines, contextLines);
}

function foldContext(lines: DiffLine[], contextLines: number): DiffLine[] {
	const keep = lines.map(() => false);
	for (const [index, line] of lines.entries()) {
		if (line.kind !== 'context') {
			for (let near = Math.max(0, index - contextLines); near <= Math.min(lines.length - 1, index + contextLines); near++) {
				keep[near] = true;
			}
		}
	}

	const folded: DiffLine[] = [];
	let skipped = 0;
	for (const [index, line] of lines.entries()) {
		if (keep[index]) {
			if (skipped > 0) {
				folded.push({kind: 'context', text: `… ${skipped} unchanged line${skipped === 1 ? '' : 's'}`});
				skipped = 0;
			}

			folded.push(line);
		} else {
			skipped++;
		}
	}

	if (skipped > 0 && folded.length > 0) {
		folded.push({kind: 'context', text: `… ${skipped} unchanged line${skipped === 1 ? '' : 's'}`});
	}

	return folded;
}
