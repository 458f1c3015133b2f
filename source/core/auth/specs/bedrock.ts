import type {AwsProfile} from '../aws-config.js';
import {awsAuthRefreshCommand, bedrockModelChoices, checkBedrockModelId, defaultBedrockModels, isAwsRegion} from '../bedrock.js';
import type {MethodConfiguration} from '../configuration.js';
import {awsProfileName} from '../../setup/aws-profile-block.js';
import {checkSingleLineSecret, normalizePasted, type Answers, type Discovery, type FieldOption, type MethodSpec} from '../form.js';

/**
Amazon Bedrock: an AWS profile from ~/.aws (SSO profiles get `awsAuthRefresh`), access keys (kept
in the keychain and handed over by the `credential_process` of an AWS profile claude-setup adds;
`awsCredentialExport` cannot carry long-term keys, see aws-profile-block.ts), or a Bedrock API key (kept in the
keychain, handed over by the `claude` shell function as AWS_BEARER_TOKEN_BEDROCK). Region and
models are pinned: unpinned, Bedrock defaults to an Opus model, which costs more.
*/
export function profilesIn(discovery: Discovery): AwsProfile[] {
	const profiles = discovery['awsProfiles'];
	return Array.isArray(profiles) ? (profiles as AwsProfile[]) : [];
}

function profileNamed(discovery: Discovery, name: string | undefined): AwsProfile | undefined {
	return profilesIn(discovery).find(profile => profile.name === name);
}

const kindLabels: Record<AwsProfile['kind'], string> = {
	sso: 'IAM Identity Center (SSO)',
	'legacy-sso': 'SSO, old style',
	'static-keys': 'access keys',
	'assume-role': 'assumes a role',
	'credential-process': 'credential process',
	'web-identity': 'web identity',
	other: 'other',
};

function modelOptions(region: string, role: 'primary' | 'small'): FieldOption[] {
	return [
		...bedrockModelChoices(region)
			.filter(choice => choice.role === role)
			.map(choice => ({value: choice.id, label: choice.label, description: choice.id})),
		{value: 'custom', label: 'Another model ID or inference profile ARN…'},
	];
}

function regionOf(answers: Answers): string {
	return answers['region'] ?? 'us-east-1';
}

function checkModel(value: string): string | undefined {
	const problem = checkBedrockModelId(value);
	return problem?.severity === 'fail' ? problem.message : undefined;
}

