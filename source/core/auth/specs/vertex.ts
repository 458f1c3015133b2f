import type {MethodConfiguration} from '../configuration.js';
import {normalizePasted, type Answers, type FieldOption, type MethodSpec} from '../form.js';
import {checkProjectId, defaultVertexRegion, isVertexRegion, modelsLikelyMissingInRegion, vertexModelChoices, vertexRegionVariable, vertexRegions, type ModelTier} from '../vertex.js';

/**
Google Vertex AI: project and region, with Application Default Credentials from gcloud (nothing
secret is stored). Models are pinned; a model the chosen region may lack can get its own region.
*/
function modelOptions(tiers: readonly ModelTier[]): FieldOption[] {
	return [
		...vertexModelChoices
			.filter(choice => tiers.includes(choice.tier))
			.map(choice => ({value: choice.value, label: choice.label, description: choice.documented ? choice.value : `${choice.value} (not yet in the Vertex docs)`})),
	];
}

/** The region a model may need instead of the chosen one: us-east5 carries every Claude model. */
export const fallbackVertexRegion = 'us-east5';

function missingModels(answers: Answers): string[] {
	return modelsLikelyMissingInRegion(answers['region'] ?? defaultVertexRegion, [answers['model'] ?? '', answers['smallModel'] ?? ''].filter(Boolean));
}

export const vertexSpec: MethodSpec = {
	id: 'vertex',
	fields: [
		{
			id: 'project',
			kind: 'text',
			title: () => 'Google Cloud project ID (ANTHROPIC_VERTEX_PROJECT_ID)',
			help: (_answers, discovery) => [
				typeof discovery['gcloudProject'] === 'string' ? `From your gcloud configuration: ${discovery['gcloudProject']}.` : 'The project where Claude models are enabled in Model Garden (the ID, not the name).',
			],
			initial: (_answers, discovery) => {
				const found = discovery['gcloudProject'] ?? discovery['envProject'];
				return typeof found === 'string' ? found : undefined;
			},
			normalize: value => normalizePasted(value),
			check: value => checkProjectId(value),
		},
		{
			id: 'region',
			kind: 'select',
			title: () => 'Region (CLOUD_ML_REGION)',
			help: () => ['global routes each request to wherever there is capacity, and has every current model.'],
			options: () => vertexRegions.map(region => ({value: region.value, label: region.label, description: region.hint})),
			initial: () => defaultVertexRegion,
			check: value => (isVertexRegion(value) ? undefined : 'That is not a Vertex AI region.'),
		},
		{
			id: 'model',
			kind: 'select',
			title: () => 'Main model (ANTHROPIC_MODEL)',
			help: () => ['Unpinned, Claude Code on Vertex AI uses an Opus model, which costs several times more than Sonnet.', 'Each model must be enabled for your project in Model Garden.'],
			options: () => modelOptions(['sonnet', 'opus']),
			initial: () => 'claude-sonnet-4-6',
		},
		{
			id: 'smallModel',
			kind: 'select',
			title: () => 'Background model for quick tasks (ANTHROPIC_DEFAULT_HAIKU_MODEL)',
			options: () => modelOptions(['haiku', 'sonnet']),
			initial: () => 'claude-haiku-4-5@20251001',
		},
		{
			id: 'modelRegion',
			kind: 'select',
			title: answers => `${missingModels(answers).join(' and ')} may not be offered in ${answers['region'] ?? ''}. Where should ${missingModels(answers).length > 1 ? 'they' : 'it'} run?`,
			isAsked: answers => missingModels(answers).length > 0,
			options: answers => [
				{value: fallbackVertexRegion, label: `In ${fallbackVertexRegion}, which offers every Claude model`, description: missingModels(answers).map(model => vertexRegionVariable(model)).filter(Boolean).join(', ')},
				{value: 'same', label: `In ${answers['region'] ?? ''} anyway (it is enabled there)`},
			],
			initial: () => fallbackVertexRegion,
		},
	],
	configure: answers => vertexConfiguration(answers),
	terminalActions(_answers, discovery, checks) {
		const failed = checks.some(check => check.id === 'adc' && check.outcome === 'fail');
		return failed && discovery['gcloudInstalled'] === true
			? [{id: 'adc-login', label: 'Run gcloud auth application-default login', file: 'gcloud', args: ['auth', 'application-default', 'login']}]
			: [];
	},
};

export function vertexConfiguration(answers: Answers): MethodConfiguration {
	const env: Record<string, string> = {
		CLAUDE_CODE_USE_VERTEX: '1',
		CLOUD_ML_REGION: answers['region'] ?? defaultVertexRegion,
		ANTHROPIC_VERTEX_PROJECT_ID: answers['project'] ?? '',
		ANTHROPIC_MODEL: answers['model'] ?? '',
		ANTHROPIC_DEFAULT_HAIKU_MODEL: answers['smallModel'] ?? '',
	};
	if (answers['modelRegion'] && answers['modelRegion'] !== 'same') {
		for (const model of missingModels(answers)) {
			const variable = vertexRegionVariable(model);
			if (variable) {
				env[variable] = answers['modelRegion'];
			}
		}
	}

	return {method: 'vertex', env, settings: {}, helperSettings: [], secrets: [], shellSecrets: [], expectedProvider: 'vertex'};
}
