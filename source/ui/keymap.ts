import type {Key} from 'ink';

/**
The only place that knows which key does what. Screens react to intents, never to raw keys, so a
shortcut changes here once (vim keys and arrows both move; Esc goes back; Ctrl-C cancels).
*/
export type KeyIntent = 'up' | 'down' | 'select' | 'back' | 'cancel';

export function intentOf(input: string, key: Key): KeyIntent | undefined {
	// A Ctrl-C read together with other keys arrives as one chunk that Ink does not call Ctrl-C.
	if ((key.ctrl && input === 'c') || input.includes('\u0003')) {
		return 'cancel';
	}

	if (key.escape) {
		return 'back';
	}

	if (key.upArrow || input === 'k') {
		return 'up';
	}

	if (key.downArrow || input === 'j') {
		return 'down';
	}

	if (key.return) {
		return 'select';
	}

	return undefined;
}

/** In a text field letters are text, so only the keys that cannot be typed keep their meaning. */
export function textFieldIntentOf(input: string, key: Key): Extract<KeyIntent, 'select' | 'back' | 'cancel'> | undefined {
	// A Ctrl-C read together with other keys arrives as one chunk that Ink does not call Ctrl-C.
	if ((key.ctrl && input === 'c') || input.includes('\u0003')) {
		return 'cancel';
	}

	if (key.escape) {
		return 'back';
	}

	return key.return ? 'select' : undefined;
}

export const keyHints = {
	select: '↑↓ move · Enter choose · Esc back · Ctrl-C quit',
	text: 'Enter confirm · Esc back · Ctrl-C quit',
	wait: 'Esc back · Ctrl-C quit',
	commit: 'Writing… this takes a moment and cannot be interrupted half-way',
	install: 'Esc stop the install · Ctrl-C quit',
} as const;
