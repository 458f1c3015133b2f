import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {awsConfigPaths, inspectAwsProfiles, listAwsProfiles, parseAwsIni, type AwsProfile} from '../../source/core/auth/aws-config.js';

/** The listed profiles by name, for tables that look at one of them. */
function profileNamed(profiles: AwsProfile[], name: string): AwsProfile {
	const profile = profiles.find(candidate => candidate.name === name);
	if (!profile) {
		throw new Error(`no profile ${name} in ${profiles.map(candidate => candidate.name).join(', ')}`);
	}

	return profile;
}

const ssoConfig = [
	'[profile dev]',
	'sso_session = corp',
	'sso_account_id = 111122223333',
	'sso_role_name = Developer',
	'region = eu-west-1',
	'',
	'[sso-session corp]',
	'sso_start_url = https://corp.awsapps.com/start',
	'sso_region = us-east-1',
	'sso_registration_scopes = sso:account:access',
].join('\n');

describe('parseAwsIni', () => {
	it('lowercases keys, keeps the case of values, and tolerates spaces around "="', () => {
		const {sections, problems} = parseAwsIni('[profile Dev]\nREGION=eu-west-1\nRole_Arn   =   arn:aws:iam::1:role/MixedCase  \n');
		expect(problems).toEqual([]);
		expect(sections).toHaveLength(1);
		expect(sections[0]!.header).toBe('profile Dev');
		expect(Object.fromEntries(sections[0]!.values)).toEqual({region: 'eu-west-1', role_arn: 'arn:aws:iam::1:role/MixedCase'});
	});

	it.each([
		['full-line #', '# a comment\n[default]\nregion = us-east-1', 'us-east-1'],
		['full-line ;', '; a comment\n[default]\nregion = us-east-1', 'us-east-1'],
		['indented full-line comment', '[default]\n   # region = eu-west-1\nregion = us-east-1', 'us-east-1'],
		['inline " #"', '[default]\nregion = us-east-1 # the main one', 'us-east-1'],
		['inline " ;"', '[default]\nregion = us-east-1 ; the main one', 'us-east-1'],
		['inline tab #', '[default]\nregion = us-east-1\t# tab', 'us-east-1'],
		['a comment after the section header', '[default] # header note\nregion = us-east-1', 'us-east-1'],
	])('strips comments: %s', (_name, text, region) => {
		const {sections, problems} = parseAwsIni(text);
		expect(problems).toEqual([]);
		expect(sections[0]!.values.get('region')).toBe(region);
	});

	it('keeps # and ; that are part of a value (no whitespace before them)', () => {
		const {sections} = parseAwsIni('[default]\nsso_start_url = https://x.awsapps.com/start#/\nnote = a;b#c\n');
		expect(sections[0]!.values.get('sso_start_url')).toBe('https://x.awsapps.com/start#/');
		expect(sections[0]!.values.get('note')).toBe('a;b#c');
	});

	it('keeps nested sub-sections under a key with an empty value, and what follows them', () => {
		const text = ['[default]', 's3 =', '  max_concurrent_requests = 20', '  # a comment inside', '  multipart_threshold=64MB', 'region = us-west-2', '', '[profile other]', 'output = json'].join('\n');
		const {sections, problems} = parseAwsIni(text);
		expect(problems).toEqual([]);
		const defaults = sections.find(section => section.header === 'default')!;
		expect(defaults.values.get('s3')).toBe('');
		expect(Object.fromEntries(defaults.nested.get('s3')!)).toEqual({max_concurrent_requests: '20', multipart_threshold: '64MB'});
		expect(defaults.values.get('region')).toBe('us-west-2');
		expect(sections.find(section => section.header === 'profile other')!.values.get('output')).toBe('json');
	});

	it('reads keys indented at the same depth as separate keys', () => {
		const {sections, problems} = parseAwsIni('[default]\n  region = us-east-1\n  output = json\n\tcli_pager =\n');
		expect(problems).toEqual([]);
		expect(Object.fromEntries(sections[0]!.values)).toEqual({region: 'us-east-1', output: 'json', cli_pager: ''});
	});

	it('joins an indented line after a key with a value onto that value', () => {
		const {sections} = parseAwsIni('[default]\nca_bundle = first\n  second\nregion = us-east-1');
		expect(sections[0]!.values.get('ca_bundle')).toBe('first\nsecond');
		expect(sections[0]!.values.get('region')).toBe('us-east-1');
	});

	it('handles CRLF line endings and a byte-order mark', () => {
		const {sections, problems} = parseAwsIni('\uFEFF[default]\r\nregion = us-east-1\r\n\r\n[profile b]\r\nregion = eu-west-1\r\n');
		expect(problems).toEqual([]);
		expect(sections.map(section => section.header)).toEqual(['default', 'profile b']);
		expect(sections[0]!.values.get('region')).toBe('us-east-1');
		expect(sections[1]!.values.get('region')).toBe('eu-west-1');
	});

	it('merges a section that appears twice, the later value winning', () => {
		const {sections} = parseAwsIni('[profile a]\nregion = us-east-1\noutput = json\n[profile b]\nregion = eu-west-1\n[profile a]\nregion = us-west-2\n');
		expect(sections.map(section => section.header)).toEqual(['profile a', 'profile b']);
		expect(Object.fromEntries(sections[0]!.values)).toEqual({region: 'us-west-2', output: 'json'});
	});

	it('normalises whitespace inside section brackets', () => {
		const {sections} = parseAwsIni('[  profile    spaced  ]\nregion = us-east-1');
		expect(sections[0]!.header).toBe('profile spaced');
	});

	it('reports lines it cannot read by number, without quoting them (they may be secrets)', () => {
		const secretLooking = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
		const {problems} = parseAwsIni(`region = us-east-1\n[default]\n${secretLooking}\n[broken\n`);
		expect(problems.map(problem => problem.line)).toEqual([1, 3, 4]);
		expect(problems.map(problem => problem.message).join('\n')).not.toContain(secretLooking);
	});

	it.each([['empty', ''], ['only comments', '# nothing\n; here\n'], ['only blank lines', '\n\n  \n']])('an %s file has no sections and no problems', (_name, text) => {
		expect(parseAwsIni(text)).toEqual({sections: [], problems: []});
	});
});

