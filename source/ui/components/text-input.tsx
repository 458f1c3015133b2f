import {Text} from 'ink';
import {useLineInput} from './use-line-input.js';

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
	const value = useLineInput(initialValue, onSubmit, isActive);

	return (
		<Text>
			{label} <Text color="cyan">{value}</Text>
			<Text inverse> </Text>
		</Text>
	);
}
