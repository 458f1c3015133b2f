import {findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError} from 'jsonc-parser';
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
	// A lone CR ends a line too (old Mac files), as it does in every editor.
	const lines = before.split(/\r\n|\r|\n/);
	return {line: lines.length, column: (lines.at(-1) ?? '').length + 1};
}

/**
What Claude Code itself gets from the file: `JSON.parse`, so a `"__proto__"` key is an ordinary key
(jsonc-parser's `parse` would make it the object's prototype) and nesting of any depth is read (the
recursive jsonc-parser overflows the stack somewhere past ten thousand levels). Only a file that
JSON.parse refuses is parsed again by jsonc-parser, for the line and column of the first problem.
*/
export function parseSettings(text: string): ParsedSettings {
	const body = stripBom(text);
	if (body.trim() === '') {
		return {ok: true, data: {}};
	}

	let data: unknown;
	try {
		data = JSON.parse(body);
	} catch {
		// JSON.parse's own message quotes the file, which may hold a key: it is never passed on.
		return {ok: false, problem: locateParseError(body)};
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		const start = body.length - body.trimStart().length;
		return {
			ok: false,
			problem: {message: `The file must hold one JSON object ({ … }), but it holds ${describeType(jsonType(data))}`, ...locate(body, start)},
		};
	}

	return {ok: true, data: data as Record<string, unknown>};
}

function locateParseError(body: string): ParseProblem {
	const errors: ParseError[] = [];
	try {
		parse(body, errors, {allowTrailingComma: false, disallowComments: true, allowEmptyContent: false});
	} catch (error) {
		if (error instanceof RangeError) {
			return {message: tooDeep, line: 1, column: 1};
		}

		throw error;
	}

	const first = errors[0];
	// Both parsers follow RFC 8259, so jsonc-parser finds what JSON.parse refused; should they ever
	// disagree, the file is still refused, only without a precise place.
	if (!first) {
		return {message: 'The JSON is not valid (Claude Code could not read it either)', line: 1, column: 1};
	}

	const code = printParseErrorCode(first.error);
	return {message: describeParseError(code), ...locate(body, first.offset + offsetInToken(body.slice(first.offset, first.offset + first.length), code))};
}

/** jsonc-parser places a bad character or escape at the start of its string: this finds the character itself. */
function offsetInToken(token: string, code: string): number {
	if (code !== 'InvalidCharacter' && code !== 'InvalidEscapeCharacter' && code !== 'InvalidUnicode') {
		return 0;
	}

	for (let index = 1; index < token.length; index++) {
		const char = token[index]!;
		if (char.charCodeAt(0) < 0x20) {
			return index;
		}

		if (char === '\\') {
			const next = token[index + 1] ?? '';
			const isValid = next === 'u' ? /^[\da-fA-F]{4}$/.test(token.slice(index + 2, index + 6)) : '"\\/bfnrt'.includes(next) && next !== '';
			if (!isValid) {
				return index;
			}

			index++;
		}
	}

	return 0;
}

const tooDeep = 'The file is nested too deeply for claude-setup to edit it safely (thousands of levels of [ or {)';

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

		case 'InvalidSymbol': {
			return 'This character cannot start a JSON value (a stray word, a single quote, or an invisible space pasted from the web?)';
		}

		case 'UnexpectedEndOfString': {
			return 'A string is not closed: its ending " is missing';
		}

		case 'InvalidCharacter': {
			return 'A string holds a raw control character (a tab or line break); write it as \\t or \\n';
		}

		case 'InvalidEscapeCharacter':
		case 'InvalidUnicode': {
			return 'A backslash escape in a string is not valid JSON (a Windows path needs \\\\ for each \\)';
		}

		case 'UnexpectedEndOfNumber': {
			return 'A number is cut short';
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
	const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
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

	try {
		const conflict = findConflict(body, patch);
		if (conflict) {
			return {ok: false, problem: conflict};
		}

		const style = detectFormatting(body);
		for (const path of patch.remove) {
			body = removeMember(body, path);
		}

		for (const {path, value} of patch.set) {
			body = setMember(body, path, value, style);
		}
	} catch (error) {
		// jsonc-parser's tree is built recursively: nesting JSON.parse reads may still be too deep for it.
		if (error instanceof RangeError) {
			return {ok: false, problem: {message: tooDeep, line: 1, column: 1}};
		}

		throw error;
	}

	return {ok: true, text: (hasBom ? '\uFEFF' : '') + body};
}

/**
What in the file forbids the patch, before anything is edited: a key on a path we touch that appears
twice in its object (Claude Code uses the last one, an edit by path would change the first, so the
change would silently not apply, or a removed key would live on), an object we must set a member in
that is something else (`"env": []` would otherwise get a second `"env"` beside it), or a value we
would overwrite that is of another type than ours (`"apiKeyHelper": 5` is not a command we may
replace without asking). A value we remove may be of any type: the review shows it going.
*/
function findConflict(body: string, patch: SettingsPatch): ParseProblem | undefined {
	const root = parseTree(body);
	if (!root) {
		return undefined;
	}

	const paths = [...patch.remove.map(path => ({path, value: undefined, isSet: false})), ...patch.set.map(({path, value}) => ({path, value, isSet: true}))];
	for (const {path, value, isSet} of paths) {
		let node: Node = root;
		for (const [index, key] of path.entries()) {
			const here = path.slice(0, index);
			if (node.type !== 'object') {
				if (!isSet) {
					break;
				}

				return {
					message: `"${here.join('.')}" is ${describeNode(node)}, but it must be an object ({ … }) for claude-setup to set "${path.join('.')}" in it. Make it {} (or remove it), then run claude-setup again`,
					...locate(body, node.offset),
				};
			}

			const members = (node.children ?? []).filter(member => member.children?.[0]?.value === key);
			if (members.length > 1) {
				const [first, second] = members;
				return {
					message: `"${[...here, key].join('.')}" appears twice (first at line ${locate(body, first!.offset).line}, column ${locate(body, first!.offset).column}); Claude Code uses only the last one, so claude-setup cannot tell which to change. Keep one, then run claude-setup again`,
					...locate(body, second!.offset),
				};
			}

			const valueNode = members[0]?.children?.[1];
			if (!valueNode) {
				break;
			}

			node = valueNode;
			if (isSet && index === path.length - 1 && node.type !== jsonType(value)) {
				return {
					message: `"${path.join('.')}" is ${describeNode(node)}, but Claude Code expects ${describeType(jsonType(value))} there, so claude-setup will not overwrite it. Fix it (or remove it), then run claude-setup again`,
					...locate(body, node.offset),
				};
			}
		}
	}

	return undefined;
}

function jsonType(value: unknown): Node['type'] {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'array';
	}

	switch (typeof value) {
		case 'string': {
			return 'string';
		}

		case 'number': {
			return 'number';
		}

		case 'boolean': {
			return 'boolean';
		}

		case 'object': {
			return 'object';
		}

		default: {
			return 'null';
		}
	}
}

function describeNode(node: Node): string {
	return node.type === 'null' ? 'null' : describeType(node.type);
}

function describeType(type: Node['type']): string {
	switch (type) {
		case 'object': {
			return 'an object';
		}

		case 'array': {
			return 'a list ([ … ])';
		}

		case 'string': {
			return 'text (a string)';
		}

		case 'number': {
			return 'a number';
		}

		case 'boolean': {
			return 'true or false';
		}

		default: {
			return 'null';
		}
	}
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
