import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function InstallScreen({state, send}: ScreenProps<'install'>) {
	const install = state.context.claude;
	if (!install) {
		return <Spinner label={copy.install.checking} />;
	}

	return (
		<Box flexDirection="column">
			{install.found ? (
				<Text color="green">✔ {copy.install.found(install)}</Text>
			) : (
				<>
					<Text color="yellow">! {copy.install.notFound(install.reason)}</Text>
					{copy.install.howToInstall.map(line => (
						<Text key={line}>{line}</Text>
					))}
				</>
			)}
			<Box marginTop={1}>
				<SelectList
					items={[{value: 'continue', label: copy.install.choices.continue}]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
