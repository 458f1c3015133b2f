import {Box, Text} from 'ink';
import type {MethodCheck} from '../../core/auth/form.js';
import {specOf} from '../../core/auth/specs/index.js';
import {SelectList, type SelectItem} from '../components/select-list.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

const marks = {pass: '✓', warn: '!', fail: '✗', skipped: '–'} as const;
const colors = {pass: 'green', warn: 'yellow', fail: 'red', skipped: 'gray'} as const;

export function DiscoverScreen() {
	return <Spinner label={copy.form.discovering} />;
}

export function MethodCheckScreen({state}: ScreenProps<'method-check'>) {
	const isLogin = state.context.method === 'claude-ai' || state.context.method === 'console-login';
	return <Spinner label={state.action ? copy.form.runningAction(state.action) : isLogin ? copy.form.loggingIn : copy.form.checking} />;
}

function CheckLine({check}: {check: MethodCheck}) {
	return (
		<Box flexDirection="column">
			<Text>
				<Text color={colors[check.outcome]}>{marks[check.outcome]}</Text> {check.title}
			</Text>
			{check.detail ? (
				<Box paddingLeft={2}>
					<Text dimColor>{check.detail}</Text>
				</Box>
			) : null}
			{check.fix && check.outcome !== 'pass' ? (
				<Box paddingLeft={2}>
					<Text>{check.fix}</Text>
				</Box>
			) : null}
		</Box>
	);
}

function isLoginMethod(method: string | undefined): boolean {
	return method === 'claude-ai' || method === 'console-login';
}

/** What the checks found before anything is saved, and what can be done about it. */
export function MethodResultScreen({state, send}: ScreenProps<'method-result'>) {
	const checks = state.context.checks ?? [];
	const spec = specOf(state.context.method);
	const hasFailure = checks.some(check => check.outcome === 'fail');
	const actions = spec?.terminalActions?.(state.context.answers ?? {}, state.context.discovery ?? {}, checks) ?? [];
	const items: SelectItem[] = [
		...(hasFailure ? [] : [{value: 'continue', label: copy.form.choices.continue}]),
		...actions.map(action => ({value: `action:${action.id}`, label: action.label})),
		{value: 'retry', label: isLoginMethod(state.context.method) ? copy.form.choices.loginAgain : copy.form.choices.retry},
		{value: 'change', label: copy.form.choices.change},
		...(hasFailure ? [{value: 'keep-anyway', label: copy.form.choices.keepAnyway}] : []),
	];
	return (
		<Box flexDirection="column">
			<Text bold>{hasFailure ? copy.form.failedTitle : copy.form.passedTitle}</Text>
			<Box marginTop={1} flexDirection="column">
				{checks.length === 0 ? <Text dimColor>{copy.form.nothingToCheck}</Text> : null}
				{checks.map(check => (
					<CheckLine key={check.id} check={check} />
				))}
			</Box>
			<Box marginTop={1}>
				<SelectList
					key={checks.map(check => check.id + check.outcome).join()}
					items={items}
					onSelect={value => {
						send({type: 'choose', value});
					}}
				/>
			</Box>
		</Box>
	);
}
