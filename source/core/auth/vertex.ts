/**
Rules for the Google Vertex AI method: what a project ID and a region look like, which model IDs
Vertex knows Claude by, which `VERTEX_REGION_CLAUDE_*` variable moves one model to another region,
and what a failing `gcloud` means in the user's terms. Pure: the gcloud adapter does the running.
*/

export const vertexApi = 'aiplatform.googleapis.com';
export const adcLoginCommand = 'gcloud auth application-default login';

const projectIdPattern = /^[a-z][a-z\d-]{4,28}[a-z\d]$/;
// Projects created long ago inside a Google Workspace domain keep that domain as a prefix.
const legacyProjectIdPattern = /^([a-z\d][a-z\d-]*(?:\.[a-z\d][a-z\d-]*)+):([a-z][a-z\d-]*[a-z\d])$/;

/**
Checks a Google Cloud project ID (not its display name, not its number). `id` is trimmed first, so
the caller must store `id.trim()`. Returns a problem to show, or undefined when it looks right.
*/
export function checkProjectId(id: string): string | undefined {
	const value = id.trim();
	if (value.length === 0) {
		return 'Enter the ID of your Google Cloud project.';
	}

	if (/\s/.test(value)) {
		return 'A project ID has no spaces: this looks like the project name. Copy the ID from the project picker in the Cloud console.';
	}

	if (/^\d+$/.test(value)) {
		return 'That is a project number. Claude Code needs the project ID (letters, digits and hyphens, for example my-project-123).';
	}

	if (/[A-Z]/.test(value)) {
		return 'Project IDs are lowercase. The one with capitals is usually the project name; copy the ID instead.';
	}

	const legacy = legacyProjectIdPattern.exec(value);
	if (legacy) {
		return (legacy[2] ?? '').length <= 30 ? undefined : 'The part after the colon is longer than 30 characters.';
	}

	if (value.length < 6 || value.length > 30) {
		return `A project ID is 6 to 30 characters long; this one has ${value.length}.`;
	}

	if (!/^[a-z]/.test(value)) {
		return 'A project ID starts with a lowercase letter.';
	}

	if (value.endsWith('-')) {
		return 'A project ID cannot end with a hyphen.';
	}

	return projectIdPattern.test(value) ? undefined : 'A project ID uses only lowercase letters, digits and hyphens.';
}

export type VertexRegionChoice = {
	value: string;
	label: string;
	hint?: string;
};

/**
Where Claude Code sends Vertex requests (`CLOUD_ML_REGION`). Claude Code maps `global` to
aiplatform.googleapis.com, `us`/`eu` to aiplatform.{us,eu}.rep.googleapis.com and anything else to
{region}-aiplatform.googleapis.com (read from the 2.1.331 binary). Without the variable it uses us-east5.
*/
export const vertexRegions: readonly VertexRegionChoice[] = [
	{value: 'global', label: 'global', hint: 'recommended: highest availability, no data-residency guarantee'},
	{value: 'us', label: 'us', hint: 'United States multi-region'},
	{value: 'eu', label: 'eu', hint: 'European Union multi-region'},
	{value: 'us-east5', label: 'us-east5', hint: 'Columbus; the default when no region is set'},
	{value: 'europe-west1', label: 'europe-west1', hint: 'Belgium'},
	{value: 'europe-west4', label: 'europe-west4', hint: 'Netherlands'},
	{value: 'asia-southeast1', label: 'asia-southeast1', hint: 'Singapore'},
	{value: 'us-central1', label: 'us-central1', hint: 'Iowa'},
];

export const defaultVertexRegion = 'global';

/**
Whether `value` can be a `CLOUD_ML_REGION`: one of the endpoints above, or any name shaped like a
Google Cloud region (`northamerica-northeast1`), since Google adds regions faster than this list.
*/
export function isVertexRegion(value: string): boolean {
	return value === 'global' || value === 'us' || value === 'eu' || /^[a-z]+-[a-z]+\d{1,2}$/.test(value);
}

export type ModelTier = 'opus' | 'sonnet' | 'haiku';

export type VertexModelChoice = {
	/** The Vertex model ID, as `ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL` takes it. */
	value: string;
	label: string;
	tier: ModelTier;
	/**
	False when the ID comes only from Claude Code's own model table (2.1.331), not from the Vertex
	model-ID tables in Anthropic's and Google's docs, so the UI can say it is unconfirmed.
	*/
	documented: boolean;
};

