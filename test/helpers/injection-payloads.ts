import type {AwsProfile} from '../../source/core/auth/aws-config.js';

/**
What a hostile or merely unlucky name can hold: shell quoting, substitution, separators, globs, line
breaks, option look-alikes. Each must reach its program as exactly this text, and run nothing.
*/
export const payloads: readonly string[] = [
	"a'b $(touch /tmp/claude-setup-injected)",
	'with space',
	'double"quote',
	"single'quote",
	'$(id)',
	'`id`',
	'${HOME}',
	'$HOME',
	'x; touch /tmp/claude-setup-injected',
	'x && y || z',
	'a|b',
	'a>b',
	'new\nline',
	'carriage\rreturn',
	String.raw`back\slash`,
	'*',
	'?',
	'[a-z]',
	'~',
	'-dash-first',
	'--profile=other',
	'#comment',
	'!bang',
	'tab\there',
	'émoji 😀',
	"''",
	'',
];

/** An SSO profile from ~/.aws/config with that name. */
export function ssoProfile(name: string): AwsProfile {
	return {name, kind: 'sso', hasStaticKeys: false, sources: ['config'], problems: []};
}
