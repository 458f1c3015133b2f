import {describe, expect, it} from 'vitest';
import {judgeSkew} from '../../source/core/doctor/check-network.js';
import {closingLine, renderText, scrubSecrets, toJsonDocument} from '../../source/core/doctor/report.js';
import {exitCodeOf, runChecks, summarize} from '../../source/core/doctor/run.js';
import type {CheckReport, DoctorCheck, DoctorContext} from '../../source/core/doctor/types.js';

const reports: CheckReport[] = [
	{id: 'install', title: 'Claude Code', elapsedMs: 120, status: 'pass', summary: '2.1.331 at ~/.local/bin/claude', detail: ['~/.local/bin/claude: 2.1.331 (native, on PATH)']},
	{id: 'settings-user', title: 'User settings', elapsedMs: 3, status: 'warn', summary: 'unknown key "apikeyHelper"', fix: {description: 'Rename "apikeyHelper" to "apiKeyHelper"'}},
	{
		id: 'install-2',
		title: 'Other',
		elapsedMs: 3,
		status: 'fail',
		summary: 'broken',
		detail: ['one', 'two'],
		fix: {description: 'Keep one and remove the others:\n  rm -rf ~/.claude/local'},
	},
	{id: 'install-3', title: 'Missing', elapsedMs: 3, status: 'fail', summary: 'Not installed', fix: {description: 'Install it with the native installer', command: 'curl -fsSL https://claude.ai/install.sh | bash'}},
	{id: 'clock', title: 'Clock', elapsedMs: 3, status: 'skip', summary: 'Could not ask'},
];

describe('the text checklist', () => {
	it('prints one line per check, the fix indented under it, and the counts', () => {
		expect(renderText(reports, {verbose: false, color: false})).toBe(
			[
				'[✓] Claude Code: 2.1.331 at ~/.local/bin/claude',
				'[!] User settings: unknown key "apikeyHelper"',
				'    → Rename "apikeyHelper" to "apiKeyHelper"',
				'[✗] Other: broken',
				'    → Keep one and remove the others:',
				'      rm -rf ~/.claude/local',
				'[✗] Missing: Not installed',
				'    → Install it with the native installer:',
				'      curl -fsSL https://claude.ai/install.sh | bash',
				'[-] Clock: Could not ask',
				'',
				'1 passed, 1 warning, 2 failed, 1 skipped',
				'',
			].join('\n'),
		);
	});

	it('adds the detail lines and timings with -v', () => {
		const text = renderText(reports, {verbose: true, color: false});
		expect(text).toContain('[✓] Claude Code: 2.1.331 at ~/.local/bin/claude (0.1 s)\n    • ~/.local/bin/claude: 2.1.331 (native, on PATH)\n');
		expect(text).toContain('    • one\n    • two\n    → Keep one');
	});

	it('colours only when asked', () => {
		expect(renderText(reports, {verbose: false, color: false})).not.toContain('\u001B[');
		expect(renderText(reports, {verbose: false, color: true})).toContain('\u001B[31m[✗]\u001B[0m');
	});
});

describe('closingLine', () => {
	it.each([
		[{passed: 5, warnings: 0, failed: 0, skipped: 0}, 'Doctor found no problems.'],
		[{passed: 5, warnings: 0, failed: 0, skipped: 2}, 'Doctor found no problems. (2 checks skipped)'],
		[{passed: 3, warnings: 2, failed: 1, skipped: 0}, '3 passed, 2 warnings, 1 failed'],
		[{passed: 0, warnings: 1, failed: 0, skipped: 1}, '0 passed, 1 warning, 0 failed, 1 skipped'],
	])('%j', (summary, line) => {
		expect(closingLine(summary)).toBe(line);
	});
});

