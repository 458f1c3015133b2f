import {Box, Text} from 'ink';
import {KeyStatus} from '../components/key-status.js';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

/** The keychain failed: say why in plain words and ask before falling back to a file. */
export function SecretStorageScreen({state, send, fileLocation}: ScreenProps<'secret-storage'> & {fileLocation: string}) {
	if (state.pendingId !== undefined) {
		return <Spinner label={state.context.detection?.keychain ? 'Trying the keychain again…' : 'Checking your OS keychain…'} />;
	}

	const health = state.context.detection?.keychain;
	return (
		<Box flexDirection="column">
			<KeyStatus context={state.context} />
			<Text color="yellow">! {copy.secretStorage.title}</Text>
			{health && !health.ok ? (
				<>
					<Text>{health.reason}</Text>
					<Text dimColor>{copy.secretStorage.fix(health.fix)}</Text>
				</>
			) : null}
			{state.isRetried ? <Text color="yellow">{copy.secretStorage.stillUnavailable}</Text> : null}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.secretStorage.question}</Text>
				<SelectList
					items={[
						{value: 'retry', label: copy.secretStorage.choices.retry},
						{value: 'file', label: copy.secretStorage.choices.file(fileLocation)},
					]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
				<Text dimColor>{copy.secretStorage.fileWarning}</Text>
			</Box>
		</Box>
	);
}
