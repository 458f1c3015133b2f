import {Box, Text} from 'ink';
import {authMethods, findAuthMethod} from '../../core/auth/methods.js';
import {SelectList} from '../components/select-list.js';
import {managedPolicy} from '../../core/team/managed.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function AuthMethodScreen({state, send}: ScreenProps<'auth-method'>) {
	const unbuilt = state.unbuilt ? findAuthMethod(state.unbuilt) : undefined;
	const preselected = state.unbuilt ?? state.context.method ?? state.context.currentMethod ?? (state.context.invite === 'console' ? 'console-api-key' : state.context.invite === 'claude-ai' ? 'claude-ai' : undefined);
	const isAdmin = state.context.mode === 'admin';
	const managed = isAdmin ? undefined : state.context.detection?.managed;
	const policy = managedPolicy(managed?.data);
	const offered = authMethods.filter(method => policy.allowed.includes(method.id));
	return (
		<Box flexDirection="column">
			{isAdmin ? <Text dimColor>{copy.team.adminIntro}</Text> : null}
			{managed && policy.enforced.length > 0 ? (
				<Box flexDirection="column" marginBottom={1}>
					<Text color="yellow">{copy.team.managedEnforces(managed.path)}</Text>
					{policy.enforced.map(line => (
						<Text key={line}>  {line}</Text>
					))}
					{offered.length < authMethods.length ? <Text dimColor>{copy.team.managedHidden}</Text> : null}
				</Box>
			) : null}
			<Text>{isAdmin ? copy.team.methodQuestion : copy.authMethod.question}</Text>
			<SelectList
				key={state.unbuilt ?? 'list'}
				items={offered.map(method => ({
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
