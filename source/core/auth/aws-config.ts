import path from 'node:path';

/**
Reading the AWS shared config files (`~/.aws/config` and `~/.aws/credentials`) well enough to offer
the user's profiles, say what kind each one is, and spot the mistakes that later surface as a
baffling Bedrock 403. Pure: the adapter reads the files, this only looks at their text.
*/

export type AwsProfileKind = 'sso' | 'legacy-sso' | 'static-keys' | 'assume-role' | 'credential-process' | 'web-identity' | 'other';

export type AwsProfile = {
	name: string;
	region?: string;
	kind: AwsProfileKind;
	/** The `[sso-session …]` an `sso` profile signs in through. */
	ssoSession?: string;
	hasStaticKeys: boolean;
	/** Which files define the profile, config first. */
	sources: Array<'config' | 'credentials'>;
	/** Plain sentences, each naming the file and the fix. */
	problems: string[];
};

export type IniSection = {
	/** The text between the brackets with runs of whitespace collapsed: `profile dev`, `default`, `sso-session corp`. */
	header: string;
	/** 1-based line of the first time the section appears. */
	line: number;
	/** Keys lowercased, values as written (case kept), later duplicates winning. */
	values: Map<string, string>;
	/** Indented sub-properties under a key with an empty value (`s3 =\n  max_concurrent_requests = 20`). */
	nested: Map<string, Map<string, string>>;
};

/** Messages name lines and keys but never quote a line: in the credentials file a line may be a secret. */
export type IniProblem = {line: number; message: string};

export type ParsedIni = {sections: IniSection[]; problems: IniProblem[]};

