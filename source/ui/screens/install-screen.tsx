import {Box, Text} from 'ink';
import {classifyInstalls} from '../../core/install/several-installs.js';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

type InstallScreenProps = ScreenProps<'install'> & {show: (path: string) => string};

/** What is installed already, and the ways to install: the ones the wizard can run, and the rest as commands. */
export function InstallScreen({state, send, show}: InstallScreenProps) {
	const install = state.context.install;
	if (!install?.installs || !install.methods || state.pendingId !== undefined) {
		return <Spinner label={copy.install.checking} />;
	}

	const {installs, methods, verification, pathFixed, outcome} = install;
	const {duplicates, warning, fix} = classifyInstalls(installs);
	const isInstalled = state.context.claude?.found === true;
	const runnable = methods.filter(method => method.isAvailable);
	const manual = methods.filter(method => !method.isAvailable);
	return (
		<Box flexDirection="column">
			{installs.map(found => (
				<Text key={found.path} color={found.version ? 'green' : 'yellow'}>
					{found.version ? '✔' : '!'} {copy.install.existing(found.version, show(found.path), found.kind)}
				</Text>
			))}
			{verification?.version && verification.binaryPath ? (
				<Text color="green">✔ {copy.install.installed(verification.version, show(verification.binaryPath))}</Text>
			) : null}
			{pathFixed ? <Text color="green">✔ {copy.install.pathFixed(show(pathFixed.file), `source ${show(pathFixed.file)}`)}</Text> : null}
			{outcome?.kind === 'cancelled' ? <Text color="yellow">! {copy.install.cancelled}</Text> : null}
			{duplicates.length > 0 && warning ? (
				<Box flexDirection="column">
					<Text color="yellow">! {warning}</Text>
					{fix ? <Text dimColor>  {fix}</Text> : null}
				</Box>
			) : null}
			<Box marginTop={1} flexDirection="column">
				<Text>{copy.install.question(isInstalled)}</Text>
				<SelectList
					items={[
						...(isInstalled ? [{value: 'continue', label: copy.install.continueInstalled}] : []),
						...runnable.map(method => ({
							value: `method:${method.id}`,
							label: method.label + (method.isRecommended ? ' (recommended)' : ''),
							hint: method.command.display,
							description: method.description,
						})),
						...(isInstalled ? [] : [{value: 'continue', label: copy.install.continueWithout}]),
					]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
			{manual.length > 0 ? (
				<Box marginTop={1} flexDirection="column">
					<Text dimColor>{copy.install.manual}</Text>
					{manual.map(method => (
						<Text key={method.id} dimColor>
							{'  '}
							{method.label}: {method.command.display.includes('\n') ? copy.install.seeDocs : method.command.display}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}
