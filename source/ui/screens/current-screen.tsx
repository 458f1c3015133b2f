import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {copy, describeCredential} from '../copy.js';
import type {ScreenProps} from './types.js';

export function CurrentScreen({state, send}: ScreenProps<'current'>) {
	const detection = state.context.detection;
	const broken = detection?.snapshots.filter(snapshot => snapshot.problem) ?? [];
	const choices = copy.current.choices;
	return (
		<Box flexDirection="column">
			<Text bold>{copy.current.title}</Text>
			{detection ? <Text>Claude Code will use: {describeCredential(detection.credential)}</Text> : null}
			{detection?.helper.configured ? (
				detection.isStoredKeyMissing ? (
					<Text color="red">{copy.current.keyMissing}</Text>
				) : (
					<Text>{copy.current.keyStored(detection.storedKeyHint ?? '')}</Text>
				)
			) : null}
			{detection ? <Text dimColor>{copy.keychainStatus(detection.keychain)}</Text> : null}
			{broken.map(snapshot => (
				<Text key={snapshot.path} color="yellow">
					{'line' in (snapshot.problem ?? {})
						? copy.current.brokenFile(snapshot.path, (snapshot.problem as {line: number}).line, (snapshot.problem as {column: number}).column, snapshot.problem?.message ?? '')
						: `${snapshot.path}: ${snapshot.problem?.message ?? ''}`}
				</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.current.question}</Text>
				<SelectList
					items={(['verify', 'reconfigure', 'keep'] as const).map(value => ({value, label: choices[value]}))}
					initialValue={detection?.isStoredKeyMissing ? 'reconfigure' : 'verify'}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
