/**
Rules for the Amazon Bedrock method: which region and model IDs to offer, how to check a model ID
the user typed, and how to read (and explain) what the AWS CLI answers.
*/

export type BedrockRegion = {id: string; label: string};

/**
A shape check only, as Claude Code itself does (values not shaped like a region are ignored): a
two-letter area, an optional partition (`gov`, `iso`, `isob`…), a direction, a number. Whether Bedrock
runs there is a separate question the inference-profile listing answers.
*/
export function isAwsRegion(value: string): boolean {
	return /^[a-z]{2}(?:-(?:gov|iso[a-z]?))?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/.test(value);
}

/**
A short list to pick from, not every region with Bedrock: the ones with Claude and a cross-region
inference profile, near most users. Any other region can still be typed.
*/
export const bedrockRegions: readonly BedrockRegion[] = [
	{id: 'us-east-1', label: 'US East (N. Virginia)'},
	{id: 'us-east-2', label: 'US East (Ohio)'},
	{id: 'us-west-2', label: 'US West (Oregon)'},
	{id: 'ca-central-1', label: 'Canada (Central)'},
	{id: 'eu-central-1', label: 'Europe (Frankfurt)'},
	{id: 'eu-west-1', label: 'Europe (Ireland)'},
	{id: 'eu-west-3', label: 'Europe (Paris)'},
	{id: 'eu-north-1', label: 'Europe (Stockholm)'},
	{id: 'ap-northeast-1', label: 'Asia Pacific (Tokyo)'},
	{id: 'ap-southeast-1', label: 'Asia Pacific (Singapore)'},
	{id: 'ap-south-1', label: 'Asia Pacific (Mumbai)'},
	{id: 'ap-southeast-2', label: 'Asia Pacific (Sydney)'},
	{id: 'us-gov-west-1', label: 'AWS GovCloud (US-West)'},
];

export type InferenceProfilePrefix = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'us-gov';

/**
The geographic cross-region inference profile a region's requests go through. Best effort, from the
regions AWS lists as sources for each geography; a region not covered gets undefined and is offered
`global.` profiles only:
- `us-gov-*` → us-gov (GovCloud has its own profiles and no global ones)
- `ap-northeast-1` (Tokyo) and `ap-northeast-3` (Osaka) → jp: the JP profile routes between exactly these two
- `ap-southeast-2` (Sydney) and `ap-southeast-4` (Melbourne) → au
- any other `ap-*` → apac
- `us-*`, `ca-*`, `sa-*`, `mx-*` → us
- `eu-*`, `il-*`, `me-*` → eu
*/
export function inferenceProfilePrefix(region: string): InferenceProfilePrefix | undefined {
	if (!isAwsRegion(region)) {
		return undefined;
	}

	if (region.startsWith('us-gov-')) {
		return 'us-gov';
	}

	if (region === 'ap-northeast-1' || region === 'ap-northeast-3') {
		return 'jp';
	}

	if (region === 'ap-southeast-2' || region === 'ap-southeast-4') {
		return 'au';
	}

	const area = region.slice(0, 2);
	if (area === 'ap') {
		return 'apac';
	}

	if (['us', 'ca', 'sa', 'mx'].includes(area) && !/-iso/.test(region)) {
		return 'us';
	}

	if (['eu', 'il', 'me'].includes(area)) {
		return 'eu';
	}

	return undefined;
}

type CatalogEntry = {
	/** The Bedrock foundation-model ID; an inference profile ID is `<prefix>.<this>`. */
	model: string;
	label: string;
	role: 'primary' | 'small';
	/** The prefixes with a system-defined inference profile for this model. */
	prefixes: ReadonlyArray<InferenceProfilePrefix | 'global'>;
};

