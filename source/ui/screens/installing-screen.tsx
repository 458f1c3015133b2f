import {Box, Text} from 'ink';
import {Elapsed} from '../components/elapsed.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

const visibleLines = 8;

/** A running install: the command, the time it has taken, and its latest output in a small scrolling pane. */
export function InstallingScreen({state}: ScreenProps<'installing'>) {
	const install = state.context.install;
	const method = install?.methods?.find(candidate => candidate.id === state.methodId);
	const lines = (install?.output ?? []).slice(-visibleLines);
	return (
		<Box flexDirection="column">
			<Box gap={1}>
				<Spinner label={copy.install.running(method?.command.display ?? state.methodId)} />
				<Elapsed />
			</Box>
			<Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} height={visibleLines + 2}>
				{lines.map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key -- output lines repeat; their position is their identity
					<Text key={index} dimColor wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
		</Box>
	);
}
