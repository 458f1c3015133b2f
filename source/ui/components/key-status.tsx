import {Text} from 'ink';
import {maskSecret} from '../../core/secrets/mask.js';
import type {Context} from '../../core/wizard/state.js';
import {copy} from '../copy.js';

/** One line after the key step, so the user sees the check's result before being asked anything else. */
export function KeyStatus({context}: {context: Context}) {
	if (context.apiKey === undefined) {
		return null;
	}

	const hint = maskSecret(context.apiKey);
	return context.keyCheck?.kind === 'valid' ? (
		<Text color="green">✔ {copy.keyAccepted(hint)}</Text>
	) : (
		<Text color="yellow">! {copy.keyNotChecked(hint)}</Text>
	);
}
