import type {ChangePlan} from '../core/wizard/state.js';
import {copy} from './copy.js';

/**
The review as lines (the wizard's review screen and the scripted `--dry-run` share it): what is
stored, installed, and written where, then what would still get in the way.
*/
export function planActions(plan: ChangePlan, show: (target: string) => string): string[] {
	const lines: string[] = [];
	for (const secret of plan.secrets) {
		lines.push(copy.review.secret(secret.location === 'keychain' ? 'keychain' : show(secret.location), secret.replaces, secret.label));
	}

	if (plan.helperDirectory) {
		lines.push(copy.review.helper(show(plan.helperDirectory)));
	}

	for (const old of plan.removeSecrets) {
		lines.push(copy.review.removeSecret(old.label));
	}

	return lines;
}

export function planWarnings(plan: ChangePlan, show: (target: string) => string): string[] {
	return [
		...plan.shellOverrides.map(override => copy.review.shellOverride(override.variable, override.file ? `${show(override.file)}, line ${override.line ?? '?'}` : undefined)),
		...plan.remainingElsewhere.map(entry => (entry.isManaged ? copy.review.managedElsewhere(show(entry.path), entry.keys) : copy.review.remainingElsewhere(show(entry.path), entry.keys))),
		...plan.overrides.map(credential => copy.review.override(credential)),
	];
}
