import {Box, Text} from 'ink';
import {MaskedInput} from '../components/masked-input.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function ConsoleKeyScreen({state, send}: ScreenProps<'console-key'>) {
	return (
		<Box flexDirection="column">
			{copy.consoleKey.intro.map(line => (
				<Text key={line}>{line}</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				<MaskedInput
					label={copy.consoleKey.label}
					onSubmit={text => {
						send({type: 'submit-key', text});
					}}
				/>
				{state.problem ? <Text color="red">✗ {copy.consoleKey.problems[state.problem]}</Text> : null}
			</Box>
		</Box>
	);
}
