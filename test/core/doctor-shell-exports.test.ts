import {describe, expect, it} from 'vitest';
import {scanShellExports} from '../../source/core/doctor/shell-exports.js';

/** One file's exports as `line variable=value` strings, for compact tables. */
function scan(text: string, file = '/home/u/.bashrc'): string[] {
	return scanShellExports([{path: file, text}]).map(found => `${found.line} ${found.variable}=${found.value ?? '<computed>'}`);
}

describe('scanShellExports finds credential exports with their line', () => {
	it.each([
		['a plain export', 'export ANTHROPIC_API_KEY=abc', ['1 ANTHROPIC_API_KEY=abc']],
		['double quotes', 'export ANTHROPIC_API_KEY="abc def"', ['1 ANTHROPIC_API_KEY=abc def']],
		['single quotes', "export ANTHROPIC_AUTH_TOKEN='t0k'", ['1 ANTHROPIC_AUTH_TOKEN=t0k']],
		['several on one export', 'export FOO=1 CLAUDE_CODE_USE_BEDROCK=1 BAR=2', ['1 CLAUDE_CODE_USE_BEDROCK=1']],
		['declare -x', 'declare -x CLAUDE_CODE_USE_VERTEX=1', ['1 CLAUDE_CODE_USE_VERTEX=1']],
		['typeset -x', 'typeset -x CLAUDE_CODE_USE_FOUNDRY=1', ['1 CLAUDE_CODE_USE_FOUNDRY=1']],
		['behind a guard', '[ -f ~/.key ] && export ANTHROPIC_API_KEY=abc', ['1 ANTHROPIC_API_KEY=abc']],
		['inside if/then', 'if true; then export ANTHROPIC_API_KEY=abc; fi', ['1 ANTHROPIC_API_KEY=abc']],
		['a computed value', 'export ANTHROPIC_API_KEY=$(cat ~/.key)', ['1 ANTHROPIC_API_KEY=<computed>']],
		['a computed value in quotes', 'export ANTHROPIC_API_KEY="$SECRET"', ['1 ANTHROPIC_API_KEY=<computed>']],
		['an empty export', 'export ANTHROPIC_API_KEY=', ['1 ANTHROPIC_API_KEY=']],
		['assigned, then exported', 'ANTHROPIC_API_KEY=abc\nexport ANTHROPIC_API_KEY', ['2 ANTHROPIC_API_KEY=abc']],
		['an indented export after other lines', '# my rc\nalias ll="ls -l"\n  export ANTHROPIC_API_KEY=abc', ['3 ANTHROPIC_API_KEY=abc']],
		['CRLF line endings', 'echo hi\r\nexport ANTHROPIC_API_KEY=abc\r\n', ['2 ANTHROPIC_API_KEY=abc']],
	])('%s', (_name, text, expected) => {
		expect(scan(text)).toEqual(expected);
	});
});

describe('scanShellExports ignores what does not export', () => {
	it.each([
		['a comment', '# export ANTHROPIC_API_KEY=abc'],
		['a trailing comment', 'echo hi # export ANTHROPIC_API_KEY=abc'],
		['a plain assignment (not exported)', 'ANTHROPIC_API_KEY=abc'],
		['another variable', 'export ANTHROPIC_BASE_URL=https://example.com'],
		['a name that only starts the same', 'export ANTHROPIC_API_KEY_FILE=/tmp/x'],
		['an export later unset', 'export ANTHROPIC_API_KEY=abc\nunset ANTHROPIC_API_KEY'],
		['an echo that mentions it', 'echo "export ANTHROPIC_API_KEY=abc"'],
	])('%s', (_name, text) => {
		expect(scan(text)).toEqual([]);
	});
});

describe('fish', () => {
	it.each([
		['set -gx', 'set -gx ANTHROPIC_API_KEY abc', ['1 ANTHROPIC_API_KEY=abc']],
		['set -x -g', 'set -x -g ANTHROPIC_AUTH_TOKEN "t0k"', ['1 ANTHROPIC_AUTH_TOKEN=t0k']],
		['set --export --global', 'set --export --global CLAUDE_CODE_USE_BEDROCK 1', ['1 CLAUDE_CODE_USE_BEDROCK=1']],
		['a command substitution', 'set -gx ANTHROPIC_API_KEY (cat ~/.key)', ['1 ANTHROPIC_API_KEY=<computed>']],
		['fish also has export', 'export ANTHROPIC_API_KEY=abc', ['1 ANTHROPIC_API_KEY=abc']],
		['a global that is not exported', 'set -g ANTHROPIC_API_KEY abc', []],
		['set then erased', 'set -gx ANTHROPIC_API_KEY abc\nset -e ANTHROPIC_API_KEY', []],
	])('%s', (_name, text, expected) => {
		expect(scan(text, '/home/u/.config/fish/config.fish')).toEqual(expected);
	});
});

it('keeps each file apart and names it, the last export of a variable winning within a file', () => {
	const found = scanShellExports([
		{path: '/h/.bashrc', text: 'export ANTHROPIC_API_KEY=one\necho\nexport ANTHROPIC_API_KEY=two'},
		{path: '/h/.zshrc', text: '\n\n\n\nexport ANTHROPIC_AUTH_TOKEN=t'},
	]);
	expect(found).toEqual([
		{file: '/h/.bashrc', line: 3, variable: 'ANTHROPIC_API_KEY', value: 'two'},
		{file: '/h/.zshrc', line: 5, variable: 'ANTHROPIC_AUTH_TOKEN', value: 't'},
	]);
});
