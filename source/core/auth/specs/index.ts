import type {MethodSpec} from '../form.js';
import type {AuthMethodId} from '../methods.js';
import {bedrockSpec} from './bedrock.js';
import {foundrySpec} from './foundry.js';
import {gatewaySpec} from './gateway.js';
import {vertexSpec} from './vertex.js';
import {claudeAiSpec, consoleLoginSpec} from './login.js';

/** The form of every method that has one; the Console API key keeps its own screens. */
export const methodSpecs: Partial<Record<AuthMethodId, MethodSpec>> = {
	gateway: gatewaySpec,
	bedrock: bedrockSpec,
	vertex: vertexSpec,
	foundry: foundrySpec,
	'claude-ai': claudeAiSpec,
	'console-login': consoleLoginSpec,
};

export function specOf(method: AuthMethodId | undefined): MethodSpec | undefined {
	return method === undefined ? undefined : methodSpecs[method];
}
