import {cp, mkdtemp, readdir, rm, symlink, unlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {copy} from '../../source/ui/copy.js';
import {choose} from '../helpers/screen-list.js';
import {root, useE2eSession} from '../helpers/wizard-driver.js';

/**
The wizard loads the code of every step after its first screen once that screen is up. If
claude-setup's files go away while it runs (the npx cache cleared, a global install upgraded under
it), that load fails: the wizard must end on its "failed" screen saying what happened, not crash
with a stack trace or wait forever on a placeholder. Each test runs a copy of the built package with
one of those files removed before it starts (the first screen does not need it).
*/

const session = useE2eSession();
let packages: string;

beforeAll(async () => {
	packages = await mkdtemp(path.join(tmpdir(), 'claude-setup-missing-code-'));
});

afterAll(async () => {
	await rm(packages, {recursive: true, force: true});
});

/** A copy of the built package (bin, dist, package.json; node_modules linked) without the chunk named `chunk`-<hash>.js. */
async function packageWithout(chunk: string): Promise<string> {
	const copyRoot = path.join(packages, chunk);
	for (const part of ['bin', 'dist', 'package.json']) {
		// eslint-disable-next-line no-await-in-loop -- three copies
		await cp(path.join(root, part), path.join(copyRoot, part), {recursive: true});
	}

	await symlink(path.join(root, 'node_modules'), path.join(copyRoot, 'node_modules'), 'dir');
	const chunks = path.join(copyRoot, 'dist', 'chunks');
	const removed = (await readdir(chunks)).filter(name => name.startsWith(`${chunk}-`) && name.endsWith('.js'));
	expect(removed, `the build has exactly one ${chunk} chunk`).toHaveLength(1);
	await unlink(path.join(chunks, removed[0]!));
	return path.join(copyRoot, 'bin', 'claude-setup.cjs');
}

describe('claude-setup whose later code is missing while it runs', {timeout: 60_000}, () => {
	for (const [chunk, what] of [
		['later-effects', "the later steps' effects"],
		['later-steps', "the later steps' screens"],
	] as const) {
		it(`ends on "failed" with what happened when ${what} cannot be loaded`, async () => {
			const bin = await packageWithout(chunk);
			const sandbox = await session.sandbox();
			const terminal = session.startWizard(sandbox, {}, bin);
			await terminal.waitForText(copy.invite.question, {timeoutMs: 30_000, screenOnly: true});
			await choose(terminal, copy.invite.choices.accepted);
			await terminal.waitForText("part of claude-setup's own code is missing", {timeoutMs: 30_000});
			expect(await terminal.waitForExit(15_000)).toBe(1);
			const output = terminal.output();
			expect(output).toContain('Setup failed:');
			expect(output).toContain(`${chunk}-`);
			expect(output).toContain('Run claude-setup again');
			expect(output).not.toMatch(/\n\s+at /);
		});
	}
});
