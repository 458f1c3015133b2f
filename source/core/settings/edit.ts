import {findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError} from 'jsonc-parser';
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
/** How a file is laid out, so our edit looks like the user's. */
export type Style = {insertSpaces: boolean; tabSize: number; eol: string};

export function detectFormatting(text: string): Style {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const indented = /^([ \t]+)\S/m.exec(text);
	const indent = indented?.[1] ?? '  ';
	return indent.startsWith('\t')
		? {insertSpaces: false, tabSize: 1, eol}
		: {insertSpaces: true, tabSize: indent.length, eol};
}

/**
Returns the new text after applying the patch, or the parse problem that forbids touching the file.
Edits are made by hand on the text, member by member: jsonc-parser's own `modify` re-formats the
member before an insertion (a one-line `"permissions": {...}` would come back spread over five
lines), and every byte we do not own must stay as the user wrote it. A missing or empty file
becomes a fresh, two-space indented object.
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

	const style = detectFormatting(body);
	for (const path of patch.remove) {
		body = removeMember(body, path);
	}

	for (const {path, value} of patch.set) {
		body = setMember(body, path, value, style);
	}

	return {ok: true, text: (hasBom ? '\uFEFF' : '') + body};
}

function indentUnit(style: Style): string {
	return style.insertSpaces ? ' '.repeat(style.tabSize) : '\t';
}

/** The JSON for a value, indented to sit at `depth` in the file. */
function serialize(value: unknown, depth: number, style: Style): string {
	const unit = indentUnit(style);
	return JSON.stringify(value, null, unit).split('\n').join(style.eol + unit.repeat(depth));
}

function setMember(body: string, path: SettingsPath, value: unknown, style: Style): string {
	const root = parseTree(body);
	if (!root) {
		return body;
	}

	const existing = findNodeAtLocation(root, [...path]);
	if (existing) {
		return body.slice(0, existing.offset) + serialize(value, path.length, style) + body.slice(existing.offset + existing.length);
	}

	// The deepest object on the path that exists gets one new member holding the rest of the path.
	let depth = path.length - 1;
	let parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth) as string[]);
	while (!parent || parent.type !== 'object') {
		depth--;
		parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth) as string[]);
		if (depth < 0) {
			return body;
		}
	}

	let nested: unknown = value;
	for (const key of path.slice(depth + 1).reverse()) {
		nested = {[key]: nested};
	}

	const unit = indentUnit(style);
	const member = `${JSON.stringify(path[depth])}: ${serialize(nested, depth + 1, style)}`;
	const children = parent.children ?? [];
	const last = children.at(-1);
	if (last) {
		const insertAt = last.offset + last.length;
		return body.slice(0, insertAt) + `,${style.eol}${unit.repeat(depth + 1)}${member}` + body.slice(insertAt);
	}

	// An empty object: open it up on its own lines.
	const close = parent.offset + parent.length - 1;
	return body.slice(0, parent.offset + 1) + `${style.eol}${unit.repeat(depth + 1)}${member}${style.eol}${unit.repeat(depth)}` + body.slice(close);
}

function removeMember(body: string, path: SettingsPath): string {
	const root = parseTree(body);
	const valueNode = root ? findNodeAtLocation(root, [...path]) : undefined;
	const property = valueNode?.parent;
	const siblings = property?.parent?.children;
	if (!property || property.type !== 'property' || !siblings) {
		return body;
	}

	const index = siblings.indexOf(property);
	const previous = siblings[index - 1];
	const next = siblings[index + 1];
	if (previous) {
		// From the end of the member before (taking its comma) to the end of this one.
		return body.slice(0, previous.offset + previous.length) + body.slice(property.offset + property.length);
	}

	if (next) {
		return body.slice(0, property.offset) + body.slice(next.offset);
	}

	// The only member: leave an empty object.
	const parent = property.parent!;
	return body.slice(0, parent.offset + 1) + body.slice(parent.offset + parent.length - 1);
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
