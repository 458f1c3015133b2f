import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {intentOf} from '../keymap.js';

export type SelectItem = {
	value: string;
	label: string;
	/** Dim text after the label. */
	hint?: string;
};

export type SelectListProps = {
	items: readonly SelectItem[];
	/** The item focused first, so a re-run preselects what is already configured. */
	initialValue?: string;
	onSelect: (value: string) => void;
	isActive?: boolean;
};

/** A vertical list: arrows (or j/k) move, Enter chooses. Esc and Ctrl-C are handled by the app. */
export function SelectList({items, initialValue, onSelect, isActive = true}: SelectListProps) {
	const initialIndex = Math.max(0, items.findIndex(item => item.value === initialValue));
	const [focused, setFocused] = useState(initialIndex);

	useInput(
		(input, key) => {
			const intent = intentOf(input, key);
			if (intent === 'up') {
				setFocused(index => (index - 1 + items.length) % items.length);
			} else if (intent === 'down') {
				setFocused(index => (index + 1) % items.length);
			} else if (intent === 'select') {
				const item = items[Math.min(focused, items.length - 1)];
				if (item) {
					onSelect(item.value);
				}
			}
		},
		{isActive},
	);

	return (
		<Box flexDirection="column">
			{items.map((item, index) => {
				const isFocused = index === focused;
				return (
					<Text key={item.value} color={isFocused ? 'cyan' : undefined}>
						{isFocused ? '❯ ' : '  '}
						{item.label}
						{item.hint ? <Text dimColor> {item.hint}</Text> : null}
					</Text>
				);
			})}
		</Box>
	);
}
