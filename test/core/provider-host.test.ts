import {describe, expect, it} from 'vitest';
import {providerHost} from '../../source/core/auth/provider-host.js';

describe('the host a cloud provider sends model requests to', () => {
	it.each([
		['bedrock', {region: 'eu-west-1'}, {}, 'bedrock-runtime.eu-west-1.amazonaws.com'],
		['bedrock', {}, {}, 'bedrock-runtime.us-east-1.amazonaws.com'],
		['bedrock', {region: 'eu-west-1'}, {ANTHROPIC_BEDROCK_BASE_URL: 'https://gw.example.com/bedrock'}, 'gw.example.com'],
		['vertex', {region: 'global'}, {}, 'aiplatform.googleapis.com'],
		['vertex', {region: 'eu'}, {}, 'aiplatform.eu.rep.googleapis.com'],
		['vertex', {region: 'us-east5'}, {}, 'us-east5-aiplatform.googleapis.com'],
		['vertex', {region: 'us-east5'}, {ANTHROPIC_VERTEX_BASE_URL: 'http://127.0.0.1:4000'}, '127.0.0.1:4000'],
		['foundry', {endpoint: 'acme-claude'}, {}, 'acme-claude.services.ai.azure.com'],
		['foundry', {endpoint: 'https://other.services.ai.azure.com/anthropic'}, {}, 'other.services.ai.azure.com'],
		['foundry', {endpoint: 'not a resource!'}, {}, undefined],
	] as const)('%s %j %j -> %s', (method, answers, env, host) => {
		expect(providerHost(method, answers, env)).toBe(host);
	});
});
