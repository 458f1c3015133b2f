import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {DiffView} from '../components/diff-view.js';
import {copy} from '../copy.js';
import {planActions, planWarnings} from '../plan-lines.js';
import type {ScreenProps} from './types.js';

export function ReviewScreen({state, send, show}: ScreenProps<'review'> & {show: (path: string) => string}) {
	if (state.problem) {
		const {problem} = state;
		const lines =
			problem.kind === 'unparsable' && 'line' in problem.problem
				? copy.review.unparsable(show(problem.path), problem.problem.line, problem.problem.column, problem.problem.message)
				: copy.review.unreadable(problem.kind === 'io' ? problem.message : `${show(problem.path)}: ${problem.problem.message}`);
		return (
			<Box flexDirection="column">
				{lines.map((line, index) => (
					<Text key={line} color={index === 0 ? 'red' : undefined}>
						{line}
					</Text>
				))}
			</Box>
		);
	}

	const {plan} = state.context;
	if (!plan) {
		return <Spinner label={copy.review.planning} />;
	}

	return (
		<Box flexDirection="column">
			<Text bold>{copy.review.title}</Text>
			<Box marginTop={planActions(plan, show).length > 0 ? 1 : 0} flexDirection="column">
				{planActions(plan, show).map(line => (
					<Text key={line}>• {line}</Text>
				))}
			</Box>
			{plan.files.map(file => (
				<Box key={file.path} flexDirection="column" marginTop={1}>
					<Text>
						• {file.reason ? copy.review.otherFile(show(file.path), file.reason) : file.fileExists ? copy.review.fileChanged(show(file.path)) : copy.review.fileNew(show(file.path))}
					</Text>
					<DiffView lines={file.diff} />
				</Box>
			))}
			{plan.files.some(file => file.fileExists) ? <Text dimColor>{copy.review.backup}</Text> : null}
			{plan.configuration.helperSettings.some(setting => setting.key === 'apiKeyHelper') ? <Text dimColor>{copy.review.refresh}</Text> : null}
			{planWarnings(plan, show).map(line => (
				<Text key={line} color="yellow">
					! {line}
				</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.review.question}</Text>
				<SelectList
					isWaitingUntilSeen
					items={[
						{value: 'confirm', label: copy.review.choices.confirm},
						{value: 'back', label: copy.review.choices.back},
					]}
					onSelect={value => {
						send(value === 'back' ? {type: 'back'} : {type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
