import {describe, expect, it} from 'vitest';
import {settingsDiff} from '../../source/core/settings/diff.js';
import {maskSecret, maskSecretsInText} from '../../source/core/secrets/mask.js';
import {fakeApiKey} from '../helpers/fake-key.js';

const key = fakeApiKey();

describe('maskSecret', () => {
	it('shows only the last four characters of a long secret', () => {
		expect(maskSecret(key)).toBe(`••••••••${key.slice(-4)}`);
		expect(maskSecret('short')).toBe('••••••••');
	});
});

describe('maskSecretsInText', () => {
	it('masks known secrets, Anthropic-shaped keys and secret-named members', () => {
		const text = JSON.stringify({
			env: {ANTHROPIC_API_KEY: key, AWS_SECRET_ACCESS_KEY: 'abcdefghijklmnop', ANTHROPIC_AUTH_TOKEN: 'tok-123456789012', AWS_REGION: 'us-east-1'},
			note: `uses ${fakeApiKey('OTHER')}`,
			apiKeyHelper: '/path/helper',
		});
		const masked = maskSecretsInText(text, [key]);
		expect(masked).not.toContain(key);
		expect(masked).not.toContain('abcdefghijklmnop');
		expect(masked).not.toContain('tok-123456789012');
		expect(masked).not.toContain(fakeApiKey('OTHER'));
		expect(masked).toContain('us-east-1');
		expect(masked).toContain('/path/helper');
	});
});

describe('settingsDiff', () => {
	it('shows added and removed lines with context, masked', () => {
		const before = '{\n  "env": {\n    "ANTHROPIC_API_KEY": "' + key + '"\n  },\n  "model": "opus"\n}\n';
		const after = '{\n  "env": {\n    "ANTHROPIC_API_KEY": "' + key + '"\n  },\n  "model": "opus",\n  "apiKeyHelper": "x"\n}\n';
		const lines = settingsDiff(before, after, [key]);
		expect(lines.filter(line => line.kind === 'added').map(line => line.text)).toEqual(['  "model": "opus",', '  "apiKeyHelper": "x"']);
		expect(lines.filter(line => line.kind === 'removed').map(line => line.text)).toEqual(['  "model": "opus"']);
		expect(JSON.stringify(lines)).not.toContain(key);
	});

	it('folds long unchanged stretches', () => {
		const body = Array.from({length: 50}, (_, index) => `  "k${index}": ${index},`).join('\n');
		const before = `{\n${body}\n  "last": 1\n}\n`;
		const after = `{\n${body}\n  "last": 2\n}\n`;
		const lines = settingsDiff(before, after);
		expect(lines.length).toBeLessThan(10);
		expect(lines[0]?.text).toMatch(/… 49 unchanged lines/);
	});

	it('shows a new file as all added', () => {
		const lines = settingsDiff('', '{\n  "a": 1\n}\n');
		expect(lines.every(line => line.kind === 'added')).toBe(true);
	});
});

describe('masking a very large settings text', () => {
	it('handles a single 8 MiB string value without overflowing the stack', () => {
		const text = JSON.stringify({notes: 'x'.repeat(8 * 1024 * 1024), ANTHROPIC_API_KEY: 'plain-secret-value'});
		const masked = maskSecretsInText(text);
		expect(masked.length).toBeGreaterThan(8 * 1024 * 1024);
		expect(masked).not.toContain('plain-secret-value');
	});
});