/**
Parses the AWS flavour of INI. The rules follow the AWS SDKs' shared-config specification rather
than a generic INI reader, because that is what the CLI and the JavaScript SDK inside Claude Code do:
comments start a line with `#` or `;`, or follow a value after whitespace; a section seen twice is
one section; indented lines after a key belong to it.
*/
export function parseAwsIni(text: string): ParsedIni {
	const sections = new Map<string, IniSection>();
	const problems: IniProblem[] = [];
	let current: IniSection | undefined;
	// The key whose more-indented lines come next: a sub-section parent (empty value) or a continued value.
	let openKey: OpenKey | undefined;

	const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
	for (const [index, rawLine] of lines.entries()) {
		const lineNumber = index + 1;
		if (/^\s*$/.test(rawLine) || /^\s*[#;]/.test(rawLine)) {
			continue;
		}

		// As in Python's configparser (behind the AWS CLI), a line continues the key above only when it is
		// indented deeper than that key: `[default]` followed by two-space-indented keys is still two keys.
		const indent = /^[ \t]*/.exec(rawLine)![0].length;
		if (current && openKey && indent > openKey.indent) {
			addIndentedLine(current, openKey, rawLine.trim(), lineNumber, problems);
			continue;
		}

		const line = rawLine.trim();
		if (line.startsWith('[')) {
			openKey = undefined;
			const header = parseSectionHeader(line);
			if (header === undefined) {
				problems.push({line: lineNumber, message: `line ${lineNumber}: a section header without its closing "]"`});
				current = undefined;
				continue;
			}

			current = sections.get(header);
			if (!current) {
				current = {header, line: lineNumber, values: new Map(), nested: new Map()};
				sections.set(header, current);
			}

			continue;
		}

		const property = parseProperty(line);
		if (property === undefined) {
			problems.push({line: lineNumber, message: `line ${lineNumber}: neither a [section] nor a "key = value" line`});
			openKey = undefined;
			continue;
		}

		if (!current) {
			problems.push({line: lineNumber, message: `line ${lineNumber}: "${property.key}" comes before any [section], so it is ignored`});
			openKey = undefined;
			continue;
		}

		current.values.set(property.key, property.value);
		current.nested.delete(property.key);
		openKey = {name: property.key, isParent: property.value === '', indent};
	}

	return {sections: [...sections.values()], problems};
}

type OpenKey = {name: string; isParent: boolean; indent: number};

function addIndentedLine(section: IniSection, openKey: OpenKey, line: string, lineNumber: number, problems: IniProblem[]): void {
	if (!openKey.isParent) {
		// A value continued on the next line: the SDKs join it with a newline.
		section.values.set(openKey.name, `${section.values.get(openKey.name) ?? ''}\n${stripInlineComment(line)}`);
		return;
	}

	const property = parseProperty(line);
	if (property === undefined) {
		problems.push({line: lineNumber, message: `line ${lineNumber}: an indented line under "${openKey.name} =" that is not "key = value"`});
		return;
	}

	let nested = section.nested.get(openKey.name);
	if (!nested) {
		nested = new Map();
		section.nested.set(openKey.name, nested);
	}

	nested.set(property.key, property.value);
}

/** `[ profile   dev ] # note` → `profile dev`; undefined when the bracket never closes. */
function parseSectionHeader(line: string): string | undefined {
	const closing = line.indexOf(']');
	if (closing === -1) {
		return undefined;
	}

	const rest = line.slice(closing + 1).trim();
	if (rest !== '' && !/^[#;]/.test(rest)) {
		return undefined;
	}

	return line.slice(1, closing).trim().replaceAll(/\s+/g, ' ');
}

function parseProperty(line: string): {key: string; value: string} | undefined {
	const equals = line.indexOf('=');
	if (equals <= 0) {
		return undefined;
	}

	const key = line.slice(0, equals).trim().toLowerCase();
	if (key === '' || /\s/.test(key)) {
		return undefined;
	}

	return {key, value: stripInlineComment(line.slice(equals + 1))};
}

/**
A `#` or `;` is a comment only after whitespace: secrets, URLs and ARNs may contain either character
(`https://x.awsapps.com/start#/`), so `a;b` stays a value.
*/
function stripInlineComment(value: string): string {
	const comment = /[ \t][#;]/.exec(value);
	return (comment ? value.slice(0, comment.index) : value).trim();
}

/** Sections the CLI itself uses in `config` that are not profiles, so they are not reported. */
const nonProfileConfigSections = new Set(['plugins', 'preview', 'toplevel']);

type Definition = {
	values: Map<string, string>;
	source: 'config' | 'credentials';
};

/** How the two files are named in messages: their real paths when the caller knows them. */
export type AwsFileLabels = {config: string; credentials: string};

const defaultLabels: AwsFileLabels = {config: '~/.aws/config', credentials: '~/.aws/credentials'};

/**
The profiles a user can pick, merged across the two files the way the JavaScript SDK inside Claude
Code merges them (a key in `credentials` wins over the same key in `config`), plus the problems in
the files that belong to no listed profile: a line that does not parse, or a section written in the
other file's style for a profile defined nowhere else (the reason the profile the user expects is
missing).
*/
export function inspectAwsProfiles(
	configText: string | undefined,
	credentialsText: string | undefined,
	labels: AwsFileLabels = defaultLabels,
): {profiles: AwsProfile[]; problems: string[]} {
	const config = parseAwsIni(configText ?? '');
	const credentials = parseAwsIni(credentialsText ?? '');
	const definitions = new Map<string, Definition[]>();
	const problemsByProfile = new Map<string, string[]>();
	const ssoSessions = new Map<string, Map<string, string>>();
	const addProblem = (profile: string, message: string) => {
		problemsByProfile.set(profile, [...(problemsByProfile.get(profile) ?? []), message]);
	};

	const add = (name: string, definition: Definition) => {
		definitions.set(name, [...(definitions.get(name) ?? []), definition]);
	};

	// `[profile default]` and `[default]` are the same profile; the SDKs prefer the former's values.
	const configSections = [...config.sections].sort((a, b) => Number(a.header === 'profile default') - Number(b.header === 'profile default'));
	for (const section of configSections) {
		const profile = /^profile (.+)$/.exec(section.header);
		if (profile) {
			add(profile[1]!, {values: section.values, source: 'config'});
		} else if (section.header === 'default') {
			add('default', {values: section.values, source: 'config'});
		} else if (section.header.startsWith('sso-session ')) {
			ssoSessions.set(section.header.slice('sso-session '.length), section.values);
		} else if (section.header.startsWith('services ') || nonProfileConfigSections.has(section.header)) {
			// Endpoint overrides and CLI settings: nothing to list.
		} else {
			addProblem(section.header, `${labels.config} line ${section.line}: [${section.header}] is ignored there; in the config file a profile is written [profile ${section.header}].`);
		}
	}

	for (const section of credentials.sections) {
		if (section.header.startsWith('profile ')) {
			const intended = section.header.slice('profile '.length);
			addProblem(intended, `${labels.credentials} line ${section.line}: [${section.header}] is not profile "${intended}"; in the credentials file the section is written [${intended}] (the "profile" prefix belongs only in the config file).`);
			continue;
		}

		add(section.header, {values: section.values, source: 'credentials'});
	}

	const profiles = [...definitions].map(([name, found]) => describeProfile(name, found, {ssoSessions, definitions, labels, fileProblems: problemsByProfile.get(name) ?? []}));
	const problems = [
		...config.problems.map(problem => `${labels.config} ${problem.message}`),
		...credentials.problems.map(problem => `${labels.credentials} ${problem.message}`),
		...[...problemsByProfile].filter(([name]) => !definitions.has(name)).flatMap(([, messages]) => messages),
	];
	return {profiles: profiles.sort(compareProfiles), problems};
}

/** The profiles alone; see `inspectAwsProfiles` for problems that belong to no profile. */
export function listAwsProfiles(configText: string | undefined, credentialsText: string | undefined): AwsProfile[] {
	return inspectAwsProfiles(configText, credentialsText).profiles;
}

type ProfileContext = {
	ssoSessions: Map<string, Map<string, string>>;
	definitions: Map<string, Definition[]>;
	labels: AwsFileLabels;
	fileProblems: string[];
};

function describeProfile(name: string, found: Definition[], {ssoSessions, definitions, labels, fileProblems}: ProfileContext): AwsProfile {
	const values = new Map<string, string>();
	// Config first so credentials override, as in the JavaScript SDK.
	for (const definition of [...found].sort((a, b) => Number(a.source === 'credentials') - Number(b.source === 'credentials'))) {
		for (const [key, value] of definition.values) {
			values.set(key, value);
		}
	}

	const sources = (['config', 'credentials'] as const).filter(source => found.some(definition => definition.source === source));
	const problems = [...fileProblems];
	const has = (key: string) => (values.get(key) ?? '') !== '';
	const hasKeyId = has('aws_access_key_id');
	const hasSecret = has('aws_secret_access_key');
	if (hasKeyId !== hasSecret) {
		problems.push(hasKeyId
			? `Profile "${name}" has aws_access_key_id but no aws_secret_access_key; add the secret (aws configure --profile ${name}).`
			: `Profile "${name}" has aws_secret_access_key but no aws_access_key_id; add the key ID (aws configure --profile ${name}).`);
	}

	const profile: AwsProfile = {name, kind: 'other', hasStaticKeys: hasKeyId && hasSecret, sources, problems};
	const region = values.get('region');
	if (region) {
		profile.region = region;
		if (!/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region)) {
			problems.push(`Profile "${name}" has region "${region}", which is not shaped like an AWS region (for example us-east-1).`);
		}
	}

	profile.kind = kindOf(values, profile.hasStaticKeys);
	if (profile.kind === 'sso') {
		const session = values.get('sso_session')!;
		profile.ssoSession = session;
		problems.push(...ssoSessionProblems(name, session, ssoSessions.get(session), labels.config));
		if (!has('sso_account_id') || !has('sso_role_name')) {
			problems.push(`Profile "${name}" signs in through sso-session "${session}" but has no sso_account_id/sso_role_name, so it yields no AWS credentials; run aws configure sso --profile ${name}.`);
		}
	} else if (profile.kind === 'legacy-sso') {
		problems.push(`Profile "${name}" uses the legacy SSO format (sso_start_url in the profile), which cannot refresh its token and asks you to sign in again about every 8 hours; run aws configure sso --profile ${name} to move it to an [sso-session].`);
	} else if (profile.kind === 'assume-role') {
		const source = values.get('source_profile');
		if (source && !definitions.has(source)) {
			problems.push(`Profile "${name}" assumes its role from source_profile "${source}", which does not exist.`);
		} else if (!source && !has('credential_source')) {
			problems.push(`Profile "${name}" has role_arn but neither source_profile nor credential_source, so there are no credentials to assume the role with.`);
		}
	}

	return profile;
}

function kindOf(values: Map<string, string>, hasStaticKeys: boolean): AwsProfileKind {
	const has = (key: string) => (values.get(key) ?? '') !== '';
	if (has('sso_session')) {
		return 'sso';
	}

	if (has('sso_start_url')) {
		return 'legacy-sso';
	}

	if (has('role_arn')) {
		return has('web_identity_token_file') ? 'web-identity' : 'assume-role';
	}

	if (has('web_identity_token_file')) {
		return 'web-identity';
	}

	if (has('credential_process')) {
		return 'credential-process';
	}

	return hasStaticKeys ? 'static-keys' : 'other';
}

function ssoSessionProblems(profile: string, session: string, values: Map<string, string> | undefined, configLabel: string): string[] {
	if (!values) {
		return [`Profile "${profile}" uses sso_session "${session}", but ${configLabel} has no [sso-session ${session}] section; run aws configure sso-session.`];
	}

	const missing = ['sso_start_url', 'sso_region'].filter(key => (values.get(key) ?? '') === '');
	return missing.length === 0 ? [] : [`[sso-session ${session}] in ${configLabel} has no ${missing.join(' or ')}; run aws configure sso-session to complete it.`];
}

function compareProfiles(a: AwsProfile, b: AwsProfile): number {
	if (a.name === 'default' || b.name === 'default') {
		return Number(b.name === 'default') - Number(a.name === 'default');
	}

	return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0);
}

/**
Where the AWS CLI and SDKs look for the two files. `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`
move them; a leading `~/` there is expanded because the SDKs expand it too, while a shell would not
have (the variable is often set in a settings file, not a shell).
*/
export function awsConfigPaths(env: Record<string, string | undefined>, home: string): {config: string; credentials: string} {
	const resolve = (value: string | undefined, fallback: string) => {
		const chosen = value?.trim() ? value.trim() : fallback;
		if (chosen === '~') {
			return home;
		}

		return /^~[/\\]/.test(chosen) ? path.join(home, chosen.slice(2)) : chosen;
	};

	return {
		config: resolve(env['AWS_CONFIG_FILE'], path.join(home, '.aws', 'config')),
		credentials: resolve(env['AWS_SHARED_CREDENTIALS_FILE'], path.join(home, '.aws', 'credentials')),
	};
}
