import type {Answers} from './form.js';
import type {Environment} from '../ports.js';
import {foundryBaseUrl} from './specs/foundry.js';

/**
The host Claude Code will send model requests to, for a reach check through the proxy (TLS
interception included). A base-URL override (a gateway, a test server) is what Claude Code uses then.
*/
export function providerHost(method: 'bedrock' | 'vertex' | 'foundry', answers: Answers, env: Environment): string | undefined {
	const override = {bedrock: env['ANTHROPIC_BEDROCK_BASE_URL'], vertex: env['ANTHROPIC_VERTEX_BASE_URL'], foundry: env['ANTHROPIC_FOUNDRY_BASE_URL']}[method];
	const fromUrl = (value: string | undefined) => {
		try {
			return value ? new URL(value).host : undefined;
		} catch {
			return undefined;
		}
	};

	if (override) {
		return fromUrl(override);
	}

	switch (method) {
		case 'bedrock': {
			return `bedrock-runtime.${answers['region'] ?? 'us-east-1'}.amazonaws.com`;
		}

		case 'vertex': {
			const region = answers['region'] ?? 'global';
			return region === 'global' ? 'aiplatform.googleapis.com' : region === 'us' || region === 'eu' ? `aiplatform.${region}.rep.googleapis.com` : `${region}-aiplatform.googleapis.com`;
		}

		case 'foundry': {
			return fromUrl(foundryBaseUrl(answers['endpoint'] ?? ''));
		}
	}
}

