import {Text} from 'ink';
import {useLineInput} from './use-line-input.js';

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
	const value = useLineInput('', onSubmit, isActive);

	const dots = '•'.repeat(Math.min(value.length, 48)) + (value.length > 48 ? '…' : '');
	return (
		<Text>
			{label} <Text color="cyan">{dots}</Text>
			<Text inverse> </Text>
			{value.length > 0 ? <Text dimColor> ({value.length} characters)</Text> : null}
		</Text>
	);
}
