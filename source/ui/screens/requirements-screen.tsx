import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

/** A placeholder that says so: the real checks belong to the requirements issue. */
export function RequirementsScreen({send}: ScreenProps<'requirements'>) {
	return (
		<Box flexDirection="column">
			<Text color="yellow">{copy.requirements.body}</Text>
			<Text dimColor>{copy.requirements.docs}</Text>
			<Box marginTop={1}>
				<SelectList
					items={[{value: 'continue', label: copy.requirements.choices.continue}]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
