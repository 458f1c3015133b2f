import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function InviteScreen({state, send}: ScreenProps<'invite'>) {
	const choose = (value: string) => {
		send({type: 'choose', value});
	};

	if (state.pendingId !== undefined) {
		return <Spinner label="Opening your browser…" />;
	}

	if (state.opened) {
		const {url, isOpened} = state.opened;
		return (
			<Box flexDirection="column">
				<Text>{isOpened ? copy.invite.opened(url) : copy.invite.notOpened(url)}</Text>
				<Box marginTop={1} flexDirection="column">
					<Text>{copy.invite.confirmQuestion}</Text>
					<SelectList items={[{value: 'continue', label: copy.invite.confirmChoices.continue}]} onSelect={choose} />
				</Box>
			</Box>
		);
	}

	const choices = copy.invite.choices;
	return (
		<Box flexDirection="column">
			{copy.invite.intro.map(line => (
				<Text key={line}>{line}</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.invite.question}</Text>
				<SelectList
					items={(['console', 'claude-ai', 'cloud', 'accepted'] as const).map(value => ({value, label: choices[value]}))}
					initialValue={state.context.invite}
					onSelect={choose}
				/>
			</Box>
		</Box>
	);
}
