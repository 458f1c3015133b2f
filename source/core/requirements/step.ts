import type {EndpointMethod, RequirementResult} from './types.js';

/*
What the wizard's state machine and screens need from the requirement checks: which hosts a way of
signing in talks to, and whether the user may go on. The checks themselves (evaluate.ts) run only in
the requirements step, so they are not loaded with the first screen.
*/

/** The wizard may go on unless a hard requirement failed. */
export function summarize(results: readonly RequirementResult[]): {canContinue: boolean; failedHard: RequirementResult[]} {
	const failedHard = results.filter(result => result.status === 'fail' && result.isHard === true);
	return {canContinue: failedHard.length === 0, failedHard};
}

/** The hosts Claude Code talks to for a way of signing in; empty when the input names none. */
export function endpointsFor(
	method: EndpointMethod,
	options: {region?: string; foundryResource?: string; gatewayUrl?: string} = {},
): string[] {
	// Region and resource names become host names: anything but letters, digits and dashes is a typo.
	const label = /^[a-z\d-]+$/i;
	const region = options.region?.trim().toLowerCase();
	switch (method) {
		case 'first-party': {
			return ['api.anthropic.com', 'claude.ai', 'platform.claude.com'];
		}

		case 'bedrock': {
			const name = region || 'us-east-1';
			return label.test(name) ? [`bedrock-runtime.${name}.amazonaws.com`] : [];
		}

		case 'vertex': {
			const name = region || 'global';
			if (!label.test(name)) {
				return [];
			}

			return [name === 'global' ? 'aiplatform.googleapis.com' : `${name}-aiplatform.googleapis.com`];
		}

		case 'foundry': {
			const resource = options.foundryResource?.trim().toLowerCase();
			return resource && label.test(resource) ? [`${resource}.services.ai.azure.com`] : [];
		}

		case 'gateway': {
			const host = hostOf(options.gatewayUrl);
			return host ? [host] : [];
		}
	}
}

export function hostOf(url: string | undefined): string | undefined {
	const text = url?.trim();
	if (!text) {
		return undefined;
	}

	try {
		// `host` keeps a non-default port (gateway.corp:8443), which the reach check must use.
		return new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`).host || undefined;
	} catch {
		return undefined;
	}
}
