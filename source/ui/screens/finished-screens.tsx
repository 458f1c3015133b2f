import {Box, Text} from 'ink';
import {copy} from '../copy.js';
import type {Verification} from '../../core/wizard/state.js';
import {managedSettingsLocations, teamFileNames} from '../../core/team/outputs.js';
import type {ScreenProps} from './types.js';

export function DoneScreen({state, show}: ScreenProps<'done'> & {show: (path: string) => string}) {
	const {verification, commit} = state.context;
	const method = state.context.plan?.configuration.method;
	// Every method but the Console key is verified by provider: its lines say what Claude Code uses, not "the key helper".
	const isProviderCheck = verification?.kind === 'checked' && verification.expectedProvider !== undefined && method !== undefined && method !== 'console-api-key';
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
		lines.push({text: `✔ ${isProviderCheck ? copy.done.methodVerified(method) : copy.done.verified}`, color: 'green'});
	} else if (commit) {
		lines.push({text: copy.done.saved});
	}

	if (verification?.kind === 'checked' && isProviderCheck) {
		lines.push(...providerLines(verification));
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

	const shellFile = state.context.plan?.configuration.shellSecrets.length ? state.context.plan.files.find(file => file.kind === 'shell') : undefined;
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

/** What was checked for a provider setup: each helper command it relies on, then what `claude auth status` reports. */
function providerLines(verification: Extract<Verification, {kind: 'checked'}>): Array<{text: string; color?: string}> {
	const lines = (verification.helperOutputs ?? []).map(output =>
		output.ok
			? {text: `✔ ${copy.done.helperPrints(output.setting)}`, color: 'green'}
			: {text: `✗ ${copy.done.helperSettingFailed(output.setting, output.problem ?? '')}`, color: 'red'},
	);
	const provider = verification.apiProvider ?? 'firstParty';
	const expected = verification.expectedProvider ?? provider;
	if (provider !== expected) {
		lines.push({text: `✗ ${copy.done.providerWrong(provider, expected)}`, color: 'red'});
	} else if (verification.loggedIn === false) {
		lines.push({text: `✗ ${copy.done.notLoggedIn}`, color: 'red'});
	} else {
		lines.push({text: `✔ ${copy.done.providerOk(provider)}`, color: 'green'});
	}

	return lines;
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
