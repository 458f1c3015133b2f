import type {MethodConfiguration} from '../configuration.js';
import type {Discovery, MethodSpec} from '../form.js';

/**
Claude for Teams / Enterprise (claude.ai accounts) and the Console's browser login: Claude Code's
own `claude auth login` does the login; the wizard lends it the terminal, then reads
`claude auth status`. What the wizard writes is only the cleanup of other methods, and, when asked,
`forceLoginMethod` so this machine keeps using this kind of login.
*/
function environmentHelp(discovery: Discovery): string[] {
	const advice = discovery['loginAdvice'];
	return Array.isArray(advice) ? advice.filter((line): line is string => typeof line === 'string') : [];
}

export const claudeAiSpec: MethodSpec = {
	id: 'claude-ai',
	fields: [
		{
			id: 'how',
			kind: 'select',
			title: () => 'How do you sign in to claude.ai?',
			help: (_answers, discovery) => [
				'Teams: self-service seats your admin invites you to. Enterprise adds single sign-on (SSO), domain capture, roles and managed policy.',
				'Claude Code opens your browser; this terminal is handed to it until the login finishes.',
				...environmentHelp(discovery),
			],
			options: () => [
				{value: 'browser', label: 'With my claude.ai account in the browser'},
				{value: 'sso', label: 'With my company\'s single sign-on (SSO)'},
				{value: 'email', label: 'With a specific email address'},
			],
			initial: () => 'browser',
		},
		{
			id: 'email',
			isPersonal: true,
			kind: 'text',
			title: () => 'The email address of your Teams or Enterprise account',
			isAsked: answers => answers['how'] === 'email',
			check: value => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'That does not look like an email address.'),
		},
		{
			id: 'lock',
			kind: 'select',
			title: () => 'Keep Claude Code on this login?',
			help: () => [
				'forceLoginMethod: "claudeai" in your settings makes Claude Code use claude.ai logins only (never a Console account).',
				'Admins: to lock every machine to your organization, deploy managed settings with forceLoginMethod and forceLoginOrgUUID (your organization ID); `claude-setup team` will write that file.',
			],
			options: () => [
				{value: 'no', label: 'No, just log in'},
				{value: 'yes', label: 'Yes, write forceLoginMethod: "claudeai" to my settings'},
			],
			initial: () => 'no',
		},
	],
	configure: answers => loginConfiguration('claude-ai', answers['lock'] === 'yes'),
};

export const consoleLoginSpec: MethodSpec = {
	id: 'console-login',
	fields: [
		{
			id: 'how',
			kind: 'select',
			title: () => 'How do you sign in to the Claude Console?',
			help: (_answers, discovery) => [
				'Claude Code logs in to the Console and creates its own API key in a "Claude Code" workspace (billed to your organization\'s API usage).',
				'Roles: the "Claude Code" role may create only Claude Code keys; "Developer" may create any key. A 403 after login usually means the role is missing: ask your Console admin.',
				...environmentHelp(discovery),
			],
			options: () => [
				{value: 'browser', label: 'With my Console account in the browser'},
				{value: 'sso', label: 'With my company\'s single sign-on (SSO)'},
			],
			initial: () => 'browser',
		},
	],
	configure: () => loginConfiguration('console-login', false),
};

function loginConfiguration(method: 'claude-ai' | 'console-login', lock: boolean): MethodConfiguration {
	return {
		method,
		env: {},
		settings: lock ? {forceLoginMethod: 'claudeai'} : {},
		helperSettings: [],
		secrets: [],
		shellSecrets: [],
		expectedProvider: 'firstParty',
	};
}

/** `claude auth login` arguments for the answers. */
export function loginArguments(method: 'claude-ai' | 'console-login', answers: Readonly<Record<string, string>>): string[] {
	const args = ['auth', 'login', method === 'claude-ai' ? '--claudeai' : '--console'];
	if (answers['how'] === 'sso') {
		args.push('--sso');
	}

	if (answers['how'] === 'email' && answers['email']) {
		args.push('--email', answers['email']);
	}

	return args;
}
