/**
Finds the shell start-up lines that export a credential or a provider switch, so the doctor can say
"line 12 of ~/.bashrc exports ANTHROPIC_API_KEY" rather than only "it is in the environment".
A static reading, not a shell: it understands `export A=…`, `declare -x`/`typeset -x`, a bare
`A=…` followed by `export A`, `unset A`, and fish's `set -gx A …` / `set -e A`. Conditionals are
not followed, so a guarded export is still reported (a person reads the line anyway).
*/

export const watchedVariables: readonly string[] = [
	'ANTHROPIC_API_KEY',
	'ANTHROPIC_AUTH_TOKEN',
	'CLAUDE_CODE_USE_BEDROCK',
	'CLAUDE_CODE_USE_VERTEX',
	'CLAUDE_CODE_USE_FOUNDRY',
];

export type ShellExport = {
	/** The file as given (the caller decides how paths are shown). */
	file: string;
	/** 1-based. */
	line: number;
	variable: string;
	/**
	The value, unquoted; undefined when it is computed (`$(…)`, `$VAR`, backticks) and so cannot be
	known without running the shell. It can be a secret: never print it.
	*/
	value: string | undefined;
};

/** Every export still in effect at the end of each file, in file then line order. */
export function scanShellExports(files: ReadonlyArray<{path: string; text: string}>, variables: readonly string[] = watchedVariables): ShellExport[] {
	return files.flatMap(file => scanFile(file.path, file.text, new Set(variables)));
}

function scanFile(file: string, text: string, variables: ReadonlySet<string>): ShellExport[] {
	const active = new Map<string, ShellExport>();
	// Plain assignments, remembered so a later bare `export NAME` knows the value.
	const assigned = new Map<string, string | undefined>();
	const isFish = /\.fish$/.test(file);
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const line = stripComment(raw);
		if (line.trim() === '') {
			continue;
		}

		for (const statement of line.split(/;|&&|\|\|/)) {
			const found = isFish ? fishStatement(statement) : undefined;
			for (const event of found ?? posixStatement(statement)) {
				if (!variables.has(event.variable)) {
					continue;
				}

				switch (event.kind) {
					case 'export': {
						const value = event.hasValue ? event.value : assigned.get(event.variable);
						active.set(event.variable, {file, line: index + 1, variable: event.variable, value});
						break;
					}

					case 'assign': {
						assigned.set(event.variable, event.value);
						break;
					}

					case 'unset': {
						active.delete(event.variable);
						assigned.delete(event.variable);
						break;
					}
				}
			}
		}
	}

	return [...active.values()].sort((a, b) => a.line - b.line);
}

type Event =
	| {kind: 'export'; variable: string; hasValue: boolean; value: string | undefined}
	| {kind: 'assign'; variable: string; value: string | undefined}
	| {kind: 'unset'; variable: string};

const word = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'])+`;

function posixStatement(statement: string): Event[] {
	const trimmed = statement.trim().replace(/^(?:then|do|else|\{|\()\s+/, '');
	const exported = /^(?:export|declare\s+-[a-zA-Z]*x[a-zA-Z]*|typeset\s+-[a-zA-Z]*x[a-zA-Z]*)\s+(.*)$/.exec(trimmed);
	if (exported) {
		return words(exported[1] ?? '').flatMap((part): Event[] => {
			const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(part);
			if (assignment) {
				return [{kind: 'export', variable: assignment[1] ?? '', hasValue: true, value: unquote(assignment[2] ?? '')}];
			}

			return /^[A-Za-z_]\w*$/.test(part) ? [{kind: 'export', variable: part, hasValue: false, value: undefined}] : [];
		});
	}

	const unset = /^unset\s+(?:-v\s+)?(.*)$/.exec(trimmed);
	if (unset) {
		return words(unset[1] ?? '').map(variable => ({kind: 'unset' as const, variable}));
	}

	const assignment = /^([A-Za-z_]\w*)=(\S*)$/.exec(trimmed);
	return assignment ? [{kind: 'assign', variable: assignment[1] ?? '', value: unquote(assignment[2] ?? '')}] : [];
}

/** `set -gx NAME value…`, `set --export NAME value`, `set -e NAME`; undefined when not a `set`, so POSIX forms (fish has `export`) are tried. */
function fishStatement(statement: string): Event[] | undefined {
	const parts = words(statement.trim());
	if (parts[0] !== 'set') {
		return undefined;
	}

	const flags = new Set<string>();
	let index = 1;
	for (; index < parts.length && (parts[index] ?? '').startsWith('-'); index++) {
		const flag = parts[index] ?? '';
		if (flag.startsWith('--')) {
			flags.add(flag);
		} else {
			for (const letter of flag.slice(1)) {
				flags.add(`-${letter}`);
			}
		}
	}

	const variable = parts[index];
	if (!variable || !/^[A-Za-z_]\w*$/.test(variable)) {
		return [];
	}

	if (flags.has('-e') || flags.has('--erase')) {
		return [{kind: 'unset', variable}];
	}

	if (!flags.has('-x') && !flags.has('--export')) {
		return [];
	}

	const values = parts.slice(index + 1).join(' ');
	// `(…)` is fish's command substitution: the value is computed.
	const value = /[()]/.test(values) ? undefined : unquote(values);
	return [{kind: 'export', variable, hasValue: true, value}];
}

function words(text: string): string[] {
	return text.match(new RegExp(word, 'g')) ?? [];
}

/** The literal value, or undefined when the shell would compute it. */
function unquote(raw: string): string | undefined {
	let value = '';
	for (const [, double, single, bare] of raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^"']+)/g)) {
		if (single !== undefined) {
			value += single;
			continue;
		}

		const part = double ?? bare ?? '';
		if (/[$`]/.test(part)) {
			return undefined;
		}

		value += part.replaceAll(/\\(.)/g, '$1');
	}

	return value;
}

/** Drops a `#` comment: one at the start of a word, outside quotes. */
function stripComment(line: string): string {
	let quote: string | undefined;
	for (let index = 0; index < line.length; index++) {
		const character = line[index];
		if (quote) {
			if (character === quote) {
				quote = undefined;
			} else if (character === '\\' && quote === '"') {
				index++;
			}
		} else if (character === '"' || character === "'") {
			quote = character;
		} else if (character === '\\') {
			index++;
		} else if (character === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
			return line.slice(0, index);
		}
	}

	return line;
}
