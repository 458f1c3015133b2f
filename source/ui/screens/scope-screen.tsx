import {Box, Text} from 'ink';
import {specOf} from '../../core/auth/specs/index.js';
import type {SettingsScope} from '../../core/ports.js';
import {KeyStatus} from '../components/key-status.js';
import {SelectList} from '../components/select-list.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

const scopes: readonly SettingsScope[] = ['user', 'local', 'project'];

export function ScopeScreen({state, send, pathOf}: ScreenProps<'scope'> & {pathOf: (scope: SettingsScope) => string}) {
	// Run from the home folder, the project's settings file IS the user's: offer it once.
	const offered = scopes.filter(scope => scope !== 'project' || pathOf('project') !== pathOf('user'));
	const isForm = specOf(state.context.method) !== undefined;
	const configuration = state.context.configuration;
	// The warning is about the helper's path: a setup without a helper (an AWS profile, Vertex) can be shared as it is.
	const usesHelper = !isForm || (configuration !== undefined && (configuration.helperSettings.length > 0 || configuration.shellSecrets.length > 0));
	return (
		<Box flexDirection="column">
			<KeyStatus context={state.context} />
			<Text>{isForm ? copy.scope.methodQuestion : copy.scope.question}</Text>
			<SelectList
				items={offered.map(scope => ({value: scope, label: copy.scope.choices[scope](pathOf(scope))}))}
				initialValue={state.context.scope}
				onSelect={value => {
					send({type: 'choose', value});
				}}
			/>
			{usesHelper ? <Text dimColor>{copy.scope.projectWarning}</Text> : null}
		</Box>
	);
}
