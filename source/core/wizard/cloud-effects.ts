import type {Answers, Discovery, MethodCheck} from '../auth/form.js';
import type {Ports} from '../ports.js';

/** Discovery and checks of the cloud providers (filled in with the aws, gcloud and az readers). */
export async function cloudDiscovery(_method: 'bedrock' | 'vertex' | 'foundry', _ports: Ports): Promise<Discovery> {
	return {};
}

export async function cloudChecks(_method: 'bedrock' | 'vertex' | 'foundry', _answers: Answers, _discovery: Discovery, _ports: Ports): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	return {checks: []};
}