/**
Model IDs for pinning. Current models use bare IDs on Vertex; older ones need their `@date` suffix.
Confirmed against the model-ID table of Anthropic's "Claude on Vertex AI" page and Google's "Request
predictions with Claude models" page. The `documented: false` ones appear only in Claude Code
2.1.331's model table; no Vertex docs page we could search lists them.
*/
export const vertexModelChoices: readonly VertexModelChoice[] = [
	{value: 'claude-sonnet-4-6', label: 'Claude Sonnet 4.6', tier: 'sonnet', documented: true},
	{value: 'claude-opus-4-6', label: 'Claude Opus 4.6', tier: 'opus', documented: true},
	{value: 'claude-haiku-4-5@20251001', label: 'Claude Haiku 4.5', tier: 'haiku', documented: true},
	{value: 'claude-sonnet-4-5@20250929', label: 'Claude Sonnet 4.5', tier: 'sonnet', documented: true},
	{value: 'claude-opus-4-5@20251101', label: 'Claude Opus 4.5', tier: 'opus', documented: true},
	{value: 'claude-opus-4-1@20250805', label: 'Claude Opus 4.1', tier: 'opus', documented: true},
	{value: 'claude-opus-4-7', label: 'Claude Opus 4.7', tier: 'opus', documented: false},
	{value: 'claude-opus-5', label: 'Claude Opus 5', tier: 'opus', documented: false},
	{value: 'claude-sonnet-5', label: 'Claude Sonnet 5', tier: 'sonnet', documented: false},
];

/**
Claude Code's own prefix table (2.1.331, in this order: the first prefix that matches wins, so the
longer `claude-opus-4-6` is listed before `claude-opus-4`). The naming is irregular, which is why it
is a table and not a rule: Opus and Sonnet put the version first (`claude-sonnet-4-6` →
`VERTEX_REGION_CLAUDE_4_6_SONNET`, `claude-sonnet-4` → `_4_0_SONNET`, `claude-opus-5` → `_5_OPUS`),
Haiku 4.5 and later put the family first (`claude-haiku-4-5` → `VERTEX_REGION_CLAUDE_HAIKU_4_5`), and
the 3.x models keep their old order (`claude-3-5-haiku` → `_3_5_HAIKU`). The docs list only examples
(`_HAIKU_4_5`, `_4_6_SONNET`, `_4_8_OPUS`, `_5_OPUS`, `_5_SONNET`, `_FABLE_5`); the rest is read from
the binary.
*/
const regionVariables: ReadonlyArray<readonly [prefix: string, variable: string]> = [
	['claude-3-5-sonnet', 'VERTEX_REGION_CLAUDE_3_5_SONNET'],
	['claude-3-7-sonnet', 'VERTEX_REGION_CLAUDE_3_7_SONNET'],
	['claude-sonnet-4-5', 'VERTEX_REGION_CLAUDE_4_5_SONNET'],
	['claude-sonnet-4-6', 'VERTEX_REGION_CLAUDE_4_6_SONNET'],
	['claude-sonnet-5-5', 'VERTEX_REGION_CLAUDE_5_5_SONNET'],
	['claude-3-5-haiku', 'VERTEX_REGION_CLAUDE_3_5_HAIKU'],
	['claude-fable-5-1', 'VERTEX_REGION_CLAUDE_FABLE_5_1'],
	['claude-fable-5-2', 'VERTEX_REGION_CLAUDE_FABLE_5_2'],
	['claude-haiku-4-5', 'VERTEX_REGION_CLAUDE_HAIKU_4_5'],
	['claude-haiku-5-5', 'VERTEX_REGION_CLAUDE_HAIKU_5_5'],
	['claude-opus-4-1', 'VERTEX_REGION_CLAUDE_4_1_OPUS'],
	['claude-opus-4-5', 'VERTEX_REGION_CLAUDE_4_5_OPUS'],
	['claude-opus-4-6', 'VERTEX_REGION_CLAUDE_4_6_OPUS'],
	['claude-opus-4-7', 'VERTEX_REGION_CLAUDE_4_7_OPUS'],
	['claude-opus-4-8', 'VERTEX_REGION_CLAUDE_4_8_OPUS'],
	['claude-opus-5-5', 'VERTEX_REGION_CLAUDE_5_5_OPUS'],
	['claude-sonnet-4', 'VERTEX_REGION_CLAUDE_4_0_SONNET'],
	['claude-sonnet-5', 'VERTEX_REGION_CLAUDE_5_SONNET'],
	['claude-fable-5', 'VERTEX_REGION_CLAUDE_FABLE_5'],
	['claude-opus-4', 'VERTEX_REGION_CLAUDE_4_0_OPUS'],
	['claude-opus-5', 'VERTEX_REGION_CLAUDE_5_OPUS'],
];

/**
The variable that gives `modelId` its own region, matched the way Claude Code matches it: by prefix,
except that a prefix ending in a version digit does not match when three more digits follow (so
`claude-opus-4` is not taken for a dated `claude-opus-4NNN…`). Undefined for models Claude Code has no
variable for; those always use `CLOUD_ML_REGION`.
*/
export function vertexRegionVariable(modelId: string): string | undefined {
	const id = modelId.trim();
	const match = regionVariables.find(([prefix]) => id.startsWith(prefix) && !(/[-_]\d$/.test(prefix) && /^\d{3}/.test(id.slice(prefix.length))));
	return match?.[1];
}

