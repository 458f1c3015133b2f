import type {AuthMethodId} from './methods.js';
import type {MethodConfiguration} from './configuration.js';

/**
The questions of one auth method, as data. The wizard asks them one screen at a time with one
generic screen, so a method is a list of fields plus a function from the answers to a
configuration, all pure and testable without a terminal.
*/
export type Answers = Readonly<Record<string, string>>;

/** What the wizard learned before asking (AWS profiles, the gcloud project, …), per method. */
export type Discovery = Readonly<Record<string, unknown>>;

export type FieldOption = {value: string; label: string; description?: string};

export type Field = {
	id: string;
	kind: 'select' | 'text' | 'secret';
	title: (answers: Answers, discovery: Discovery) => string;
	/** Lines under the title: why it is asked, where to find it, what it costs. */
	help?: (answers: Answers, discovery: Discovery) => string[];
	/** Fields that do not apply to the answers so far are skipped (and their answers dropped). */
	isAsked?: (answers: Answers, discovery: Discovery) => boolean;
	options?: (answers: Answers, discovery: Discovery) => FieldOption[];
	/** The prefilled text, or the option selected first. */
	initial?: (answers: Answers, discovery: Discovery) => string | undefined;
	/** Turns what was typed or pasted into the value kept (trims, drops quotes). */
	normalize?: (value: string) => string;
	/** A problem with the value, in the user's terms; undefined when it is fine. */
	check?: (value: string, answers: Answers, discovery: Discovery) => string | undefined;
	/** An empty text answer is allowed (the field is optional). */
	isOptional?: boolean;
	/**
	Each person answers it for themselves (their credentials, their profile); a team preset never
	fixes it and an administrator is never asked it.
	*/
	isPersonal?: boolean;
};

export type CheckOutcome = 'pass' | 'warn' | 'fail' | 'skipped';

/** One row of the method's check, before anything is saved. */
export type MethodCheck = {id: string; outcome: CheckOutcome; title: string; detail?: string; fix?: string};

/** Programs the user may be offered to run with the terminal (log in to the cloud, then check again). */
export type TerminalAction = {id: string; label: string; file: string; args: string[]};

export type MethodSpec = {
	id: AuthMethodId;
	fields: readonly Field[];
	configure: (answers: Answers, discovery: Discovery) => MethodConfiguration;
	/** Commands the checks may suggest running in the terminal, given the answers. */
	terminalActions?: (answers: Answers, discovery: Discovery, checks: readonly MethodCheck[]) => TerminalAction[];
};

export function askedFields(spec: MethodSpec, answers: Answers, discovery: Discovery): Field[] {
	return spec.fields.filter(field => field.isAsked?.(answers, discovery) ?? true);
}

/** The first field after `currentId` that applies, or undefined when the form is complete. */
export function nextField(spec: MethodSpec, answers: Answers, discovery: Discovery, currentId?: string): Field | undefined {
	const start = currentId === undefined ? 0 : spec.fields.findIndex(field => field.id === currentId) + 1;
	return spec.fields.slice(start).find(field => field.isAsked?.(answers, discovery) ?? true);
}

export function previousField(spec: MethodSpec, answers: Answers, discovery: Discovery, currentId: string): Field | undefined {
	const index = spec.fields.findIndex(field => field.id === currentId);
	return spec.fields
		.slice(0, Math.max(index, 0))
		.reverse()
		.find(field => field.isAsked?.(answers, discovery) ?? true);
}

export function findField(spec: MethodSpec, id: string): Field | undefined {
	return spec.fields.find(field => field.id === id);
}

/** Checks one answer: undefined and the normalized value when it is fine, else the problem. */
export function acceptAnswer(field: Field, raw: string, answers: Answers, discovery: Discovery): {value: string; problem?: string} {
	const value = field.normalize ? field.normalize(raw) : raw.trim();
	if (value === '' && !field.isOptional) {
		return {value, problem: field.kind === 'select' ? 'Choose one of the options.' : 'This cannot be empty.'};
	}

	// eslint-disable-next-line no-control-regex -- exactly the control characters, C0 and C1
	if (field.kind !== 'select' && /[\u0000-\u001F\u007F-\u009F]/.test(value)) {
		return {value, problem: 'It contains a line break or another control character; type or paste it again as one line.'};
	}

	if (field.kind === 'select' && field.options && !field.options(answers, discovery).some(option => option.value === value)) {
		return {value, problem: 'Choose one of the options.'};
	}

	const problem = value === '' ? undefined : field.check?.(value, answers, discovery);
	return problem ? {value, problem} : {value};
}

/** Only the answers to fields that still apply: changing an early answer drops the ones it made moot. */
export function keepAskedAnswers(spec: MethodSpec, answers: Answers, discovery: Discovery): Record<string, string> {
	const kept: Record<string, string> = {};
	for (const field of askedFields(spec, answers, discovery)) {
		const value = answers[field.id];
		if (value !== undefined) {
			kept[field.id] = value;
		}
	}

	return kept;
}

/** Strips what a paste drags along: surrounding quotes, whitespace, a trailing newline. */
export function normalizePasted(value: string): string {
	return value.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
}

/** Single-line printable text, as Claude Code requires of tokens and keys. */
export function checkSingleLineSecret(value: string): string | undefined {
	if (/[\r\n]/.test(value)) {
		return 'It contains a line break; paste it again as one line.';
	}

	// eslint-disable-next-line no-control-regex -- exactly the characters a header cannot carry
	if (/[^\u0021-\u007E]/.test(value)) {
		return 'It contains spaces or characters that cannot be sent in a header (curly quotes, zero-width spaces); copy it again from the source.';
	}

	return undefined;
}
