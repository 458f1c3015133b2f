import type {AuthMethodId} from '../auth/methods.js';
import {isSecretKeyName} from '../secrets/mask.js';

/**
What an administrator's managed settings enforce, in terms of the wizard's choices. Managed settings
win over every file the wizard writes, so a choice they would override or refuse is not offered.
*/
export type ManagedPolicy = {
	/** "forceLoginMethod: claudeai", "env CLAUDE_CODE_USE_BEDROCK=1", … for showing. */
	enforced: string[];
	/** The methods left to choose from; all of them when nothing restricts the choice. */
	allowed: AuthMethodId[];
};

const allMethods: AuthMethodId[] = ['console-api-key', 'console-login', 'claude-ai', 'bedrock', 'vertex', 'foundry', 'gateway'];

function isOn(value: unknown): boolean {
	return typeof value === 'string' && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function managedPolicy(data: Record<string, unknown> | undefined): ManagedPolicy {
	if (!data) {
		return {enforced: [], allowed: allMethods};
	}

	const enforced: string[] = [];
	let allowed = [...allMethods];
	const envBlock = data['env'];
	const env = typeof envBlock === 'object' && envBlock !== null && !Array.isArray(envBlock) ? (envBlock as Record<string, unknown>) : {};
	for (const [name, value] of Object.entries(env)) {
		enforced.push(`env ${name}=${isSecretKeyName(name) ? '••••' : String(value)}`);
	}

	// A provider switched on by the administrator wins over anything personal.
	const provider = (['bedrock', 'vertex', 'foundry'] as const).find(method => isOn(env[`CLAUDE_CODE_USE_${method.toUpperCase()}`]));
	if (provider) {
		allowed = [provider];
	} else if (isOn(env['ANTHROPIC_BASE_URL'])) {
		allowed = ['gateway'];
	}

	const force = data['forceLoginMethod'];
	if (typeof force === 'string') {
		enforced.push(`forceLoginMethod: ${force}`);
		if (force === 'claudeai') {
			allowed = allowed.filter(method => method !== 'console-login' && method !== 'console-api-key');
		} else if (force === 'console') {
			allowed = allowed.filter(method => method !== 'claude-ai');
		}
	}

	if (data['forceLoginOrgUUID'] !== undefined) {
		enforced.push(`forceLoginOrgUUID: ${JSON.stringify(data['forceLoginOrgUUID'])}`);
		// With an org lock, an API key, auth token or apiKeyHelper stops Claude Code from starting at all.
		allowed = allowed.filter(method => method !== 'console-api-key' && method !== 'gateway');
	}

	if (typeof data['apiKeyHelper'] === 'string') {
		enforced.push('apiKeyHelper (set by your administrator)');
	}

	return {enforced, allowed: allowed.length > 0 ? allowed : allMethods};
}
