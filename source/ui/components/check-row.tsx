import {Box, Text} from 'ink';
import type {RequirementResult} from '../../core/requirements/types.js';
import {copy} from '../copy.js';

const marks = {pass: '✓', warn: '!', fail: '✗'} as const;
const colors = {pass: 'green', warn: 'yellow', fail: 'red'} as const;

/** One finished check: its mark, what was found, and on anything but a pass, the fix. */
export function CheckRow({result}: {result: RequirementResult}) {
	return (
		<Box flexDirection="column">
			<Text>
				<Text color={colors[result.status]}>{marks[result.status]}</Text> {result.title}: {result.summary}
				{result.status === 'fail' && result.isHard ? <Text color="red">{copy.requirements.required}</Text> : null}
			</Text>
			{result.fix && result.status !== 'pass' ? (
				<Box paddingLeft={2}>
					<Text dimColor>{result.fix}</Text>
				</Box>
			) : null}
		</Box>
	);
}
