import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {stepOrder, type StepGroup} from '../../core/wizard/state.js';
import {copy, stepTitles} from '../copy.js';
import type {CompletedLine} from '../summary.js';

export type FrameProps = {
	group?: StepGroup;
	/** One line per finished step, e.g. "✔ Auth method: Claude Console: API key"; a skipped step gets "–", never a tick. */
	completed: readonly CompletedLine[];
	hints?: string;
	/** The administrator's team mode has its own three steps, so it is not "Step 4 of 7". */
	isTeamMode?: boolean;
	children: ReactNode;
};

const teamSteps: Partial<Record<StepGroup, number>> = {'auth-method': 1, configure: 2, review: 3};

/** The live area: finished steps collapsed to one line each, the current step, and the key hints. */
export function Frame({group, completed, hints, isTeamMode, children}: FrameProps) {
	return (
		<Box flexDirection="column">
			{completed.map(line => (
				<Text key={line.text} color={line.isSkipped ? 'yellow' : 'green'}>
					{line.isSkipped ? '–' : '✔'} <Text color={undefined}>{line.text}</Text>
				</Text>
			))}
			{group && isTeamMode ? (
				<Text bold>
					{copy.appName} team · Step {teamSteps[group] ?? 1} of 3 · {group === 'auth-method' ? stepTitles['auth-method'] : group === 'review' ? 'Team files' : 'Team settings'}
				</Text>
			) : group ? (
				<Text bold>
					{copy.appName} · Step {stepOrder.indexOf(group) + 1} of {stepOrder.length} · {stepTitles[group]}
				</Text>
			) : null}
			<Box flexDirection="column" marginTop={group ? 1 : 0}>
				{children}
			</Box>
			{hints ? (
				<Box marginTop={1}>
					<Text dimColor>{hints}</Text>
				</Box>
			) : null}
		</Box>
	);
}
