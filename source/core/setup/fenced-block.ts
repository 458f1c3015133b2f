/**
A block claude-setup owns inside a file someone else also edits (a shell start-up file, the AWS
config), fenced by two marker comments so a later run replaces or removes exactly it and nothing
around it.
*/
export type Fence = {start: string; end: string};

/** The text with the block between the markers replaced, or appended after a blank line. */
export function upsertFencedBlock(text: string, fence: Fence, block: string): string {
	const range = findFencedBlock(text, fence);
	if (range) {
		return text.slice(0, range.start) + block + text.slice(range.end);
	}

	const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
	return `${text}${separator}${block}\n`;
}

/** The text without the block (and the blank line put before it), unchanged when there is none. */
export function removeFencedBlock(text: string, fence: Fence): string {
	const range = findFencedBlock(text, fence);
	if (!range) {
		return text;
	}

	let start = range.start;
	let end = range.end;
	if (text[end] === '\n') {
		end += 1;
	}

	if (text.slice(0, start).endsWith('\n\n')) {
		start -= 1;
	}

	return text.slice(0, start) + text.slice(end);
}

/** Where the block is, from its start marker to the end of its end marker. */
export function findFencedBlock(text: string, fence: Fence): {start: number; end: number} | undefined {
	const start = text.indexOf(fence.start);
	if (start === -1) {
		return undefined;
	}

	const endMarker = text.indexOf(fence.end, start);
	return endMarker === -1 ? undefined : {start, end: endMarker + fence.end.length};
}