describe('listAwsProfiles', () => {
	type Row = {
		name: string;
		config?: string;
		credentials?: string;
		profile: string;
		expected: Partial<AwsProfile>;
		problem?: RegExp;
	};

	const rows: Row[] = [
		{
			name: 'an SSO profile through a complete sso-session',
			config: ssoConfig,
			profile: 'dev',
			expected: {kind: 'sso', ssoSession: 'corp', region: 'eu-west-1', sources: ['config'], hasStaticKeys: false, problems: []},
		},
		{
			name: 'an SSO profile whose sso-session section is missing',
			config: '[profile dev]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n',
			profile: 'dev',
			expected: {kind: 'sso', ssoSession: 'gone'},
			problem: /no \[sso-session gone\] section/,
		},
		{
			name: 'an sso-session without sso_region',
			config: '[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n',
			profile: 'dev',
			expected: {kind: 'sso'},
			problem: /\[sso-session corp\].*has no sso_region/,
		},
		{
			name: 'an sso-session without sso_start_url or sso_region',
			config: '[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nregion = us-east-1\n',
			profile: 'dev',
			expected: {kind: 'sso'},
			problem: /has no sso_start_url or sso_region/,
		},
		{
			name: 'an SSO profile that signs in but names no account or role',
			config: '[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
			profile: 'dev',
			expected: {kind: 'sso'},
			problem: /no sso_account_id\/sso_role_name/,
		},
		{
			name: 'a legacy SSO profile',
			config: '[profile old]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n',
			profile: 'old',
			expected: {kind: 'legacy-sso', sources: ['config']},
			problem: /aws configure sso --profile old.*sso-session/,
		},
		{
			name: 'a credentials-only profile with static keys',
			credentials: '[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
			profile: 'ci',
			expected: {kind: 'static-keys', hasStaticKeys: true, sources: ['credentials'], problems: []},
		},
		{
			name: 'keys in credentials and a region in config',
			config: '[profile work]\nregion = ap-southeast-2\n',
			credentials: '[work]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
			profile: 'work',
			expected: {kind: 'static-keys', hasStaticKeys: true, region: 'ap-southeast-2', sources: ['config', 'credentials']},
		},
		{
			name: 'an access key ID without its secret',
			credentials: '[half]\naws_access_key_id = AKIDEXAMPLE\n',
			profile: 'half',
			expected: {kind: 'other', hasStaticKeys: false},
			problem: /aws_access_key_id but no aws_secret_access_key/,
		},
		{
			name: 'a secret without its access key ID',
			credentials: '[half]\naws_secret_access_key = secret\n',
			profile: 'half',
			expected: {hasStaticKeys: false},
			problem: /aws_secret_access_key but no aws_access_key_id/,
		},
		{
			name: 'an assume-role profile',
			config: '[profile admin]\nrole_arn = arn:aws:iam::1:role/Admin\nsource_profile = default\n[default]\nregion = us-east-1\n',
			profile: 'admin',
			expected: {kind: 'assume-role', problems: []},
		},
		{
			name: 'an assume-role profile whose source profile does not exist',
			config: '[profile admin]\nrole_arn = arn:aws:iam::1:role/Admin\nsource_profile = nowhere\n',
			profile: 'admin',
			expected: {kind: 'assume-role'},
			problem: /source_profile "nowhere", which does not exist/,
		},
		{
			name: 'a credential_process profile',
			config: '[profile helper]\ncredential_process = /usr/local/bin/creds --json\n',
			profile: 'helper',
			expected: {kind: 'credential-process'},
		},
		{
			name: 'a web-identity profile',
			config: '[profile pod]\nrole_arn = arn:aws:iam::1:role/Pod\nweb_identity_token_file = /var/run/token\n',
			profile: 'pod',
			expected: {kind: 'web-identity'},
		},
		{
			name: 'a profile with only settings',
			config: '[profile plain]\nregion = us-east-2\noutput = json\n',
			profile: 'plain',
			expected: {kind: 'other', region: 'us-east-2'},
		},
		{
			name: 'a region not shaped like one',
			config: '[profile odd]\nregion = Frankfurt\n',
			profile: 'odd',
			expected: {region: 'Frankfurt'},
			problem: /not shaped like an AWS region/,
		},
		{
			name: '[profile x] in credentials next to a real profile x',
			config: '[profile x]\nregion = us-east-1\n',
			credentials: '[profile x]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
			profile: 'x',
			expected: {sources: ['config'], hasStaticKeys: false, kind: 'other'},
			problem: /\[profile x\] is not profile "x".*written \[x\]/,
		},
		{
			name: '[x] in config next to keys for x',
			config: '[x]\nregion = us-east-1\n',
			credentials: '[x]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n',
			profile: 'x',
			expected: {sources: ['credentials'], kind: 'static-keys'},
			problem: /\[x\] is ignored there.*\[profile x\]/,
		},
		{
			name: 'a profile split over CRLF files with comments and a BOM',
			config: '\uFEFF# team config\r\n[profile team] ; note\r\nregion = eu-central-1 # Frankfurt\r\ncredential_process = fetch-creds\r\n',
			profile: 'team',
			expected: {kind: 'credential-process', region: 'eu-central-1', problems: []},
		},
	];

	it.each(rows)('$name', ({config, credentials, profile, expected, problem}) => {
		const found = profileNamed(listAwsProfiles(config, credentials), profile);
		expect(found).toMatchObject(expected);
		if (problem) {
			expect(found.problems.join('\n')).toMatch(problem);
		}
	});

	it('reads [default] from config and from credentials as one profile', () => {
		const profiles = listAwsProfiles('[default]\nregion = us-west-2\n', '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
		expect(profiles).toEqual([{name: 'default', kind: 'static-keys', hasStaticKeys: true, region: 'us-west-2', sources: ['config', 'credentials'], problems: []}]);
	});

	it('prefers [profile default] over [default] in config', () => {
		const [profile] = listAwsProfiles('[profile default]\nregion = eu-west-1\n[default]\nregion = us-east-1\noutput = json\n', undefined);
		expect(profile).toMatchObject({name: 'default', region: 'eu-west-1'});
	});

	it('lets a key in credentials override the same key in config', () => {
		const [profile] = listAwsProfiles('[profile p]\nregion = us-east-1\n', '[p]\nregion = eu-west-1\n');
		expect(profile!.region).toBe('eu-west-1');
	});

	it('sorts default first, then by name', () => {
		const profiles = listAwsProfiles('[profile zeta]\nregion = us-east-1\n[profile alpha]\nregion = us-east-1\n[default]\nregion = us-east-1\n', '[beta]\naws_access_key_id = A\naws_secret_access_key = B\n');
		expect(profiles.map(profile => profile.name)).toEqual(['default', 'alpha', 'beta', 'zeta']);
	});

	it('does not list sso-session, services, or CLI sections as profiles, nor report them', () => {
		const config = `${ssoConfig}\n[services local]\ns3 =\n  endpoint_url = http://localhost:4566\n[plugins]\ncli_legacy_plugin_path = /x\n`;
		const {profiles, problems} = inspectAwsProfiles(config, undefined);
		expect(profiles.map(profile => profile.name)).toEqual(['dev']);
		expect(problems).toEqual([]);
	});

	it('does not break on nested sub-sections inside a profile', () => {
		const [profile] = listAwsProfiles('[default]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-west-2\ncredential_process = creds\n', undefined);
		expect(profile).toMatchObject({name: 'default', region: 'us-west-2', kind: 'credential-process', problems: []});
	});

	it.each([
		['both files missing', undefined, undefined],
		['both files empty', '', ''],
		['only comments', '# nothing yet\n', '; nothing\n'],
	])('lists nothing for %s', (_name, config, credentials) => {
		expect(inspectAwsProfiles(config, credentials)).toEqual({profiles: [], problems: []});
	});

	it('reports [profile x] in credentials when x exists nowhere else, without listing x', () => {
		const {profiles, problems} = inspectAwsProfiles(undefined, '[profile lonely]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n', {config: '/c', credentials: '/home/u/.aws/credentials'});
		expect(profiles).toEqual([]);
		expect(problems).toEqual([expect.stringMatching(/^\/home\/u\/\.aws\/credentials line 1: \[profile lonely\] is not profile "lonely"/)]);
	});

	it('reports unreadable lines with the file they are in, never their text', () => {
		const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
		const {problems} = inspectAwsProfiles('[default]\nregion = us-east-1\n', `[default]\n${secret}\n`, {config: 'CONFIG', credentials: 'CREDS'});
		expect(problems).toEqual(['CREDS line 2: neither a [section] nor a "key = value" line']);
	});
});

describe('awsConfigPaths', () => {
	const home = path.join(path.sep, 'home', 'ada');

	it('uses ~/.aws by default', () => {
		expect(awsConfigPaths({}, home)).toEqual({config: path.join(home, '.aws', 'config'), credentials: path.join(home, '.aws', 'credentials')});
	});

	it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
		expect(awsConfigPaths({AWS_CONFIG_FILE: '/etc/aws/config', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds'}, home)).toEqual({config: '/etc/aws/config', credentials: '/etc/aws/creds'});
	});

	it('expands a leading ~/ in the variables', () => {
		expect(awsConfigPaths({AWS_CONFIG_FILE: '~/work/aws-config', AWS_SHARED_CREDENTIALS_FILE: '~/work/creds'}, home)).toEqual({
			config: path.join(home, 'work', 'aws-config'),
			credentials: path.join(home, 'work', 'creds'),
		});
	});

	it('ignores an empty variable', () => {
		expect(awsConfigPaths({AWS_CONFIG_FILE: '', AWS_SHARED_CREDENTIALS_FILE: '  '}, home).config).toBe(path.join(home, '.aws', 'config'));
	});

	it('does not expand ~ in the middle of a path or ~user', () => {
		expect(awsConfigPaths({AWS_CONFIG_FILE: '/data/~/config', AWS_SHARED_CREDENTIALS_FILE: '~bob/creds'}, home)).toEqual({config: '/data/~/config', credentials: '~bob/creds'});
	});
});
