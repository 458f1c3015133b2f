import {Box, Text} from 'ink';
import {authMethods, findAuthMethod} from '../../core/auth/methods.js';
import {SelectList} from '../components/select-list.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function AuthMethodScreen({state, send}: ScreenProps<'auth-method'>) {
	const unbuilt = state.unbuilt ? findAuthMethod(state.unbuilt) : undefined;
	const preselected = state.unbuilt ?? state.context.method ?? state.context.currentMethod ?? (state.context.invite === 'console' ? 'console-api-key' : state.context.invite === 'claude-ai' ? 'claude-ai' : undefined);
	return (
		<Box flexDirection="column">
			<Text>{copy.authMethod.question}</Text>
			<SelectList
				key={state.unbuilt ?? 'list'}
				items={authMethods.map(method => ({
					value: method.id,
					label: method.label + (method.isBuilt ? '' : copy.authMethod.notBuiltSuffix) + (method.id === state.context.currentMethod ? copy.authMethod.currentSuffix : ''),
					hint: method.description,
				}))}
				initialValue={preselected}
				onSelect={value => {
					send({type: 'choose', value});
				}}
			/>
			{unbuilt ? (
				<Box marginTop={1}>
					<Text color="yellow">{copy.notBuilt(unbuilt.label)}</Text>
				</Box>
			) : null}
		</Box>
	);
}
