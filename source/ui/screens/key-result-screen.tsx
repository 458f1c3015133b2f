import {Box, Text} from 'ink';
import {canKeepKeyAnyway} from '../../core/auth/console-key.js';
import {SelectList} from '../components/select-list.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function KeyResultScreen({state, send}: ScreenProps<'key-result'>) {
	const {outcome} = state;
	const choices = copy.keyResult.choices;
	const values = canKeepKeyAnyway(outcome) ? (['retry', 'keep', 'change'] as const) : (['retry', 'change'] as const);
	return (
		<Box flexDirection="column">
			<Text color="yellow">! {copy.keyResult.title(outcome)}</Text>
			{outcome.kind === 'network-error'
				? copy.keyResult.networkHints.map(line => (
					<Text key={line} dimColor>
						{line}
					</Text>
				))
				: null}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.keyResult.question}</Text>
				<SelectList
					items={values.map(value => ({value, label: choices[value]}))}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