export const bedrockSpec: MethodSpec = {
	id: 'bedrock',
	fields: [
		{
			id: 'auth',
			// Whether a person has a profile, keys or an API key is theirs to say; the team's instructions explain the options.
			isPersonal: true,
			kind: 'select',
			title: () => 'Which AWS credentials should Claude Code use?',
			help: (_answers, discovery) => {
				const problems = discovery['awsProblems'];
				return Array.isArray(problems) ? (problems as string[]) : [];
			},
			options: (_answers, discovery) => [
				...(profilesIn(discovery).length > 0 ? [{value: 'profile', label: `An AWS profile from your AWS config (${profilesIn(discovery).length} found)`, description: 'Recommended: nothing secret is copied; SSO profiles refresh with aws sso login.'}] : []),
				{value: 'keys', label: 'An access key ID and secret access key', description: `Kept in your keychain; an AWS profile "${awsProfileName}" hands them to Claude Code (credential_process).`},
				{value: 'api-key', label: 'A Bedrock API key', description: 'Kept in your keychain; a `claude` shell function hands it over as AWS_BEARER_TOKEN_BEDROCK.'},
			],
			initial: (_answers, discovery) => (profilesIn(discovery).length > 0 ? 'profile' : 'keys'),
		},
		{
			id: 'profile',
			isPersonal: true,
			kind: 'select',
			title: () => 'Which profile?',
			isAsked: answers => answers['auth'] === 'profile',
			options: (_answers, discovery) =>
				profilesIn(discovery).map(profile => ({
					value: profile.name,
					label: profile.name,
					description: [kindLabels[profile.kind], profile.region, ...profile.problems].filter(Boolean).join(' · '),
				})),
			initial: (_answers, discovery) => {
				const fromEnv = discovery['envProfile'];
				return typeof fromEnv === 'string' ? fromEnv : profilesIn(discovery)[0]?.name;
			},
		},
		{
			id: 'accessKeyId',
			isPersonal: true,
			kind: 'text',
			title: () => 'Access key ID',
			help: () => ['It starts with AKIA (a long-term key) or ASIA (temporary credentials, which also need a session token).'],
			isAsked: answers => answers['auth'] === 'keys',
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?AWS_ACCESS_KEY_ID\s*=\s*/, ''),
			check: value => (/^(?:AKIA|ASIA)[A-Z\d]{12,124}$/.test(value) ? undefined : 'An access key ID is letters and digits starting with AKIA or ASIA.'),
		},
		{
			id: 'secretAccessKey',
			isPersonal: true,
			kind: 'secret',
			title: () => 'Secret access key',
			isAsked: answers => answers['auth'] === 'keys',
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?AWS_SECRET_ACCESS_KEY\s*=\s*/, ''),
			check: value => checkSingleLineSecret(value),
		},
		{
			id: 'sessionToken',
			isPersonal: true,
			kind: 'secret',
			title: () => 'Session token (temporary credentials need one)',
			isAsked: answers => answers['auth'] === 'keys' && (answers['accessKeyId'] ?? '').startsWith('ASIA'),
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?AWS_SESSION_TOKEN\s*=\s*/, ''),
			check: value => checkSingleLineSecret(value),
		},
		{
			id: 'bearerToken',
			isPersonal: true,
			kind: 'secret',
			title: () => 'Bedrock API key',
			help: () => ['Create one in the Bedrock console under API keys. Short-term keys last at most 12 hours.'],
			isAsked: answers => answers['auth'] === 'api-key',
			normalize: value => normalizePasted(value).replace(/^(?:export\s+)?AWS_BEARER_TOKEN_BEDROCK\s*=\s*/, ''),
			check: value => checkSingleLineSecret(value),
		},
		{
			id: 'region',
			kind: 'text',
			title: () => 'AWS region (AWS_REGION)',
			help: () => ['Claude Code requires a region for Bedrock; pick one where your account has Claude model access.'],
			initial: (answers, discovery) => {
				const fromProfile = profileNamed(discovery, answers['profile'])?.region;
				const fromEnv = discovery['envRegion'];
				return fromProfile ?? (typeof fromEnv === 'string' ? fromEnv : 'us-east-1');
			},
			check: value => (isAwsRegion(value) ? undefined : 'That is not an AWS region name, such as us-east-1 or eu-central-1.'),
		},
		{
			id: 'model',
			kind: 'select',
			title: () => 'Main model (ANTHROPIC_MODEL)',
			help: () => ['Unpinned, Claude Code on Bedrock uses an Opus model, which costs several times more than Sonnet.', 'These are cross-region inference profiles: Bedrock does not take the bare model IDs on demand.'],
			options: answers => modelOptions(regionOf(answers), 'primary'),
			initial: answers => defaultBedrockModels(regionOf(answers)).primary,
		},
		{
			id: 'customModel',
			kind: 'text',
			title: () => 'Model ID or inference profile ARN',
			isAsked: answers => answers['model'] === 'custom',
			check: value => checkModel(value),
		},
		{
			id: 'smallModel',
			kind: 'select',
			title: () => 'Background model for quick tasks (ANTHROPIC_DEFAULT_HAIKU_MODEL)',
			options: answers => modelOptions(regionOf(answers), 'small'),
			initial: answers => defaultBedrockModels(regionOf(answers)).small,
		},
		{
			id: 'customSmallModel',
			kind: 'text',
			title: () => 'Background model ID or inference profile ARN',
			isAsked: answers => answers['smallModel'] === 'custom',
			check: value => checkModel(value),
		},
	],
	configure: (answers, discovery) => bedrockConfiguration(answers, discovery),
	terminalActions(answers, discovery, checks) {
		const profile = profileNamed(discovery, answers['profile']);
		const failed = checks.some(check => check.id === 'identity' && check.outcome === 'fail');
		if (answers['auth'] === 'profile' && profile && (profile.kind === 'sso' || profile.kind === 'legacy-sso') && failed) {
			return [{id: 'sso-login', label: `Run aws sso login --profile ${profile.name}`, file: 'aws', args: ['sso', 'login', '--profile', profile.name]}];
		}

		return [];
	},
};

export function chosenModels(answers: Answers): {model: string; smallModel: string} {
	const model = answers['model'] === 'custom' ? (answers['customModel'] ?? '') : (answers['model'] ?? '');
	const smallModel = answers['smallModel'] === 'custom' ? (answers['customSmallModel'] ?? '') : (answers['smallModel'] ?? '');
	return {model, smallModel};
}

export function bedrockConfiguration(answers: Answers, discovery: Discovery): MethodConfiguration {
	const {model, smallModel} = chosenModels(answers);
	const env: Record<string, string> = {CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: regionOf(answers), ANTHROPIC_MODEL: model, ANTHROPIC_DEFAULT_HAIKU_MODEL: smallModel};
	const base = {method: 'bedrock' as const, expectedProvider: 'bedrock' as const, helperSettings: [], secrets: [], shellSecrets: [], settings: {}};
	switch (answers['auth']) {
		case 'profile': {
			const name = answers['profile'] ?? 'default';
			const profile = profileNamed(discovery, name);
			const isSso = profile?.kind === 'sso' || profile?.kind === 'legacy-sso';
			return {...base, env: {...env, AWS_PROFILE: name}, settings: isSso ? {awsAuthRefresh: awsAuthRefreshCommand(name)} : {}};
		}

		case 'api-key': {
			return {
				...base,
				env,
				secrets: [{purpose: 'bedrock-api-key', value: answers['bearerToken'] ?? '', label: 'Bedrock API key'}],
				shellSecrets: [{variable: 'AWS_BEARER_TOKEN_BEDROCK', secret: 'bedrock-api-key'}],
			};
		}

		default: {
			const credentials: Record<string, string | number> = {Version: 1, AccessKeyId: answers['accessKeyId'] ?? '', SecretAccessKey: answers['secretAccessKey'] ?? ''};
			if (answers['sessionToken']) {
				credentials['SessionToken'] = answers['sessionToken'];
			}

			return {
				...base,
				env: {...env, AWS_PROFILE: awsProfileName},
				awsCredentialProcess: {profile: awsProfileName, secret: 'bedrock-credentials'},
				// Stored as the exact JSON a credential_process must print, so the helper prints it as it is.
				secrets: [{purpose: 'bedrock-credentials', value: JSON.stringify(credentials), label: 'AWS access key'}],
			};
		}
	}
}
