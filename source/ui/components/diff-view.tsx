import {Box, Text} from 'ink';
import type {DiffLine} from '../../core/settings/diff.js';

const marks = {added: '+', removed: '-', context: ' '} as const;
const colors = {added: 'green', removed: 'red', context: undefined} as const;

/** The settings change as a unified diff, already masked by the core. Long lines wrap beside their mark. */
export function DiffView({lines}: {lines: readonly DiffLine[]}) {
	return (
		<Box flexDirection="column" marginY={1} paddingLeft={2}>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key -- diff lines repeat; their order is their identity
				<Box key={index}>
					<Box width={2} flexShrink={0}>
						<Text color={colors[line.kind]}>{marks[line.kind]}</Text>
					</Box>
					<Text color={colors[line.kind]}>{line.text}</Text>
				</Box>
			))}
		</Box>
	);
}
