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
