import {Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {textFieldIntentOf} from '../keymap.js';

export type MaskedInputProps = {
	label: string;
	onSubmit: (value: string) => void;
	isActive?: boolean;
};

/**
A secret field: it shows one dot per character and nothing of the value. A paste arrives as one
chunk, often with a trailing newline; line breaks inside a chunk are dropped rather than taken as
Enter, so pasting never submits half a key.
*/
export function MaskedInput({label, onSubmit, isActive = true}: MaskedInputProps) {
	const [value, setValue] = useState('');
	// A paste followed at once by Enter arrives before React re-renders; the ref always holds what was typed.
	const valueRef = useRef('');
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

			// Control characters (a Ctrl-U or Escape arriving in the same chunk as text) are never part of a value.
			// eslint-disable-next-line no-control-regex -- exactly the control characters
			const text = input.replaceAll(/[\u0000-\u001F\u007F]/g, '');
			if (text) {
				update(valueRef.current + text);
			}
		},
		{isActive},
	);

	const dots = '•'.repeat(Math.min(value.length, 48)) + (value.length > 48 ? '…' : '');
	return (
		<Text>
			{label} <Text color="cyan">{dots}</Text>
			<Text inverse> </Text>
			{value.length > 0 ? <Text dimColor> ({value.length} characters)</Text> : null}
		</Text>
	);
}
