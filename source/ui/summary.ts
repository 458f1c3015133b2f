import {findAuthMethod} from '../core/auth/methods.js';
import {maskSecret} from '../core/secrets/mask.js';
import {groupOf, stepOrder, type State} from '../core/wizard/state.js';
import {copy, stepTitles} from './copy.js';

/** The one-line summaries of the steps already behind the user, derived from state (never stored). */
export function completedLines(state: State): string[] {
	const group = groupOf(state.step);
	const reached = group ? stepOrder.indexOf(group) : state.step === 'done' || state.step === 'cancelled' ? stepOrder.length : -1;
	const {context} = state;
	const lines: string[] = [];
	const passed = (name: (typeof stepOrder)[number]) => stepOrder.indexOf(name) < reached;

	if (passed('invite') && context.invite) {
		lines.push(`${stepTitles.invite}: ${copy.invite.choices[context.invite]}`);
	}

	if (passed('requirements') && context.invite) {
		lines.push(`${stepTitles.requirements}: not checked (not built yet)`);
	}

	if (passed('install') && context.claude) {
		lines.push(`${stepTitles.install}: ${context.claude.found ? context.claude.version : 'not found'}`);
	}

	if (passed('auth-method') && context.method) {
		lines.push(`${stepTitles['auth-method']}: ${findAuthMethod(context.method)?.label ?? context.method}`);
	}

	if (passed('configure') && context.apiKey) {
		const checked = context.keyCheck?.kind === 'valid' ? 'checked' : 'not checked';
		lines.push(`API key: ${maskSecret(context.apiKey)} (${checked}), kept in ${context.backend === 'keychain' ? 'the keychain' : 'a 0600 file'}`);
	}

	if (passed('review') && context.commit) {
		lines.push(`Saved: ${context.commit.path}`);
	}

	return lines;
}
