import {expect, it} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {useE2eSession} from '../helpers/wizard-driver.js';

/**
Keys typed while the wizard loads (between "starting…" and the first screen) are not echoed by the
terminal over the screen: raw mode is on from the moment the wizard starts loading, not from the
moment Ink draws. They are read by the first screen instead (a Ctrl-C among them still cancels).
*/

const session = useE2eSession();

it('does not echo keys typed before the first screen', {timeout: 60_000}, async () => {
	const sandbox = await session.sandbox();
	const terminal = session.startWizard(sandbox);
	await terminal.waitForText('claude-setup: starting');
	terminal.write('xyzzy');
	await terminal.waitForText(copy.invite.question, {screenOnly: true, timeoutMs: 30_000});
	expect(terminal.output()).not.toContain('xyzzy');
	expect(terminal.chunks.join('')).not.toContain('xyzzy');
});

it('cancels on a Ctrl-C typed before the first screen, leaving nothing behind', {timeout: 60_000}, async () => {
	const sandbox = await session.sandbox();
	const terminal = session.startWizard(sandbox);
	await terminal.waitForText('claude-setup: starting');
	terminal.write('\u0003');
	expect(await terminal.waitForExit(30_000)).toBe(130);
	expect(terminal.output()).not.toContain('^C');
});
