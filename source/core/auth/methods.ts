/**
The ways a team gets Claude Code access. `isBuilt` says whether this version of claude-setup can
configure the method end to end; the others are listed so users see the whole map, and say plainly
that they are not built yet instead of pretending.
*/
export type AuthMethodId =
	| 'console-api-key'
	| 'console-login'
	| 'claude-ai'
	| 'bedrock'
	| 'vertex'
	| 'foundry'
	| 'gateway';

export type AuthMethod = {
	id: AuthMethodId;
	label: string;
	description: string;
	isBuilt: boolean;
};

export const authMethods: readonly AuthMethod[] = [
	{
		id: 'console-api-key',
		label: 'Claude Console: API key',
		description: 'Paste a key from the Console; it is kept in your OS keychain.',
		isBuilt: true,
	},
	{
		id: 'console-login',
		label: 'Claude Console: browser login',
		description: 'Claude Code logs in to the Console in your browser and makes its own key.',
		isBuilt: true,
	},
	{
		id: 'claude-ai',
		label: 'Claude for Teams or Enterprise',
		description: 'Log in with your claude.ai Teams or Enterprise account.',
		isBuilt: true,
	},
	{id: 'bedrock', label: 'Amazon Bedrock', description: 'Use Claude through your AWS account.', isBuilt: true},
	{id: 'vertex', label: 'Google Vertex AI', description: 'Use Claude through Google Cloud.', isBuilt: true},
	{id: 'foundry', label: 'Microsoft Foundry', description: 'Use Claude through Azure.', isBuilt: true},
	{id: 'gateway', label: 'LLM gateway', description: "Your company's proxy in front of the API (ANTHROPIC_BASE_URL).", isBuilt: true},
];

export function findAuthMethod(id: string): AuthMethod | undefined {
	return authMethods.find(method => method.id === id);
}
