import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

/** The administrator's three files, shown in full before anything is written. */
export function TeamReviewScreen({state, send, show}: ScreenProps<'team-review'> & {show: (path: string) => string}) {
	if (state.problem) {
		return (
			<Box flexDirection="column">
				<Text color="red">✗ {state.problem}</Text>
				<Text>{copy.team.problemHint}</Text>
			</Box>
		);
	}

	const plan = state.context.team?.plan;
	if (!plan || state.pendingId !== undefined) {
		return <Spinner label={plan ? copy.team.writing : copy.team.planning} />;
	}

	return (
		<Box flexDirection="column">
			<Text bold>{copy.team.reviewTitle(show(plan.directory))}</Text>
			{plan.files.map(file => (
				<Box key={file.path} flexDirection="column" marginTop={1}>
					<Text>
						• {show(file.path)}
						{file.exists ? <Text color="yellow"> {copy.team.replaces}</Text> : null}
					</Text>
					<Box paddingLeft={2} flexDirection="column">
						{file.text
							.split('\n')
							.slice(0, 14)
							.map((line, index) => (
								// eslint-disable-next-line react/no-array-index-key -- lines of a fixed text
								<Text key={index} dimColor>
									{line === '' ? ' ' : line}
								</Text>
							))}
						{file.text.split('\n').length > 15 ? <Text dimColor>…</Text> : null}
					</Box>
				</Box>
			))}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.team.question}</Text>
				<SelectList
					isWaitingUntilSeen
					items={[
						{value: 'confirm', label: copy.team.choices.confirm},
						{value: 'back', label: copy.team.choices.back},
					]}
					onSelect={value => {
						send(value === 'back' ? {type: 'back'} : {type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
