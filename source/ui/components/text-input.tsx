import {Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {textFieldIntentOf} from '../keymap.js';

export type TextInputProps = {
	label: string;
	initialValue?: string;
	onSubmit: (value: string) => void;
	isActive?: boolean;
};

/**
A visible one-line field, prefilled when the wizard found a likely answer (the gcloud project, an
AWS region). Editing is at the end only: enough for names and URLs, and a paste never submits
half a value because line breaks inside a chunk are dropped.
*/
export function TextInput({label, initialValue = '', onSubmit, isActive = true}: TextInputProps) {
	const [value, setValue] = useState(initialValue);
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

			// Control characters (a Ctrl-U or Escape arriving in the same chunk as text) are never part of a value.
			// eslint-disable-next-line no-control-regex -- exactly the control characters
			const text = input.replaceAll(/[\u0000-\u001F\u007F]/g, '');
			if (text) {
				update(valueRef.current + text);
			}
		},
		{isActive},
	);

	return (
		<Text>
			{label} <Text color="cyan">{value}</Text>
			<Text inverse> </Text>
		</Text>
	);
}
