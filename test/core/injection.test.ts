import {describe, expect, it} from 'vitest';
import {awsAuthRefreshCommand} from '../../source/core/auth/bedrock.js';
import {bedrockConfiguration, bedrockSpec} from '../../source/core/auth/specs/bedrock.js';
import {methodSpecs} from '../../source/core/auth/specs/index.js';
import {acceptAnswer, type Field} from '../../source/core/auth/form.js';
import {parsePreset} from '../../source/core/team/preset.js';
import {blockEnd, blockStart, shellBlock} from '../../source/core/setup/shell-block.js';
import {payloads, ssoProfile} from '../helpers/injection-payloads.js';

/*
"Nothing leaked": what a user types or what their files hold (profile names, project IDs, URLs,
deployment names, paths) never becomes shell syntax. These are the pure halves; the adapter tests in
test/adapters/injection.test.ts run the same strings through /bin/sh and bash for real.
*/

/** Undoes POSIX single quoting as /bin/sh would: one word, or undefined when `text` is not exactly one quoted or plain word. */
function unquoteWord(text: string): string | undefined {
	if (/^[\w.-]+$/.test(text)) {
		return text;
	}

	let value = '';
	let rest = text;
	while (rest.length > 0) {
		const quoted = /^'([^']*)'/.exec(rest);
		if (quoted) {
			value += quoted[1];
			rest = rest.slice(quoted[0].length);
			continue;
		}

		if (rest.startsWith(String.raw`\'`)) {
			value += "'";
			rest = rest.slice(2);
			continue;
		}

		return undefined;
	}

	return value;
}

describe('awsAuthRefresh: a profile name is one quoted word, whatever it holds', () => {
	it.each(payloads.map(profile => [JSON.stringify(profile), profile]))('%s', (_shown, profile) => {
		const command = awsAuthRefreshCommand(profile);
		expect(command.startsWith('aws sso login --profile ')).toBe(true);
		expect(unquoteWord(command.slice('aws sso login --profile '.length))).toBe(profile);
	});

	it('the configuration of an SSO profile with such a name carries exactly that command', () => {
		const profile = payloads[0]!;
		const configuration = bedrockConfiguration({auth: 'profile', profile, region: 'us-east-1', model: 'm', smallModel: 's'}, {awsProfiles: [ssoProfile(profile)]});
		expect(configuration.settings).toEqual({awsAuthRefresh: awsAuthRefreshCommand(profile)});
		// AWS_PROFILE is a settings value (JSON), never shell text.
		expect(configuration.env['AWS_PROFILE']).toBe(profile);
	});

	it('the `aws sso login` the wizard offers passes the name as one argument, not a command line', () => {
		const profile = payloads[0]!;
		const actions = bedrockSpec.terminalActions!({auth: 'profile', profile}, {awsProfiles: [ssoProfile(profile)]}, [{id: 'identity', outcome: 'fail', title: 'x'}]);
		expect(actions).toEqual([{id: 'sso-login', label: expect.any(String) as string, file: 'aws', args: ['sso', 'login', '--profile', profile]}]);
	});
});

describe('the claude shell function block', () => {
	it('is four lines: markers, a comment, and one function definition', () => {
		const block = shellBlock([{variable: 'ANTHROPIC_FOUNDRY_API_KEY', command: "'/opt/it'\\''s dir/api-key-helper' --secret foundry-api-key-1"}]);
		const lines = block.split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toBe(blockStart);
		expect(lines[3]).toBe(blockEnd);
		expect(lines[2]).toBe(`claude() { ANTHROPIC_FOUNDRY_API_KEY="$('/opt/it'\\''s dir/api-key-helper' --secret foundry-api-key-1)" command claude "$@"; }`);
	});
});

