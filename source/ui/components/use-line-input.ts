import {useInput} from 'ink';
import {useRef, useState} from 'react';
import {textFieldIntentOf} from '../keymap.js';

/**
The editing both one-line fields share: typed and pasted text appended, Backspace, Ctrl-U, Enter
submits. A paste arrives as one chunk, often with a trailing newline; line breaks and other control
characters inside a chunk are dropped rather than taken as Enter, so pasting never submits half a value.
*/
export function useLineInput(initialValue: string, onSubmit: (value: string) => void, isActive: boolean): string {
	const [value, setValue] = useState(initialValue);
	// A paste followed at once by Enter arrives before React re-renders; the ref always holds what was typed.
	const valueRef = useRef(initialValue);
	const update = (next: string) => {
		valueRef.current = next;
		setValue(next);
	};

	useInput(
		(input, key) => {
			const intent = textFieldIntentOf(input, key);
			if (intent === 'select') {
				onSubmit(valueRef.current);
				return;
			}

			if (intent) {
				return;
			}

			if (key.backspace || key.delete) {
				update(valueRef.current.slice(0, -1));
				return;
			}

			if (key.ctrl && input === 'u') {
				update('');
				return;
			}

			if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) {
				return;
			}

			// eslint-disable-next-line no-control-regex -- exactly the control characters
			const text = input.replaceAll(/[\u0000-\u001F\u007F]/g, '');
			if (text) {
				update(valueRef.current + text);
			}
		},
		{isActive},
	);

	return value;
}