/**
Claude models on Bedrock's Invoke API (the one Claude Code uses), newest first within each role.

Confirmed: the base IDs and the global/us/eu/jp/apac columns come from the model table of Anthropic's
"Claude on Amazon Bedrock" page (Opus 4.6 and earlier), and the dateless IDs from Anthropic's "Model
IDs and versions" page (Opus 4.6 is the last ID with the `-v1` suffix).
Not confirmed from Anthropic or AWS documentation, only from public code that uses them: the `au.`
profiles (for all four models) and the `us-gov.` profile for Sonnet 4.5. Models after Opus 4.6 (Opus
4.7 and later) are documented for Bedrock's Messages-API endpoint rather than this table, so they are
not offered here; the live `list-inference-profiles` answer is the authority and lists them when the
account has them.
*/
const catalog: readonly CatalogEntry[] = [
	{model: 'anthropic.claude-sonnet-4-6', label: 'Claude Sonnet 4.6', role: 'primary', prefixes: ['global', 'us', 'eu', 'jp', 'au']},
	{model: 'anthropic.claude-opus-4-6-v1', label: 'Claude Opus 4.6', role: 'primary', prefixes: ['global', 'us', 'eu', 'jp', 'apac', 'au']},
	{model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', label: 'Claude Sonnet 4.5', role: 'primary', prefixes: ['global', 'us', 'eu', 'jp', 'au', 'us-gov']},
	{model: 'anthropic.claude-haiku-4-5-20251001-v1:0', label: 'Claude Haiku 4.5', role: 'small', prefixes: ['global', 'us', 'eu', 'au']},
];

const geographyLabels: Record<InferenceProfilePrefix | 'global', string> = {
	us: 'US',
	eu: 'EU',
	apac: 'Asia Pacific',
	jp: 'Japan',
	au: 'Australia',
	'us-gov': 'GovCloud',
	global: 'global routing',
};

export type BedrockModelChoice = {id: string; label: string; role: 'primary' | 'small'};

/**
The inference profile IDs to offer in a region: for each model, the profile of the region's geography
first (requests stay in that geography), then the `global.` one (routed worldwide, priced lower) where
it exists. GovCloud has no global profiles.
*/
export function bedrockModelChoices(region: string): BedrockModelChoice[] {
	const prefix = inferenceProfilePrefix(region);
	const choices: BedrockModelChoice[] = [];
	for (const entry of catalog) {
		const candidates: Array<InferenceProfilePrefix | 'global'> = prefix === 'us-gov' ? ['us-gov'] : [...(prefix ? [prefix] : []), 'global'];
		for (const candidate of candidates) {
			if (entry.prefixes.includes(candidate)) {
				choices.push({id: `${candidate}.${entry.model}`, label: `${entry.label} (${geographyLabels[candidate]})`, role: entry.role});
			}
		}
	}

	return choices;
}

/**
What to pin when the user takes the defaults: Sonnet as the main model and Haiku 4.5 for background
work. Pinning matters on Bedrock: left unpinned, Claude Code's main model there is Opus, billed at the
Opus rate, several times Sonnet's price, and the models move under the user when Anthropic releases
new ones. Where no Haiku profile exists (GovCloud), the small model is the primary one, so background
tasks never fail on a model the account cannot call. Where the geography has no Sonnet profile
(`apac.`), the global one is chosen over a regional Opus: cost first; the review screen shows it.
*/
export function defaultBedrockModels(region: string): {primary: string; small: string} {
	const choices = bedrockModelChoices(region);
	const primary = choices.find(choice => choice.role === 'primary' && choice.id.includes('claude-sonnet-')) ?? choices.find(choice => choice.role === 'primary');
	const small = choices.find(choice => choice.role === 'small');
	// Every region gets at least the global profiles, and GovCloud its Sonnet, so `primary` exists.
	const primaryId = primary?.id ?? 'global.anthropic.claude-sonnet-4-6';
	return {primary: primaryId, small: small?.id ?? primaryId};
}

export type ModelIdCheck = {severity: 'warn' | 'fail'; message: string};

const profileIdPattern = /^(?:us|eu|apac|jp|au|us-gov|global)\.anthropic\.claude-[a-z\d.:-]+$/;
const profileArnPattern = /^arn:aws(?:-[a-z-]+)?:bedrock:[a-z\d-]+:\d{12}:(?:application-inference-profile|inference-profile|provisioned-model)\/\S+$/;

/** Checks a model ID before it is pinned; undefined when it is fine. */
export function checkBedrockModelId(id: string): ModelIdCheck | undefined {
	if (id.trim() === '') {
		return {severity: 'fail', message: 'Enter a model ID, for example us.anthropic.claude-sonnet-4-6.'};
	}

	if (/\s/.test(id)) {
		return {severity: 'fail', message: 'The model ID contains a space or a line break; paste only the ID.'};
	}

	if (profileIdPattern.test(id) || profileArnPattern.test(id)) {
		return undefined;
	}

	const foundation = /^(?:arn:aws(?:-[a-z-]+)?:bedrock:[a-z\d-]*::foundation-model\/)?(anthropic\.claude-\S+)$/.exec(id);
	if (foundation) {
		const model = foundation[1]!;
		return {
			severity: 'warn',
			message: `${model} is a foundation model ID: Bedrock answers "Invocation of model ID ${model} with on-demand throughput isn't supported". Use an inference profile ID instead, such as us.${model} or global.${model}.`,
		};
	}

	if (id.startsWith('arn:')) {
		return {severity: 'warn', message: 'This ARN is not an inference profile ARN (…:inference-profile/… or …:application-inference-profile/…); Bedrock may reject it.'};
	}

	return {severity: 'warn', message: `${id} does not look like a Bedrock inference profile ID (such as us.anthropic.claude-sonnet-4-6) or ARN; it only works through a gateway that maps it.`};
}

/**
The `awsAuthRefresh` command for an SSO profile. Claude Code runs it through a shell, so a profile
name with anything beyond letters, digits, `.`, `_` and `-` is single-quoted.
*/
export function awsAuthRefreshCommand(profile: string): string {
	return `aws sso login --profile ${shellQuote(profile)}`;
}

function shellQuote(value: string): string {
	return /^[\w.-]+$/.test(value) ? value : `'${value.replaceAll('\'', String.raw`'\''`)}'`;
}

export type CallerIdentity = {account: string; arn: string; userId: string};

/** Reads `aws sts get-caller-identity --output json`; undefined unless all three fields are there. */
export function parseCallerIdentity(stdout: string): CallerIdentity | undefined {
	const data = parseJsonObject(stdout);
	const account = data?.['Account'];
	const arn = data?.['Arn'];
	const userId = data?.['UserId'];
	if (typeof account !== 'string' || typeof arn !== 'string' || typeof userId !== 'string') {
		return undefined;
	}

	return {account, arn, userId};
}

/**
The Anthropic inference profile IDs in `aws bedrock list-inference-profiles --output json`, in the
order AWS gave them; undefined when the text is not that answer at all (so a caller can tell "no
Claude profiles" from "the CLI printed something else").
*/
export function readInferenceProfiles(stdout: string): string[] | undefined {
	const summaries = parseJsonObject(stdout)?.['inferenceProfileSummaries'];
	if (!Array.isArray(summaries)) {
		return undefined;
	}

	const ids = new Set<string>();
	for (const summary of summaries) {
		if (typeof summary !== 'object' || summary === null) {
			continue;
		}

		const {inferenceProfileId: id, models} = summary as {inferenceProfileId?: unknown; models?: unknown};
		if (typeof id === 'string' && (/(?:^|\.)anthropic\./.test(id) || backedByAnthropic(models))) {
			ids.add(id);
		}
	}

	return [...ids];
}

/** As `readInferenceProfiles`, with an unreadable answer counted as none. */
export function parseInferenceProfiles(stdout: string): string[] {
	return readInferenceProfiles(stdout) ?? [];
}

/** Application inference profiles have opaque IDs; their models' ARNs say whose model is behind them. */
function backedByAnthropic(models: unknown): boolean {
	return Array.isArray(models) && models.some(model => typeof model === 'object' && model !== null && /foundation-model\/anthropic\./.test(String((model as {modelArn?: unknown}).modelArn)));
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const data: unknown = JSON.parse(text);
		return typeof data === 'object' && data !== null && !Array.isArray(data) ? data as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

/**
One line for the user, saying what went wrong and what to run, from the AWS CLI's stderr. `profile`
makes the SSO advice a command to copy. The caller removes secrets from `stderr` first: the fallback
quotes its first line.
*/
export function interpretAwsFailure(stderr: string, profile?: string): string {
	const text = stderr.trim();
	const login = profile ? awsAuthRefreshCommand(profile) : 'aws sso login --profile <profile>';
	const missingProfile = /The config profile \(([^)]*)\) could not be found/.exec(text);
	if (missingProfile) {
		return `AWS profile "${missingProfile[1]}" does not exist: check the name with \`aws configure list-profiles\`, or create it with \`aws configure sso\`.`;
	}

	// Before the SSO test: STS says "The security token included in the request is expired" for an old
	// session token, which is not an SSO sign-in and is not fixed by `aws sso login`.
	if (/ExpiredToken|security token included in the request is expired/i.test(text)) {
		return 'These temporary AWS credentials have expired: get a new session token (or sign in again), then try again.';
	}

	if (/Token has expired|SSO session .*(?:expired|invalid)|Error loading SSO Token|SSOTokenLoadError|UnauthorizedSSOTokenError|retrieving token from sso/i.test(text)) {
		return `Your AWS SSO sign-in has expired: run \`${login}\`, then try again.`;
	}

	if (/Unable to locate credentials|Could not load credentials from any providers|NoCredentialProviders/i.test(text)) {
		return 'No AWS credentials were found: choose a profile, run `aws configure` (access keys) or `aws configure sso`, or enter access keys here.';
	}

	if (/InvalidClientTokenId|UnrecognizedClientException|security token included in the request is invalid/i.test(text)) {
		return 'AWS does not recognise this access key ID (or the session token does not belong to it): check the key, or create a new one in IAM.';
	}

	if (/SignatureDoesNotMatch/.test(text)) {
		return 'AWS rejected the secret access key (the signature does not match): check that the secret belongs to this access key ID.';
	}

	const action = /not authorized to perform: ([\w:*-]+)/.exec(text);
	if (action) {
		const needs = action[1]!.startsWith('bedrock:') ? ' Claude Code needs bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile.' : '';
		return `Your AWS identity is not allowed to call ${action[1]}: ask your AWS administrator to grant it in IAM.${needs}`;
	}

	if (/AccessDenied/.test(text)) {
		return 'AWS denied access (AccessDenied): your IAM user or role lacks a permission; Claude Code needs bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream, bedrock:ListInferenceProfiles and bedrock:GetInferenceProfile.';
	}

	const endpoint = /Could not connect to the endpoint URL: "?([^"\s]+)"?/.exec(text);
	if (endpoint) {
		return `Could not reach ${endpoint[1]}: check the region (Bedrock may not run there), your network, and HTTPS_PROXY if you are behind a proxy.`;
	}

	if (/Invalid choice|argument (?:command|operation): Invalid/i.test(text)) {
		return 'This AWS CLI is too old to know `aws bedrock`: install AWS CLI v2 (https://aws.amazon.com/cli/) and try again.';
	}

	const firstLine = text.split(/\r?\n/).find(line => line.trim() !== '')?.trim();
	if (!firstLine) {
		return 'The AWS CLI failed without saying why: run the same `aws` command in a terminal to see more.';
	}

	return `The AWS CLI said: ${firstLine.length > 240 ? `${firstLine.slice(0, 239)}…` : firstLine}`;
}
