import {applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError} from 'jsonc-parser';
import type {ParseProblem} from '../ports.js';

/**
Claude Code's settings are strict JSON. We edit them in place with jsonc-parser so every key we do
not own, the key order and the user's indentation all survive; only the members we change move.
*/

export type SettingsPath = ReadonlyArray<string>;

export type SettingsPatch = {
	set: ReadonlyArray<{path: SettingsPath; value: unknown}>;
	remove: readonly SettingsPath[];
};

export type ParsedSettings =
	| {ok: true; data: Record<string, unknown>}
	| {ok: false; problem: ParseProblem};

export function locate(text: string, offset: number): {line: number; column: number} {
	const before = text.slice(0, offset);
	const lines = before.split('\n');
	return {line: lines.length, column: (lines.at(-1) ?? '').length + 1};
}

export function parseSettings(text: string): ParsedSettings {
	const body = stripBom(text);
	if (body.trim() === '') {
		return {ok: true, data: {}};
	}

	const errors: ParseError[] = [];
	const data: unknown = parse(body, errors, {allowTrailingComma: false, disallowComments: true, allowEmptyContent: false});
	const first = errors[0];
	if (first) {
		const where = locate(body, first.offset);
		return {ok: false, problem: {message: describeParseError(printParseErrorCode(first.error)), ...where}};
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return {
			ok: false,
			problem: {message: 'The file must hold one JSON object ({ … }), but it holds something else', line: 1, column: 1},
		};
	}

	return {ok: true, data: data as Record<string, unknown>};
}

function describeParseError(code: string): string {
	switch (code) {
		case 'InvalidCommentToken': {
			return 'Comments are not allowed in settings files (Claude Code reads strict JSON)';
		}

		case 'PropertyNameExpected':
		case 'ValueExpected': {
			return 'A value or property name is missing here (a trailing comma, perhaps)';
		}

		case 'CommaExpected': {
			return 'A comma is missing here';
		}

		case 'CloseBraceExpected': {
			return 'The file ends before its closing brace (it may be cut short)';
		}

		case 'EndOfFileExpected': {
			return 'There is text after the end of the JSON object';
		}

		default: {
			return `The JSON is not valid here (${code})`;
		}
	}
}

function stripBom(text: string): string {
	return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Detects the file's own indentation and line ending so our edit looks like the user's. */
export function detectFormatting(text: string): FormattingOptions {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const indented = /^([ \t]+)\S/m.exec(text);
	const indent = indented?.[1] ?? '  ';
	return indent.startsWith('\t')
		? {insertSpaces: false, tabSize: 1, eol}
		: {insertSpaces: true, tabSize: indent.length, eol};
}

/**
Returns the new text after applying the patch, or the parse problem that forbids touching the file.
A missing or empty file becomes a fresh, two-space indented object.
*/
export function applySettingsPatch(text: string, patch: SettingsPatch): {ok: true; text: string} | {ok: false; problem: ParseProblem} {
	const parsed = parseSettings(text);
	if (!parsed.ok) {
		return parsed;
	}

	const hasBom = text.startsWith('\uFEFF');
	let body = stripBom(text);
	if (body.trim() === '') {
		body = '{}\n';
	}

	const formattingOptions = detectFormatting(body);
	for (const path of patch.remove) {
		if (hasPath(parsed.data, path)) {
			body = applyEdits(body, modify(body, [...path], undefined, {formattingOptions}));
		}
	}

	for (const {path, value} of patch.set) {
		body = applyEdits(body, modify(body, [...path], value, {formattingOptions}));
	}

	if (body === '{}\n' || body.trim() === '{}') {
		body = '{}\n';
	}

	return {ok: true, text: (hasBom ? '\uFEFF' : '') + body};
}

export function hasPath(data: unknown, path: SettingsPath): boolean {
	let current: unknown = data;
	for (const key of path) {
		if (typeof current !== 'object' || current === null || !(key in current)) {
			return false;
		}

		current = (current as Record<string, unknown>)[key];
	}

	return true;
}

export function valueAt(data: unknown, path: SettingsPath): unknown {
	let current: unknown = data;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) {
			return undefined;
		}

		current = (current as Record<string, unknown>)[key];
	}

	return current;
}
