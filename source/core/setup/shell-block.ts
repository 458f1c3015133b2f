/**
The `claude` shell function claude-setup adds when a secret can reach Claude Code only through an
environment variable (a Foundry or Bedrock API key). It sets the variable for that one command,
read from the keychain by claude-setup's helper at the moment Claude Code starts: nothing is
exported to every program of the shell, and the key is never written to a file in plaintext.
The block is fenced by markers so a later run replaces or removes exactly it.
*/
export const blockStart = '# >>> claude-setup: Claude Code reads its key from the keychain >>>';
export const blockEnd = '# <<< claude-setup <<<';

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
	const block = shellBlock(secrets);
	const range = findBlock(text);
	if (range) {
		return text.slice(0, range.start) + block + text.slice(range.end);
	}

	const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
	return `${text}${separator}${block}\n`;
}

/** The text without the block (and the blank line put before it), unchanged when there is none. */
export function removeShellBlock(text: string): string {
	const range = findBlock(text);
	if (!range) {
		return text;
	}

	let start = range.start;
	let end = range.end;
	if (text[end] === '\n') {
		end += 1;
	}

	if (text.slice(0, start).endsWith('\n\n')) {
		start -= 1;
	}

	return text.slice(0, start) + text.slice(end);
}

export function hasShellBlock(text: string): boolean {
	return findBlock(text) !== undefined;
}

function findBlock(text: string): {start: number; end: number} | undefined {
	const start = text.indexOf(blockStart);
	if (start === -1) {
		return undefined;
	}

	const endMarker = text.indexOf(blockEnd, start);
	return endMarker === -1 ? undefined : {start, end: endMarker + blockEnd.length};
}