it('summarize counts, and only a failure makes the exit code 1', () => {
	const summary = summarize(reports);
	expect(summary).toEqual({passed: 1, warnings: 1, failed: 2, skipped: 1});
	expect(exitCodeOf(summary)).toBe(1);
	expect(exitCodeOf({passed: 1, warnings: 4, failed: 0, skipped: 3})).toBe(0);
});

it('the JSON document has every field, detail always a list and fix null on a pass', () => {
	const document = toJsonDocument(reports, '1.2.3');
	expect(document).toMatchObject({schemaVersion: 1, tool: 'claude-setup', version: '1.2.3', summary: {passed: 1, warnings: 1, failed: 2, skipped: 1}});
	expect(document.checks[0]).toEqual({id: 'install', title: 'Claude Code', status: 'pass', summary: '2.1.331 at ~/.local/bin/claude', detail: ['~/.local/bin/claude: 2.1.331 (native, on PATH)'], fix: null});
	expect(document.checks[1]?.fix).toEqual({description: 'Rename "apikeyHelper" to "apiKeyHelper"', command: null});
	expect(document.checks[3]?.fix).toEqual({description: 'Install it with the native installer', command: 'curl -fsSL https://claude.ai/install.sh | bash'});
	expect(document.checks[4]?.detail).toEqual([]);
});

it('scrubSecrets masks noted secrets (longest first) and anything shaped like an Anthropic key', () => {
	const key = ['sk-ant-api03', 'TEST', 'not-a-real-key', 'x'.repeat(40)].join('-');
	expect(scrubSecrets(`a ${key} b hunter2-hunter2 c`, ['hunter2-hunter2'])).toBe('a ••••••••xxxx b ••••••••ter2 c');
	expect(scrubSecrets(`token sk-ant-oat01-abcdefgh12345678`, [])).not.toContain('abcdefgh');
});

describe('judgeSkew', () => {
	it.each([
		[0, 'pass', 'Within 1 s of api.anthropic.com'],
		[-12, 'pass', 'Within 12 s of api.anthropic.com'],
		[45, 'warn', "This computer's clock is 45 s ahead of api.anthropic.com; AWS request signatures fail from 5 min"],
		[-600, 'fail', "This computer's clock is 10 min behind api.anthropic.com: sign-in, TLS and AWS request signatures fail with a clock this far off"],
	] as const)('%i s -> %s', (skew, status, summary) => {
		const finding = judgeSkew(skew, 'api.anthropic.com', 'linux');
		expect(finding.status).toBe(status);
		expect(finding.summary).toBe(summary);
		expect(finding.fix?.command).toBe(status === 'pass' ? undefined : 'sudo timedatectl set-ntp true');
	});
});

describe('runChecks', () => {
	// The runner only reads the clock from the context; the checks here use nothing else.
	const context = {now: () => performance.now()} as unknown as DoctorContext;
	const check = (id: string, run: DoctorCheck['run'], timeoutMs = 1000): DoctorCheck => ({id, title: id, timeoutMs, run});

	it('runs checks at once, cuts one that hangs at its own bound, and keeps the checklist order', async () => {
		const started = performance.now();
		const found = await runChecks(
			[
				check('slow', async () => new Promise(resolve => setTimeout(() => resolve({status: 'pass', summary: 'slow'}), 300))),
				check('hangs', async () => new Promise(() => undefined), 200),
				check('also-slow', async () => new Promise(resolve => setTimeout(() => resolve({status: 'warn', summary: 'also'}), 300))),
				check('throws', async () => {
					throw new Error('boom');
				}),
			],
			context,
		);
		const elapsed = performance.now() - started;
		expect(found.map(report => [report.id, report.status, report.summary])).toEqual([
			['slow', 'pass', 'slow'],
			['hangs', 'fail', 'Did not finish in 0.2 s'],
			['also-slow', 'warn', 'also'],
			['throws', 'fail', 'The check itself failed: boom'],
		]);
		// Two 300 ms checks side by side, not one after the other.
		expect(elapsed).toBeLessThan(550);
	});
});
