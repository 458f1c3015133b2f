import {Box, Text} from 'ink';
import {SelectList} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

type PathFixScreenProps = ScreenProps<'path-fix'> & {show: (path: string) => string};

/** The binary works but its folder is not on PATH: offer the one line that fixes it, with a backup. */
export function PathFixScreen({state, send, show}: PathFixScreenProps) {
	if (state.pendingId !== undefined) {
		return <Spinner label="Updating your shell start-up file…" />;
	}

	const install = state.context.install;
	const plan = install?.pathFix;
	const directory = install?.verification?.binDirectory ?? '';
	const canAdd = plan !== undefined && 'file' in plan && !plan.alreadyPresent;
	const installed = install?.verification;
	return (
		<Box flexDirection="column">
			{installed?.version && installed.binaryPath ? (
				<Text color="green">✔ {copy.install.installed(installed.version, show(installed.binaryPath))}</Text>
			) : null}
			<Text color="yellow">! {copy.install.notOnPath(show(directory))}</Text>
			{plan && 'file' in plan ? (
				<Text>{plan.alreadyPresent ? copy.install.pathAlreadyPresent(show(plan.file)) : copy.install.pathPlan(show(plan.file), plan.line)}</Text>
			) : plan ? (
				<Text>{plan.manual}</Text>
			) : null}
			<Box marginTop={1}>
				<SelectList
					isWaitingUntilSeen
					items={[
						...(canAdd ? [{value: 'add-to-path', label: copy.install.pathChoices.add}] : []),
						{value: 'continue', label: copy.install.pathChoices.continue},
					]}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
