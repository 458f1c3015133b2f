import {describe, expect, it} from 'vitest';
import {closestKnownKey, editDistance, knownSettingKeys, lintSettings} from '../../source/core/doctor/known-settings.js';

describe('closestKnownKey suggests the key a near miss meant', () => {
	it.each([
		['apikeyHelper', 'apiKeyHelper'],
		['APIKEYHELPER', 'apiKeyHelper'],
		['apiKeyHelpr', 'apiKeyHelper'],
		['apiKeyHlper', 'apiKeyHelper'],
		['enviroment', undefined],
		['evn', 'env'],
		['permisions', 'permissions'],
		['modle', 'model'],
		['cleanupPeriodDay', 'cleanupPeriodDays'],
		['includeCoAuthoredby', 'includeCoAuthoredBy'],
		['totallyUnrelated', undefined],
		['foo', undefined],
	])('%s -> %s', (key, expected) => {
		expect(closestKnownKey(key)).toBe(expected);
	});
});

describe('editDistance', () => {
	it.each([
		['', '', 0],
		['abc', 'abc', 0],
		['abc', 'abd', 1],
		['abc', 'acb', 1],
		['abc', 'abcd', 1],
		['kitten', 'sitting', 3],
	])('%s / %s = %i', (a, b, distance) => {
		expect(editDistance(a, b)).toBe(distance);
	});

	it('stops early beyond the limit', () => {
		expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
	});
});

describe('lintSettings', () => {
	it('knows every key the brief lists, so a normal file is clean', () => {
		const listed = ['$schema', 'apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'otelHeadersHelper', 'env', 'permissions', 'model', 'hooks',
			'cleanupPeriodDays', 'includeCoAuthoredBy', 'statusLine', 'outputStyle', 'forceLoginMethod', 'forceLoginOrgUUID', 'enableAllProjectMcpServers',
			'enabledMcpjsonServers', 'disabledMcpjsonServers', 'theme', 'autoUpdatesChannel', 'minimumVersion', 'enabledPlugins', 'extraKnownMarketplaces',
			'spinnerTipsEnabled', 'alwaysThinkingEnabled', 'disableAllHooks', 'sandbox', 'companyAnnouncements', 'skipWebFetchPreflight', 'modelOverrides', 'verbose'];
		expect(listed.filter(key => !knownSettingKeys.includes(key))).toEqual([]);
		expect(lintSettings({$schema: 'https://json.schemastore.org/claude-code-settings.json', apiKeyHelper: '/bin/helper', env: {A: 'b'}, permissions: {allow: []}, model: 'opus'})).toEqual([]);
	});

	it('flags an unknown key with the closest known one', () => {
		expect(lintSettings({apikeyHelper: 'x', wibble: 1})).toEqual([
			{kind: 'unknown-key', key: 'apikeyHelper', suggestion: 'apiKeyHelper'},
			{kind: 'unknown-key', key: 'wibble'},
		]);
	});

	it('fails a wrong type on the keys that decide sign-in, warns on the others', () => {
		expect(lintSettings({apiKeyHelper: ['a'], env: 'A=b', verbose: 'yes'})).toEqual([
			{kind: 'wrong-type', key: 'apiKeyHelper', expected: 'a string', found: 'a list', severity: 'fail'},
			{kind: 'wrong-type', key: 'env', expected: 'an object ({ … })', found: 'a string', severity: 'fail'},
			{kind: 'wrong-type', key: 'verbose', expected: 'true or false', found: 'a string', severity: 'warn'},
		]);
	});

	it('wants env values to be strings', () => {
		expect(lintSettings({env: {OK: 'x', PORT: 8080, ON: true}})).toEqual([
			{kind: 'env-value', key: 'PORT', found: 'a number'},
			{kind: 'env-value', key: 'ON', found: 'a boolean'},
		]);
	});

	it('flags values Claude Code silently ignores', () => {
		expect(lintSettings({forceLoginMethod: 'sso', apiKeyHelper: '  '})).toEqual([
			{kind: 'bad-value', key: 'forceLoginMethod', message: '"sso" is not one of "claudeai", "console" or "gateway", so Claude Code ignores it'},
			{kind: 'bad-value', key: 'apiKeyHelper', message: 'it is empty, so Claude Code ignores it'},
		]);
	});
});
