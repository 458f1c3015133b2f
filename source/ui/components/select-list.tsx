import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {useReadyToChoose} from '../frame-signal.js';
import {intentOf} from '../keymap.js';

export type SelectItem = {
	value: string;
	label: string;
	/** Dim text after the label. */
	hint?: string;
	/** A longer explanation, shown under the item only while it is focused. */
	description?: string;
};

export type SelectListProps = {
	items: readonly SelectItem[];
	/** The item focused first, so a re-run preselects what is already configured. */
	initialValue?: string;
	onSelect: (value: string) => void;
	isActive?: boolean;
	/**
	Take keys (and show the ❯ pointer) only once the list has been on the terminal for a moment: for
	choices that write files, so a held Enter or type-ahead cannot confirm what was never seen.
	*/
	isWaitingUntilSeen?: boolean;
};

/** A vertical list: arrows (or j/k) move, Enter chooses. Esc and Ctrl-C are handled by the app. */
export function SelectList({items, initialValue, onSelect, isActive = true, isWaitingUntilSeen = false}: SelectListProps) {
	const {isReady, isReadyNow} = useReadyToChoose(isWaitingUntilSeen);
	const initialIndex = Math.max(0, items.findIndex(item => item.value === initialValue));
	const [focused, setFocused] = useState(initialIndex);
	// Keys can arrive faster than React re-renders (a held arrow, then Enter): read the latest focus
	// from a ref so Enter chooses what the user last moved to, not what was last drawn.
	const focusedRef = useRef(initialIndex);
	const move = (step: number) => {
		focusedRef.current = (focusedRef.current + step + items.length) % items.length;
		setFocused(focusedRef.current);
	};

	useInput(
		(input, key) => {
			if (!isReadyNow()) {
				return;
			}

			const intent = intentOf(input, key);
			if (intent === 'up') {
				move(-1);
			} else if (intent === 'down') {
				move(1);
			} else if (intent === 'select') {
				const item = items[Math.min(focusedRef.current, items.length - 1)];
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
				// Until the list takes keys there is no pointer: nothing looks choosable before it is.
				const isFocused = isReady && index === focused;
				return (
					<Box key={item.value} flexDirection="column">
						<Text color={isFocused ? 'cyan' : undefined}>
							{isFocused ? '❯ ' : '  '}
							{item.label}
							{item.hint ? <Text dimColor> {item.hint}</Text> : null}
						</Text>
						{isFocused && item.description ? (
							<Box paddingLeft={4}>
								<Text dimColor>{item.description}</Text>
							</Box>
						) : null}
					</Box>
				);
			})}
		</Box>
	);
}
