import {withoutControlCharacters} from './run-effect.js';

/**
What the wizard says when its own code fails where it should have reported a result. The code of
every step after the first screen is loaded when that screen is up (real-ports.ts, run-effect.ts,
later-steps-loader.ts); if claude-setup's files are removed or replaced while it runs (the npx cache
cleared, a global install upgraded), that load fails. Anything else is a bug: the message names the
error's kind only, since its text could quote anything the failing code held.
*/
export function describeCrash(error: unknown): string {
	const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
	if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ENOENT') {
		const detail = error instanceof Error ? ` (${withoutControlCharacters(error.message.split('\n')[0] ?? '')})` : '';
		return `part of claude-setup's own code is missing${detail}: were its files removed or replaced while it ran? Run claude-setup again`;
	}

	const kind = error instanceof Error ? error.name : typeof error;
	return `claude-setup stopped on an error of its own (${withoutControlCharacters(kind)}). Run it again; if this happens again, please report it`;
}
