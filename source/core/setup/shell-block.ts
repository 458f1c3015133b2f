import {findFencedBlock, removeFencedBlock, upsertFencedBlock, type Fence} from './fenced-block.js';

/**
The `claude` shell function claude-setup adds when a secret can reach Claude Code only through an
environment variable (a Foundry or Bedrock API key). It sets the variable for that one command,
read from the keychain by claude-setup's helper at the moment Claude Code starts: nothing is
exported to every program of the shell, and the key is never written to a file in plaintext.
The block is fenced by markers so a later run replaces or removes exactly it.
*/
export const blockStart = '# >>> claude-setup: Claude Code reads its key from the keychain >>>';
export const blockEnd = '# <<< claude-setup <<<';
const fence: Fence = {start: blockStart, end: blockEnd};

export type ShellSecretLine = {variable: string; command: string};

export function shellBlock(secrets: readonly ShellSecretLine[]): string {
	const assignments = secrets.map(({variable, command}) => `${variable}="$(${command})"`).join(' ');
	return [
		blockStart,
		'# Added by `npx claude-setup`; run it again to change or remove this.',
		`claude() { ${assignments} command claude "$@"; }`,
		blockEnd,
	].join('\n');
}

/** The text with the block replaced, or appended after a blank line. */
export function upsertShellBlock(text: string, secrets: readonly ShellSecretLine[]): string {
	return upsertFencedBlock(text, fence, shellBlock(secrets));
}

/** The text without the block (and the blank line put before it), unchanged when there is none. */
export function removeShellBlock(text: string): string {
	return removeFencedBlock(text, fence);
}

export function hasShellBlock(text: string): boolean {
	return findFencedBlock(text, fence) !== undefined;
}