type ModelVersion = {family: string; major: number; minor: number};

function parseModelVersion(modelId: string): ModelVersion | undefined {
	const id = modelId.trim().split('@')[0] ?? '';
	const legacy = /^claude-(\d)-(\d)-([a-z]+)/.exec(id);
	if (legacy) {
		return {family: legacy[3] ?? '', major: Number(legacy[1]), minor: Number(legacy[2])};
	}

	const current = /^claude-([a-z]+)-(\d+)(?:-(\d)(?!\d))?/.exec(id);
	if (current) {
		return {family: current[1] ?? '', major: Number(current[2]), minor: Number(current[3] ?? 0)};
	}

	return undefined;
}

/** The global and multi-region endpoints start with Claude Sonnet 4.5 ("and all future models"). */
function predatesGlobalEndpoint(version: ModelVersion): boolean {
	return version.major < 4 || (version.major === 4 && version.minor < 5);
}

/**
A best-effort warning, not a lookup: which of `models` the chosen region probably does not serve, so
the wizard can suggest a `VERTEX_REGION_CLAUDE_*` override before the first request fails with a 404.
Google's availability tables change often and cannot be read without credentials, so this encodes
only broad, documented-ish patterns:
- `global`, `us`, `eu`: models from before Sonnet 4.5 (Anthropic's docs say the global endpoint
  starts with Sonnet 4.5; the multi-regions are newer still);
- us-east5, the long-standing Claude region and Claude Code's default: nothing;
- any other single region: Haiku models, which Google rolls out to fewer regions.
Unknown model IDs are never flagged.
*/
export function modelsLikelyMissingInRegion(region: string, models: readonly string[]): string[] {
	return models.filter(model => {
		const version = parseModelVersion(model);
		if (!version) {
			return false;
		}

		if (region === 'global' || region === 'us' || region === 'eu') {
			return predatesGlobalEndpoint(version);
		}

		if (region === 'us-east5') {
			return false;
		}

		return version.family === 'haiku';
	});
}

/**
What a failing `gcloud` means, and the command that fixes it. Claude Code reads Application Default
Credentials, not the `gcloud auth login` account, so every login problem points at the ADC login.
*/
export function interpretGcloudFailure(stderr: string): string {
	const text = stderr.trim();
	if (text.length === 0) {
		return 'gcloud failed without saying why. Run it yourself to see the error.';
	}

	if (/reauthentication (?:required|failed)|invalid_grant|refreshing your current auth tokens|token has been expired or revoked|RefreshError/i.test(text)) {
		return `Your Google Cloud login has expired. Run \`${adcLoginCommand}\` to log in again.`;
	}

	if (/default credentials were not found|could not automatically determine credentials|application_default_credentials\.json|do not currently have an active account|no credentialed accounts|gcloud auth (?:application-default )?login/i.test(text)) {
		return `No Google Cloud credentials are set up for Claude Code. Run \`${adcLoginCommand}\`.`;
	}

	if (/required property \[project\] is not currently set|project property is set to the empty string|no project (?:id )?(?:is )?(?:set|specified)/i.test(text)) {
		return 'No Google Cloud project is set. Enter your project ID here, or run `gcloud config set project YOUR_PROJECT_ID`.';
	}

	if (/aiplatform\.googleapis\.com/i.test(text) && /has not been used|is disabled|SERVICE_DISABLED|not enabled|enable it by visiting/i.test(text)) {
		return `The Vertex AI API is not enabled in this project. Run \`gcloud services enable ${vertexApi}\` (with --project if it is not the current one).`;
	}

	if (/PERMISSION_DENIED|aiplatform\.endpoints\.predict|does not have permission/i.test(text)) {
		return 'Your Google account may not use Vertex AI in this project: it needs the Vertex AI User role (roles/aiplatform.user).';
	}

	return `gcloud failed: ${firstMeaningfulLine(text)}`;
}

/**
The line a person would read first, with anything token-shaped blanked out: gcloud's stderr should
never hold a token, but this text ends up on screen and in reports.
*/
function firstMeaningfulLine(text: string): string {
	const line = text.split(/\r?\n/).map(part => part.trim()).find(part => part.length > 0 && !/^WARNING:/i.test(part)) ?? text.split(/\r?\n/)[0] ?? '';
	const cleaned = line
		.replace(/^ERROR:\s*(?:\([\w.-]+\)\s*)?/i, '')
		.replaceAll(/ya29\.[\w.-]+|eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted]')
		.replaceAll(/[\w-]{40,}/g, '[redacted]');
	return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}
