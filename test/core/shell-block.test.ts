import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {quoteForShell} from '../../source/adapters/helper-installer.js';
import {blockEnd, blockStart, hasShellBlock, removeShellBlock, shellBlock, upsertShellBlock} from '../../source/core/setup/shell-block.js';

const foundry = [{variable: 'ANTHROPIC_FOUNDRY_API_KEY', command: "'/h/.claude/claude-setup/bin/api-key-helper' --secret foundry-api-key-0123abcd"}];
const bedrock = [{variable: 'AWS_BEARER_TOKEN_BEDROCK', command: "'/h/.claude/claude-setup/bin/api-key-helper' --secret bedrock-api-key-0123abcd"}];

function countOf(text: string, part: string): number {
	return text.split(part).length - 1;
}

describe('the block', () => {
	it('is fenced by the markers and defines claude() with the variable set for that one command', () => {
		expect(shellBlock(foundry)).toBe(
			[
				blockStart,
				'# Added by `npx claude-setup`; run it again to change or remove this.',
				`claude() { ANTHROPIC_FOUNDRY_API_KEY="$('/h/.claude/claude-setup/bin/api-key-helper' --secret foundry-api-key-0123abcd)" command claude "$@"; }`,
				blockEnd,
			].join('\n'),
		);
	});

	it('sets every variable on the one line', () => {
		const line = shellBlock([...foundry, ...bedrock]).split('\n')[2];
		expect(line).toMatch(/^claude\(\) \{ ANTHROPIC_FOUNDRY_API_KEY="\$\(.+\)" AWS_BEARER_TOKEN_BEDROCK="\$\(.+\)" command claude "\$@"; \}$/);
	});
});

describe('upsertShellBlock', () => {
	it('writes just the block and a newline into an empty file', () => {
		expect(upsertShellBlock('', foundry)).toBe(`${shellBlock(foundry)}\n`);
	});

	it('puts one blank line before the block after a file that ends with a newline', () => {
		const original = '# ~/.bashrc\nalias ll="ls -l"\n';
		expect(upsertShellBlock(original, foundry)).toBe(`${original}\n${shellBlock(foundry)}\n`);
	});

	it('ends the last line first when the file has no trailing newline', () => {
		const original = 'export EDITOR=vim';
		expect(upsertShellBlock(original, foundry)).toBe(`${original}\n\n${shellBlock(foundry)}\n`);
	});

	it('replaces an existing block in place, leaving the text around it alone', () => {
		const before = 'export A=1\n\n';
		const after = '\nexport B=2\n';
		const text = `${before}${shellBlock(foundry)}${after}`;
		const updated = upsertShellBlock(text, bedrock);
		expect(updated).toBe(`${before}${shellBlock(bedrock)}${after}`);
		expect(countOf(updated, blockStart)).toBe(1);
		expect(countOf(updated, blockEnd)).toBe(1);
		expect(upsertShellBlock(updated, bedrock)).toBe(updated);
	});

	it('treats a start marker without its end marker as no block (appends a whole one)', () => {
		const text = `${blockStart}\nclaude() { :; }\n`;
		expect(hasShellBlock(text)).toBe(false);
		expect(upsertShellBlock(text, foundry)).toBe(`${text}\n${shellBlock(foundry)}\n`);
		expect(removeShellBlock(text)).toBe(text);
	});
});

describe('removeShellBlock', () => {
	it.each([
		['an empty file', ''],
		['a file ending with a newline', '# ~/.bashrc\nexport PATH="$HOME/bin:$PATH"\n'],
		['a file ending with a blank line', 'alias g=git\n\n'],
		['a file with CRLF line ends', 'alias g=git\r\n'],
	])('gives back %s byte for byte after an upsert', (_name, original) => {
		const added = upsertShellBlock(original, foundry);
		expect(hasShellBlock(added)).toBe(true);
		expect(removeShellBlock(added)).toBe(original);
		// A second method's block replaces the first; removing it still gives back the original.
		expect(removeShellBlock(upsertShellBlock(added, bedrock))).toBe(original);
	});

	it('leaves a file without a block exactly as it is', () => {
		const text = 'export A=1\n# >>> something else >>>\n';
		expect(removeShellBlock(text)).toBe(text);
		expect(hasShellBlock(text)).toBe(false);
	});

	it('keeps what the user added after the block', () => {
		const text = `export A=1\n\n${shellBlock(foundry)}\nexport B=2\n`;
		expect(removeShellBlock(text)).toBe('export A=1\nexport B=2\n');
	});
});

describe('the block in a real bash', () => {
	const roots: string[] = [];
	afterEach(async () => {
		await Promise.all(roots.splice(0).map(async root => rm(root, {recursive: true, force: true})));
	});

	it('hands the helper output to claude when the helper path holds quotes, spaces, $ and parentheses', async () => {
		const root = await mkdtemp(path.join(tmpdir(), 'claude-setup-shell-block-'));
		roots.push(root);
		const odd = path.join(root, `o'brien "home" $HOME (x)`, 'bin');
		await mkdir(odd, {recursive: true});
		const helper = path.join(odd, 'api-key-helper');
		// The helper prints the secret named after --secret, as claude-setup's helper does.
		await writeFile(helper, '#!/bin/sh\nprintf "value-of-%s" "$2"\n');
		await chmod(helper, 0o755);
		const bin = path.join(root, 'bin');
		await mkdir(bin);
		await writeFile(path.join(bin, 'claude'), '#!/bin/sh\nprintf "%s|%s|%s" "$ANTHROPIC_FOUNDRY_API_KEY" "$AWS_BEARER_TOKEN_BEDROCK" "$*"\n');
		await chmod(path.join(bin, 'claude'), 0o755);
		const rc = path.join(root, 'bashrc');
		const command = (secret: string) => `${quoteForShell(helper)} --secret ${secret}`;
		await writeFile(rc, upsertShellBlock('', [{variable: 'ANTHROPIC_FOUNDRY_API_KEY', command: command('foundry-api-key-1')}, {variable: 'AWS_BEARER_TOKEN_BEDROCK', command: command('bedrock-api-key-1')}]));
		const result = await execa('/bin/bash', ['--noprofile', '--norc', '-c', `. ${quoteForShell(rc)} && claude -p "a b" && printf "|after:%s" "\${ANTHROPIC_FOUNDRY_API_KEY-unset}"`], {
			env: {PATH: `${bin}:/usr/bin:/bin`},
			extendEnv: false,
			reject: false,
		});
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe('value-of-foundry-api-key-1|value-of-bedrock-api-key-1|-p a b|after:unset');
	});
});
