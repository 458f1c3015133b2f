import type {PtyTerminal} from './pty-terminal.js';

/** The focused line of the wizard's list on a screen (the one marked ❯), if a list is showing. */
export function focusedLine(screen: string): string | undefined {
	return screen.split('\n').find(line => line.trimStart().startsWith('❯ '));
}

/**
Moves the focus (down, wrapping) to the item whose line contains `label`, waiting for each move to
be drawn, then presses Enter. Call it once the list's screen is showing.
*/
export async function choose(terminal: PtyTerminal, label: string): Promise<void> {
	await terminal.waitForScreen(screen => focusedLine(screen) !== undefined, 'a list with a focused item');
	for (let moves = 0; moves < 16; moves++) {
		const focused = focusedLine(terminal.screen());
		if (focused?.includes(label)) {
			terminal.press('enter');
			return;
		}

		terminal.press('down');
		// eslint-disable-next-line no-await-in-loop -- each move must be drawn before the next key
		await terminal.waitForScreen(screen => focusedLine(screen) !== focused, `the focus to move on from ${JSON.stringify(focused)} toward ${JSON.stringify(label)}`);
	}

	throw new Error(`No item ${JSON.stringify(label)} in the list. Screen:\n${terminal.screen()}`);
}
