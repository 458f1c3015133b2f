import {describe, expect, it} from 'vitest';
import {applySettingsPatch, detectFormatting, parseSettings} from '../../source/core/settings/edit.js';

const setHelper = {set: [{path: ['apiKeyHelper'], value: "'/h/helper'"}], remove: []};

describe('parseSettings', () => {
	it.each([
		['a trailing comma', '{\n  "a": 1,\n}\n', 3, 1],
		['a truncated file', '{\n  "a": {\n    "b": 1', 3, 11],
		['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3],
		['a comment', '{\n  // hi\n  "a": 1\n}', 2, 3],
	])('reports %s with its line and column', (_name, text, line, column) => {
		const parsed = parseSettings(text);
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? undefined : {line: parsed.problem.line, column: parsed.problem.column}).toEqual({line, column});
	});

	it.each([['[]'], ['"text"'], ['42'], ['null']])('refuses %s at the top level', text => {
		const parsed = parseSettings(text);
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? '' : parsed.problem.message).toMatch(/one JSON object/);
	});

	it('reads an empty file, a BOM and CRLF', () => {
		expect(parseSettings('')).toEqual({ok: true, data: {}});
		expect(parseSettings('\uFEFF{"a": 1}')).toEqual({ok: true, data: {a: 1}});
		expect(parseSettings('{\r\n  "a": 1\r\n}\r\n')).toEqual({ok: true, data: {a: 1}});
	});
});

describe('applySettingsPatch', () => {
	it('creates a fresh file', () => {
		const result = applySettingsPatch('', setHelper);
		expect(result).toEqual({ok: true, text: '{\n  "apiKeyHelper": "\'/h/helper\'"\n}\n'});
	});

	it('keeps every other key, their order and values', () => {
		const before = JSON.stringify(
			{$schema: 'https://json.schemastore.org/claude-code-settings.json', permissions: {allow: ['Bash(ls)']}, env: {FOO: 'é ✓'}, zzz: [1, {x: null}]},
			null,
			2,
		);
		const result = applySettingsPatch(before, setHelper);
		if (!result.ok) {
			throw new Error('expected ok');
		}

		const after = JSON.parse(result.text) as Record<string, unknown>;
		expect(after).toEqual({...(JSON.parse(before) as object), apiKeyHelper: "'/h/helper'"});
		expect(Object.keys(after)).toEqual(['$schema', 'permissions', 'env', 'zzz', 'apiKeyHelper']);
		// Only the new member is added; every original line is still there.
		for (const line of before.split('\n').slice(1, -1)) {
			expect(result.text).toContain(line.replace(/,$/, ''));
		}
	});

	it('replaces an existing value in place', () => {
		const before = '{\n\t"apiKeyHelper": "old",\n\t"model": "opus"\n}\n';
		const result = applySettingsPatch(before, setHelper);
		expect(result).toEqual({ok: true, text: '{\n\t"apiKeyHelper": "\'/h/helper\'",\n\t"model": "opus"\n}\n'});
	});

	it('keeps CRLF line endings and a BOM', () => {
		const before = '\uFEFF{\r\n    "model": "opus"\r\n}\r\n';
		const result = applySettingsPatch(before, setHelper);
		expect(result.ok && result.text.startsWith('\uFEFF{\r\n    "model": "opus",\r\n    "apiKeyHelper"')).toBe(true);
		expect(result.ok && result.text.replaceAll('\r\n', '').includes('\n')).toBe(false);
	});

	it('removes members and leaves siblings', () => {
		const before = '{\n  "env": {\n    "A": "1",\n    "B": "2"\n  }\n}\n';
		const result = applySettingsPatch(before, {set: [], remove: [['env', 'A'], ['not', 'there']]});
		expect(result.ok && JSON.parse(result.text)).toEqual({env: {B: '2'}});
	});

	it('refuses to touch a file that does not parse', () => {
		const result = applySettingsPatch('{"a": 1,}', setHelper);
		expect(result.ok).toBe(false);
	});

	it('detects tabs and indentation width', () => {
		expect(detectFormatting('{\n\t"a": 1\n}')).toMatchObject({insertSpaces: false});
		expect(detectFormatting('{\n    "a": 1\n}')).toMatchObject({insertSpaces: true, tabSize: 4});
	});
});

describe('applySettingsPatch keeps every byte it does not own', () => {
	it.each([
		[
			'a one-line member before the insertion',
			'{\n  "permissions": {"allow": ["Bash(ls)"]}\n}\n',
			'{\n  "permissions": {"allow": ["Bash(ls)"]},\n  "apiKeyHelper": "\'/h/helper\'"\n}\n',
		],
		[
			'two members on one line',
			'{\n  "model": "opus", "permissions": {"allow": ["Bash(ls)"]}\n}\n',
			'{\n  "model": "opus", "permissions": {"allow": ["Bash(ls)"]},\n  "apiKeyHelper": "\'/h/helper\'"\n}\n',
		],
		[
			'odd spacing and a trailing blank line',
			'{\n    "model" :   "opus"\n\n}\n\n',
			'{\n    "model" :   "opus",\n    "apiKeyHelper": "\'/h/helper\'"\n\n}\n\n',
		],
	])('adds a member after %s without touching the rest', (_name, before, after) => {
		expect(applySettingsPatch(before, setHelper)).toEqual({ok: true, text: after});
	});

	it('adds a nested member to an existing object, and creates the path when missing', () => {
		const before = '{\n\t"env": {"A": "1"}\n}\n';
		const nested = applySettingsPatch(before, {set: [{path: ['env', 'B'], value: '2'}], remove: []});
		expect(nested).toEqual({ok: true, text: '{\n\t"env": {"A": "1",\n\t\t"B": "2"}\n}\n'});
		const created = applySettingsPatch('{\n  "model": "opus"\n}\n', {set: [{path: ['env', 'B'], value: '2'}], remove: []});
		expect(created).toEqual({ok: true, text: '{\n  "model": "opus",\n  "env": {\n    "B": "2"\n  }\n}\n'});
	});

	it('removes a member and only its comma', () => {
		const before = '{\n  "model": "opus", "apiKeyHelper": "x",\n  "permissions": {"allow": []}\n}\n';
		const result = applySettingsPatch(before, {set: [], remove: [['apiKeyHelper']]});
		expect(result).toEqual({ok: true, text: '{\n  "model": "opus",\n  "permissions": {"allow": []}\n}\n'});
		const only = applySettingsPatch('{\n  "apiKeyHelper": "x"\n}\n', {set: [], remove: [['apiKeyHelper']]});
		expect(only).toEqual({ok: true, text: '{}\n'});
	});
});
