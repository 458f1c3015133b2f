/** The pages a user is sent to. Kept in one place so a URL change is one edit. */
export const pages = {
	console: 'https://platform.claude.com/',
	consoleApiKeys: 'https://platform.claude.com/settings/keys',
	claudeAi: 'https://claude.ai/login',
	installDocs: 'https://code.claude.com/docs/en/setup',
} as const;
