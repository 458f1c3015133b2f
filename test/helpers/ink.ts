import {expect, vi} from 'vitest';

export const keys = {
	enter: '\r',
	escape: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	ctrlC: '\u0003',
} as const;

/** Waits until the rendered frame contains the text; fails with the frame it last saw. */
export async function waitForFrame(lastFrame: () => string | undefined, expected: string | RegExp, timeout = 3000): Promise<string> {
	await vi.waitFor(
		() => {
			const frame = flatten(lastFrame() ?? '');
			if (typeof expected === 'string') {
				expect(frame).toContain(flatten(expected));
			} else {
				expect(frame).toMatch(expected);
			}
		},
		{timeout, interval: 5},
	);
	// Ink subscribes to input in an effect that runs just after the frame is drawn; let it run so
	// the next key is not lost. This yields to the event loop; it does not wait for a fixed time.
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	return flatten(lastFrame() ?? '');
}

/** The frame as one line: Ink wraps long sentences at the terminal width, which tests should not care about. */
export function flatten(text: string): string {
	return text.replaceAll(/\s+/g, ' ');
}

/** Presses Down until the focused item (❯) starts with `label`; each press waits for the frame to move. */
export async function focusItem(
	view: {lastFrame: () => string | undefined; stdin: {write: (data: string) => void}},
	label: string,
	maxPresses = 12,
): Promise<void> {
	const focused = () => /❯ ([^\n]*)/.exec(view.lastFrame() ?? '')?.[1] ?? '';
	for (let press = 0; press <= maxPresses; press++) {
		const current = focused();
		if (current.startsWith(label)) {
			return;
		}

		view.stdin.write(keys.down);
		// eslint-disable-next-line no-await-in-loop -- one key at a time, each after the last one landed
		await vi.waitFor(
			() => {
				expect(focused()).not.toBe(current);
			},
			{timeout: 2000, interval: 5},
		);
	}

	throw new Error(`"${label}" is not in the list:\n${view.lastFrame() ?? ''}`);
}
