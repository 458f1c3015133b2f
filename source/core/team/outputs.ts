import {findAuthMethod} from '../auth/methods.js';
import {specOf} from '../auth/specs/index.js';
import {describeFixedAnswers, presetText, type Preset} from './preset.js';

/**
The three files `claude-setup team` writes for an administrator: the preset teammates run with,
a managed-settings.json for MDM, and a short instructions file for the people.
*/

/** Where Claude Code reads managed settings (from the Claude Code docs, "Managed settings"). */
export const managedSettingsLocations = [
	{system: 'macOS', path: '/Library/Application Support/ClaudeCode/managed-settings.json'},
	{system: 'Linux and WSL', path: '/etc/claude-code/managed-settings.json'},
	{system: 'Windows', path: String.raw`C:\Program Files\ClaudeCode\managed-settings.json`},
] as const;

export const teamFileNames = {preset: 'claude-setup-preset.json', managed: 'managed-settings.json', instructions: 'CLAUDE-CODE-SETUP.md'} as const;

/** Variables that come from one person's answers: never part of what is enforced for everyone. */
const personalVariables = new Set(['AWS_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_FOUNDRY_API_KEY']);

/** The settings the whole team shares: the method's env from the team answers, the team env, the login lock. */
export function teamSettings(preset: Preset): Record<string, unknown> {
	const spec = specOf(preset.method);
	const configuration = spec?.configure(preset.answers, {});
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(configuration?.env ?? {})) {
		if (value !== '' && !personalVariables.has(name)) {
			env[name] = value;
		}
	}

	Object.assign(env, preset.env);
	const settings: Record<string, unknown> = {};
	if (Object.keys(env).length > 0) {
		settings['env'] = env;
	}

	if (preset.method === 'claude-ai') {
		settings['forceLoginMethod'] = 'claudeai';
	} else if (preset.method === 'console-login' || preset.method === 'console-api-key') {
		settings['forceLoginMethod'] = 'console';
	}

	if (preset.orgUuid) {
		settings['forceLoginOrgUUID'] = preset.orgUuid;
	}

	return settings;
}

export function managedSettingsText(preset: Preset): string {
	return `${JSON.stringify(teamSettings(preset), undefined, 2)}\n`;
}

const personalSteps: Record<Preset['method'], string[]> = {
	'console-api-key': [
		'Accept the Claude Console invite from your email (platform.claude.com). The "Claude Code" role can create Claude Code API keys only; "Developer" can create any key.',
		'Create an API key in the Console (Settings → API keys); the setup asks you to paste it and keeps it in your OS keychain.',
	],
	'console-login': ['Accept the Claude Console invite from your email (platform.claude.com).', 'The setup hands the terminal to `claude auth login --console`; sign in in your browser.'],
	'claude-ai': [
		'Accept the Claude for Teams or Enterprise invite from your email (claude.ai).',
		'The setup hands the terminal to `claude auth login --claudeai`; sign in in your browser (over SSH or in a container, open the printed link anywhere and paste the code back).',
	],
	bedrock: [
		'Get AWS credentials for the team account: an IAM Identity Center (SSO) profile (`aws configure sso`, then `aws sso login --profile <name>`), or access keys, or a Bedrock API key (Bedrock console → API keys).',
		'Your role needs bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile.',
	],
	vertex: [
		'Install the Google Cloud CLI and run `gcloud auth application-default login` with your work account.',
		'You need the Vertex AI User role (roles/aiplatform.user) on the team project.',
	],
	foundry: [
		'Install the Azure CLI and run `az login` (you need the Azure AI User or Cognitive Services User role on the Foundry resource), or get an API key from the resource\'s "Keys and Endpoint".',
	],
	gateway: ['Get your personal gateway token from the gateway\'s portal or your administrator; the setup keeps it in your OS keychain.'],
};

export function instructionsText(preset: Preset, presetReference: string): string {
	const method = findAuthMethod(preset.method)?.label ?? preset.method;
	const team = preset.team ?? 'your team';
	const fixed = describeFixedAnswers(preset);
	const env = Object.entries(preset.env).map(([name, value]) => `${name}=${value}`);
	return [
		`# Setting up Claude Code for ${team}`,
		'',
		`${team} uses Claude Code through **${method}**. One command sets it up and checks that it works:`,
		'',
		'```sh',
		`npx claude-setup --preset ${/^[\w./:@%+=,-]+$/.test(presetReference) ? presetReference : `'${presetReference.replaceAll("'", String.raw`'\''`)}'`}`,
		'```',
		'',
		'## Before you run it',
		'',
		...personalSteps[preset.method].map(step => `- ${step}`),
		'',
		'## Set by your team (you will not be asked)',
		'',
		...(fixed.length > 0 || env.length > 0 ? [...fixed, ...env].map(line => `- ${line}`) : ['- The method only.']),
		'',
		'The setup asks only for what is yours (your credentials or profile), shows every change before writing it, keeps secrets in your OS keychain and backs up any file it changes (`npx claude-setup undo` restores it).',
		'',
		'## For IT: managed settings',
		'',
		`\`${teamFileNames.managed}\` enforces the same choices on managed machines. Deploy it with your MDM to:`,
		'',
		...managedSettingsLocations.map(location => `- ${location.system}: \`${location.path}\``),
		'',
		'If something does not work: `npx claude-setup doctor`.',
		'',
	].join('\n');
}

export type TeamFiles = Array<{name: string; text: string}>;

export function teamFiles(preset: Preset, presetReference: string = `./${teamFileNames.preset}`): TeamFiles {
	return [
		{name: teamFileNames.preset, text: presetText(preset)},
		{name: teamFileNames.managed, text: managedSettingsText(preset)},
		{name: teamFileNames.instructions, text: instructionsText(preset, presetReference)},
	];
}
