import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function InstallFailedScreen({state, send}: ScreenProps<'install-failed'>) {
	const install = state.context.install;
	const outcome = install?.outcome;
	const failure = outcome?.kind === 'failed' ? outcome.failure : undefined;
	const problem = install?.verification?.problem;
	const tail = outcome && outcome.kind !== 'installed' ? outcome.tail.slice(-10) : [];
	return (
		<Box flexDirection="column">
			<Text color="red">✗ {copy.install.failed(failure?.cause ?? problem ?? 'claude --version did not run afterwards')}</Text>
			{failure ? <Text>{copy.install.fix(failure.fix)}</Text> : null}
			{tail.length > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					<Text dimColor>{copy.install.lastLines}</Text>
					{tail.map((line, index) => (
						// eslint-disable-next-line react/no-array-index-key -- output lines repeat; their position is their identity
						<Text key={index} dimColor wrap="truncate-end">
							  {line}
						</Text>
					))}
				</Box>
			) : null}
			<Box marginTop={1}>
				<SelectList
					items={[
						{value: 'retry', label: copy.install.failedChoices.retry},
						{value: 'continue', label: copy.install.failedChoices.continue},
					]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
