import {Box, Text} from 'ink';
import {copy} from '../copy.js';
import {managedSettingsLocations, teamFileNames} from '../../core/team/outputs.js';
import type {ScreenProps} from './types.js';

export function DoneScreen({state, show}: ScreenProps<'done'> & {show: (path: string) => string}) {
	const {verification, commit} = state.context;
	const lines: Array<{text: string; color?: string}> = [];
	if (state.outcome === 'team-written') {
		const written = state.context.team?.written ?? [];
		const presetPath = written.find(file => file.endsWith(teamFileNames.preset));
		const reference = state.context.answers?.['team.presetUrl'] || (presetPath ? show(presetPath) : teamFileNames.preset);
		return (
			<Box flexDirection="column">
				<Text color="green">✔ {copy.team.written}</Text>
				{written.map(file => (
					<Text key={file}>  {show(file)}</Text>
				))}
				<Text>{copy.team.share(reference)}</Text>
				<Text>{copy.team.deploy}</Text>
				{managedSettingsLocations.map(location => (
					<Text key={location.path}>
						{'  '}
						{location.system}: {location.path}
					</Text>
				))}
			</Box>
		);
	}

	if (state.outcome === 'unchanged') {
		lines.push({text: copy.done.unchanged});
	} else if (state.outcome === 'verified') {
		const method = state.context.plan?.configuration.method;
		lines.push({text: `✔ ${method && method !== 'console-api-key' ? copy.done.verifiedMethod(method) : copy.done.verified}`, color: 'green'});
	} else if (commit) {
		lines.push({text: copy.done.saved});
	}

	if (verification?.kind === 'checked' && verification.expectedProvider !== undefined) {
		for (const output of verification.helperOutputs ?? []) {
			lines.push(output.ok ? {text: `✔ ${copy.done.helperSettingOk(output.setting)}`, color: 'green'} : {text: `✗ ${copy.done.helperSettingFailed(output.setting, output.problem ?? '')}`, color: 'red'});
		}

		lines.push(
			verification.apiProvider === verification.expectedProvider && verification.loggedIn !== false
				? {text: `✔ ${copy.done.providerOk(verification.apiProvider ?? '', verification.authMethod)}`, color: 'green'}
				: {text: `✗ ${copy.done.providerWrong(verification.apiProvider, verification.expectedProvider, verification.loggedIn)}`, color: 'red'},
		);
	} else if (verification?.kind === 'checked') {
		lines.push(
			verification.helperReturnsKey
				? {text: `✔ ${copy.done.helperOk}`, color: 'green'}
				: {text: `✗ ${copy.done.helperFailed(verification.helperError ?? '')}`, color: 'red'},
			verification.usesHelper
				? {text: `✔ ${copy.done.usesHelper}`, color: 'green'}
				: {text: `✗ ${copy.done.notUsingHelper(verification.authMethod, verification.apiKeySource)}`, color: 'red'},
		);
	} else if (verification?.kind === 'not-installed') {
		lines.push({text: `! ${copy.done.notInstalled}`, color: 'yellow'});
	} else if (verification?.kind === 'failed') {
		lines.push({text: `! ${copy.done.verifyFailed(verification.message)}`, color: 'yellow'});
	}

	if (commit) {
		lines.push({text: copy.done.savedTo(show(commit.path))});
		if (commit.backupPath) {
			lines.push({text: copy.done.backup(show(commit.backupPath))});
		}
	}

	const shellFile = state.context.plan?.files.find(file => file.kind === 'shell' && file.afterText.length >= file.beforeText.length && state.context.plan?.configuration.shellSecrets.length);
	if (commit && shellFile) {
		lines.push({text: copy.done.reloadShell(show(shellFile.path)), color: 'yellow'});
	}

	if (state.outcome !== 'unchanged') {
		lines.push({text: copy.done.next});
	}

	return (
		<Box flexDirection="column">
			{lines.map(line => (
				<Text key={line.text} color={line.color}>
					{line.text}
				</Text>
			))}
		</Box>
	);
}

export function CancelledScreen({state}: ScreenProps<'cancelled'>) {
	return <Text>{state.afterCommit ? copy.cancelled.after : copy.cancelled.before}</Text>;
}

export function FailedScreen({state}: ScreenProps<'failed'>) {
	return (
		<Box flexDirection="column">
			<Text color="red">✗ {copy.failed(state.message)}</Text>
			<Text>{copy.nothingHalfWritten}</Text>
		</Box>
	);
}
