import {Box, Text} from 'ink';
import type {Detection} from '../../core/wizard/state.js';
import {SelectList} from '../components/select-list.js';
import {copy, describeCredential} from '../copy.js';
import type {ScreenProps} from './types.js';

type CurrentScreenProps = ScreenProps<'current'> & {show: (path: string) => string; secretsFile: string};

export function CurrentScreen({state, send, show, secretsFile}: CurrentScreenProps) {
	const detection = state.context.detection;
	const choices = copy.current.choices;
	return (
		<Box flexDirection="column">
			<Text bold>{copy.current.title}</Text>
			{detection ? <Findings detection={detection} show={show} secretsFile={secretsFile} /> : null}
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

function Findings({detection, show, secretsFile}: {detection: Detection; show: (path: string) => string; secretsFile: string}) {
	const {credential, helper} = detection;
	const isOurs = credential.kind === 'api-key-helper' && credential.command === helper.command && credential.source.kind === 'settings';
	const configured = helper.configured;
	const where = configured?.backend === 'file' ? secretsFile : detection.keychain?.ok ? detection.keychain.backendName : 'the keychain';
	return (
		<>
			<Text>
				{isOurs && credential.source.kind === 'settings'
					? copy.current.ours(show(credential.source.path))
					: `Claude Code will use: ${describeCredential(credential)}`}
			</Text>
			{configured && isOurs && detection.isStoredKeyMissing ? <Text color="red">{copy.current.keyMissing}</Text> : null}
			{configured && isOurs && detection.storedKeyHint ? <Text>{copy.current.keyStored(detection.storedKeyHint, where)}</Text> : null}
			{detection.keychain ? <Text dimColor>{copy.keychainStatus(detection.keychain)}</Text> : null}
			{detection.snapshots
				.filter(snapshot => snapshot.problem)
				.map(snapshot => (
					<Text key={snapshot.path} color="yellow">
						! {show(snapshot.path)}
						{snapshot.problem && 'line' in snapshot.problem ? `:${snapshot.problem.line}:${snapshot.problem.column}` : ''}:{' '}
						{snapshot.problem?.message}
					</Text>
				))}
		</>
	);
}
