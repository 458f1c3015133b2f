import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {bedrockConfiguration} from '../../source/core/auth/specs/bedrock.js';
import type {ChangePlan, State, Verification} from '../../source/core/wizard/state.js';
import {copy} from '../../source/ui/copy.js';
import {DoneScreen} from '../../source/ui/screens/finished-screens.js';
import {flatten} from '../helpers/ink.js';

/** The done screen of a provider setup, from a verification as `verifyConfiguration` returns it. */
function doneFrame(verification: Verification, outcome: 'verified' | 'saved-unverified'): string {
	const configuration = bedrockConfiguration({auth: 'keys', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x', region: 'eu-west-1', model: 'm', smallModel: 's'}, {});
	const plan = {configuration, path: '/home/me/.claude/settings.json'} as unknown as ChangePlan;
	const state: Extract<State, {step: 'done'}> = {
		step: 'done',
		outcome,
		nextId: 1,
		context: {backend: 'keychain', scope: 'user', plan, verification, commit: {path: '/home/me/.claude/settings.json'}},
	};
	const view = render(<DoneScreen state={state} send={() => undefined} show={target => target} />);
	const frame = flatten(view.lastFrame() ?? '');
	view.unmount();
	return frame;
}

const checked = {kind: 'checked', helperReturnsKey: true, usesHelper: false, authMethod: 'third_party', expectedProvider: 'bedrock'} as const;

describe('the done screen of a provider setup', () => {
	it('says which provider Claude Code uses and that the helper works, and nothing about a Console key', () => {
		const frame = doneFrame({...checked, apiProvider: 'bedrock', loggedIn: true, isProviderRight: true, helperOutputs: [{setting: 'awsCredentialExport', ok: true}]}, 'verified');
		expect(frame).toContain(copy.done.methodVerified('bedrock'));
		expect(frame).toContain(copy.done.helperPrints('awsCredentialExport'));
		expect(frame).toContain(copy.done.providerOk('bedrock'));
		expect(frame).not.toContain(copy.done.verified);
		expect(frame).not.toContain('key helper');
	});

	it('says when Claude Code uses another provider, and when a helper fails', () => {
		const frame = doneFrame(
			{...checked, apiProvider: 'firstParty', loggedIn: true, isProviderRight: false, helperReturnsKey: false, helperOutputs: [{setting: 'awsCredentialExport', ok: false, problem: 'exit code 1'}]},
			'saved-unverified',
		);
		expect(frame).toContain(copy.done.saved);
		expect(frame).toContain(copy.done.helperSettingFailed('awsCredentialExport', 'exit code 1'));
		expect(frame).toContain(copy.done.providerWrong('firstParty', 'bedrock'));
	});

	it('says when Claude Code finds no credentials', () => {
		const frame = doneFrame({...checked, apiProvider: 'bedrock', loggedIn: false, isProviderRight: false, helperOutputs: []}, 'saved-unverified');
		expect(frame).toContain(copy.done.notLoggedIn);
	});
});
