import {findFencedBlock, removeFencedBlock, upsertFencedBlock, type Fence} from './fenced-block.js';

/**
The AWS profile claude-setup adds to the AWS config file for access keys typed into the wizard. Its
`credential_process` is claude-setup's helper, which prints the keys from the keychain in the
format the AWS SDKs read (`{"Version": 1, "AccessKeyId": …}`), so Claude Code (AWS_PROFILE) signs with
them and nothing secret is written to a file.

Why not `awsCredentialExport`: Claude Code 2.1.331 accepts its output only with a SessionToken,
so it cannot hand over long-term access keys (AKIA…), the keys people usually have.
`credential_process` takes both long-term and temporary keys.
*/
export const awsProfileName = 'claude-setup';

const fence: Fence = {start: '# >>> claude-setup: Claude Code reads these AWS keys from the keychain >>>', end: '# <<< claude-setup <<<'};

export function awsProfileBlock(profile: string, command: string): string {
	return [fence.start, '# Added by `npx claude-setup`; run it again to change or remove this.', `[profile ${profile}]`, `credential_process = ${command}`, fence.end].join('\n');
}

export function upsertAwsProfileBlock(text: string, profile: string, command: string): string {
	return upsertFencedBlock(text, fence, awsProfileBlock(profile, command));
}

export function removeAwsProfileBlock(text: string): string {
	return removeFencedBlock(text, fence);
}

export function hasAwsProfileBlock(text: string): boolean {
	return findFencedBlock(text, fence) !== undefined;
}

/** Whether the file already has a profile of that name that is not claude-setup's block: it is never overwritten. */
export function hasOtherProfileNamed(text: string, profile: string): boolean {
	const outside = removeFencedBlock(text, fence);
	const escaped = profile.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
	return new RegExp(String.raw`^\s*\[\s*profile\s+${escaped}\s*\]\s*$`, 'm').test(outside);
}