// The line breaks of Unicode, put in the middle of an otherwise valid answer.
const lineBreaks: ReadonlyArray<[string, string]> = [
	['LF', '\n'],
	['CR', '\r'],
	['CRLF', '\r\n'],
	['VT', '\v'],
	['FF', '\f'],
	['NEL (U+0085)', '\u0085'],
	['LINE SEPARATOR (U+2028)', '\u2028'],
	['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
];

/** A valid answer for every single-line field of every method. */
const validAnswers: Readonly<Record<string, string>> = {
	url: 'https://llm.example.com',
	token: 'tok-1234567890abcdef',
	accessKeyId: 'AKIATESTTESTTESTTEST',
	secretAccessKey: 'abcDEF123/xyz+0987654321',
	sessionToken: 'FwoGZXIvYXdzEJrTESTtoken',
	bearerToken: 'ABSKQmVkcm9ja0FQSUtleTEST',
	region: 'us-east-1',
	customModel: 'us.anthropic.claude-sonnet-4-6',
	customSmallModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
	project: 'my-project-123',
	endpoint: 'contoso-ai',
	apiKey: 'abcdef0123456789abcdef0123456789',
	email: 'ada@example.com',
	opus: 'claude-opus-4-6',
	sonnet: 'claude-sonnet-4-6',
	haiku: 'claude-haiku-4-5',
};

/**
Fields that accept a line break today: bugs in the method specs (not in the files this suite may
change), reported with this suite. `it.fails` keeps them visible: each turns red, to be moved to
the passing list, once its check refuses line breaks.
*/
const knownToAccept = new Set<string>();

const singleLineFields: Array<[string, Field]> = Object.entries(methodSpecs).flatMap(([method, spec]) =>
	spec!.fields.filter(field => field.kind !== 'select').map((field): [string, Field] => [`${method}.${field.id}`, field]),
);

describe('form validation refuses a line break inside any single-line answer', () => {
	it('covers every text and secret field of every method', () => {
		expect(singleLineFields.map(([name]) => name.split('.')[1])).toEqual(expect.arrayContaining(Object.keys(validAnswers)));
		for (const [name, field] of singleLineFields) {
			const answer = validAnswers[field.id];
			expect(answer, `no valid answer for ${name}`).toBeDefined();
			expect(acceptAnswer(field, answer!, {}, {}).problem, `${name} refuses its valid answer`).toBeUndefined();
		}
	});

	for (const [name, field] of singleLineFields) {
		for (const [breakName, lineBreak] of lineBreaks) {
			const title = `${name} with ${breakName}`;
			const test = knownToAccept.has(`${name} ${breakName}`) ? it.fails : it;
			test(title, () => {
				const answer = validAnswers[field.id] ?? '';
				const middle = Math.floor(answer.length / 2);
				const accepted = acceptAnswer(field, `${answer.slice(0, middle)}${lineBreak}${answer.slice(middle)}`, {}, {});
				expect(accepted.problem).toBeDefined();
			});
		}
	}

	it('a pasted trailing line break is not an answer\'s part: it is trimmed, not refused', () => {
		for (const [name, field] of singleLineFields) {
			const answer = validAnswers[field.id]!;
			expect(acceptAnswer(field, `${answer}\n`, {}, {}), name).toEqual({value: answer});
		}
	});

	// A team preset goes through the same checks, without the terminal (which drops typed line breaks).
	it('a team preset with a line break in the gateway URL is refused', () => {
		const result = parsePreset(JSON.stringify({schemaVersion: 1, method: 'gateway', answers: {url: 'https://llm\n.example.com'}, env: {}}), 'team.json');
		expect(result.ok).toBe(false);
	});

	it('a team preset with a line break in a Vertex project ID is refused', () => {
		const result = parsePreset(JSON.stringify({schemaVersion: 1, method: 'vertex', answers: {project: 'my-\nproject'}, env: {}}), 'team.json');
		expect(result).toEqual({ok: false, message: expect.stringMatching(/"project" is not valid/) as string});
	});
});

describe('output of other programs reaching the screen', () => {
	it('loses terminal escape sequences and control characters, keeps line breaks', async () => {
		const {withoutControlCharacters, scrub} = await import('../../source/core/wizard/run-effect.js');
		expect(withoutControlCharacters('a\u001B[2J\u001B]0;title\u0007b\nc\u0000\u009B')).toBe('ab\nc');
		expect(scrub(new Error('bad \u001B[31mred\u001B[0m output'), [])).toBe('bad red output');
	});
});
