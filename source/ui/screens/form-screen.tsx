import {Box, Text} from 'ink';
import {findField} from '../../core/auth/form.js';
import {findAuthMethod} from '../../core/auth/methods.js';
import {activeSpec} from '../../core/wizard/active-spec.js';
import {describeFixedAnswers} from '../../core/team/preset.js';
import {MaskedInput} from '../components/masked-input.js';
import {SelectList} from '../components/select-list.js';
import {TextInput} from '../components/text-input.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

/** One question of a method's form: a choice, a visible text, or a secret that is never shown. */
export function FormScreen({state, send}: ScreenProps<'form'>) {
	const spec = activeSpec(state.context);
	const field = spec ? findField(spec, state.field) : undefined;
	if (!spec || !field) {
		return <Text color="red">{copy.form.missing}</Text>;
	}

	const answers = state.context.answers ?? {};
	const discovery = state.context.discovery ?? {};
	const previous = answers[field.id];
	const initial = previous ?? field.initial?.(answers, discovery);
	const method = findAuthMethod(spec.id);
	return (
		<Box flexDirection="column">
			{method ? <Text dimColor>{method.label}</Text> : null}
			{state.context.preset ? (
				<Box flexDirection="column" marginBottom={1}>
					<Text color="cyan">{copy.team.setBy(state.context.preset.team)}</Text>
					{[...describeFixedAnswers(state.context.preset), ...Object.entries(state.context.preset.env).map(([name, value]) => `${name}: ${value}`)].map(line => (
						<Text key={line} dimColor>
							{'  '}
							{line}
						</Text>
					))}
				</Box>
			) : null}
			<Text bold>{field.title(answers, discovery)}</Text>
			{(field.help?.(answers, discovery) ?? []).map(line => (
				<Text key={line} dimColor>
					{line}
				</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				{field.kind === 'select' ? (
					<SelectList
						key={field.id}
						items={(field.options?.(answers, discovery) ?? []).map(option => ({value: option.value, label: option.label, hint: option.description}))}
						initialValue={initial}
						onSelect={value => {
							send({type: 'choose', value});
						}}
					/>
				) : field.kind === 'secret' ? (
					<MaskedInput
						key={field.id}
						label={copy.form.secretLabel}
						onSubmit={text => {
							send({type: 'submit-answer', text});
						}}
					/>
				) : (
					<TextInput
						key={field.id}
						label={copy.form.textLabel}
						initialValue={initial ?? ''}
						onSubmit={text => {
							send({type: 'submit-answer', text});
						}}
					/>
				)}
				{state.problem ? <Text color="red">✗ {state.problem}</Text> : null}
			</Box>
		</Box>
	);
}
