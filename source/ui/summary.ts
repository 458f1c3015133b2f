import {findAuthMethod} from '../core/auth/methods.js';
import {maskSecret} from '../core/secrets/mask.js';
import {groupOf, stepOrder, type State} from '../core/wizard/state.js';
import {copy, stepTitles} from './copy.js';

/** The one-line summaries of the steps already behind the user, derived from state (never stored). */
export type CompletedLine = {text: string; isSkipped?: boolean};

export function completedLines(state: State, show: (path: string) => string): CompletedLine[] {
	const group = groupOf(state.step);
	const reached = group ? stepOrder.indexOf(group) : state.step === 'done' || state.step === 'cancelled' ? stepOrder.length : -1;
	const {context} = state;
	const lines: CompletedLine[] = [];
	const passed = (name: (typeof stepOrder)[number]) => stepOrder.indexOf(name) < reached;

	if (passed('invite') && context.invite) {
		lines.push({text: `${stepTitles.invite}: ${copy.invite.summary[context.invite]}`});
	}

	const results = context.requirements?.results;
	if (passed('requirements') && results) {
		const count = (status: string) => results.filter(row => row.status === status).length;
		lines.push({text: `${stepTitles.requirements}: ${copy.requirements.summary(count('pass'), count('warn'), count('fail'))}`, isSkipped: count('fail') > 0});
	}

	if (passed('install') && context.claude) {
		lines.push(
			context.claude.found
				? {text: `${stepTitles.install}: ${context.claude.version}`}
				: {text: `${stepTitles.install}: not found`, isSkipped: true},
		);
	}

	if (passed('auth-method') && context.method) {
		lines.push({text: `${stepTitles['auth-method']}: ${findAuthMethod(context.method)?.label ?? context.method}`});
	}

	if (passed('configure') && context.apiKey) {
		const checked = context.keyCheck?.kind === 'valid' ? 'checked' : 'not checked';
		lines.push({text: `API key: ${maskSecret(context.apiKey)} (${checked}), kept in ${context.backend === 'keychain' ? 'the keychain' : 'a 0600 file'}`});
	}

	if (passed('configure') && context.checks && context.configuration) {
		const failed = context.checks.filter(check => check.outcome === 'fail').length;
		const passedChecks = context.checks.filter(check => check.outcome === 'pass').length;
		lines.push({
			text: `${stepTitles.configure}: ${failed > 0 ? `saved with ${failed} check${failed === 1 ? '' : 's'} failing` : passedChecks > 0 ? `${passedChecks} check${passedChecks === 1 ? '' : 's'} passed` : 'not checkable before use'}`,
			isSkipped: failed > 0,
		});
	}

	if (passed('review') && context.commit) {
		lines.push({text: `Saved: ${show(context.commit.path)}`});
	}

	return lines;
}
