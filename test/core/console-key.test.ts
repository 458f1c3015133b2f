import {describe, expect, it} from 'vitest';
import {
	canKeepKeyAnyway,
	checkKeyFormat,
	consoleKeyRef,
	interpretKeyCheck,
	keyCheckHeaders,
	modelsUrl,
	normalizePastedKey,
} from '../../source/core/auth/console-key.js';
import {fakeApiKey} from '../helpers/fake-key.js';

const key = fakeApiKey();

describe('normalizePastedKey', () => {
	it.each([
		['a trailing newline', `${key}\n`],
		['CRLF and spaces', `  ${key}\r\n`],
		['double quotes', `"${key}"`],
		['single quotes', `'${key}'`],
		['an export line', `export ANTHROPIC_API_KEY="${key}"`],
		['an assignment', `ANTHROPIC_API_KEY=${key}`],
		['a newline in the middle of a paste', `${key.slice(0, 20)}\n${key.slice(20)}`],
	])('keeps only the key from %s', (_name, pasted) => {
		expect(normalizePastedKey(pasted)).toBe(key);
	});
});

describe('checkKeyFormat', () => {
	it.each([
		['', 'empty'],
		['sk-ant-admin01-' + 'a'.repeat(40), 'admin-key'],
		['sk-ant-oat01-' + 'a'.repeat(40), 'oauth-token'],
		['sk-ant-api03-short', 'not-an-api-key'],
		['sk-proj-' + 'a'.repeat(40), 'not-an-api-key'],
		[key.slice(0, 30) + ' ' + key.slice(30), 'bad-characters'],
		[key.slice(0, 30) + '’' + key.slice(30), 'bad-characters'],
	])('%s -> %s', (candidate, problem) => {
		expect(checkKeyFormat(candidate)).toBe(problem);
	});

	it('accepts a Console API key', () => {
		expect(checkKeyFormat(key)).toBeUndefined();
	});
});

describe('validation', () => {
	it('asks the models endpoint of ANTHROPIC_BASE_URL, or the public API', () => {
		expect(modelsUrl(undefined)).toBe('https://api.anthropic.com/v1/models');
		expect(modelsUrl('')).toBe('https://api.anthropic.com/v1/models');
		expect(modelsUrl('http://127.0.0.1:9999/')).toBe('http://127.0.0.1:9999/v1/models');
		expect(modelsUrl('https://gw.example/anthropic')).toBe('https://gw.example/anthropic/v1/models');
	});

	it('sends the key as x-api-key with an API version', () => {
		expect(keyCheckHeaders(key)).toEqual({'x-api-key': key, 'anthropic-version': '2023-06-01'});
	});

	it.each([
		[200, 'valid', false],
		[401, 'rejected', false],
		[403, 'forbidden', true],
		[429, 'service-error', true],
		[529, 'service-error', true],
	])('reads %i as %s (keep anyway: %s)', (status, kind, keepable) => {
		const outcome = interpretKeyCheck({status, body: ''});
		expect(outcome.kind).toBe(kind);
		expect(canKeepKeyAnyway(outcome)).toBe(keepable);
	});

	it('lets a key that could not be checked be kept', () => {
		expect(canKeepKeyAnyway({kind: 'network-error', message: 'x'})).toBe(true);
	});
});

it('keeps one keychain entry per Claude config directory', () => {
	expect(consoleKeyRef('abcd1234')).toEqual({service: 'claude-setup', account: 'anthropic-api-key-abcd1234'});
	expect(consoleKeyRef('abcd1234')).not.toEqual(consoleKeyRef('ffff0000'));
});
