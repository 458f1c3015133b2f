import {anthropicVersion} from '../auth/console-key.js';
import {checkBedrockModelId, interpretAwsFailure} from '../auth/bedrock.js';
import type {Answers, Discovery, MethodCheck} from '../auth/form.js';
import {interpretAzFailure} from '../auth/foundry.js';
import {chosenModels} from '../auth/specs/bedrock.js';
import {foundryBaseUrl} from '../auth/specs/foundry.js';
import {providerHost} from '../auth/provider-host.js';
import {interpretGcloudFailure} from '../auth/vertex.js';
import {awsProfileName} from '../setup/aws-profile-block.js';
import type {AwsCredentials} from '../../adapters/aws.js';
import type {Ports} from '../ports.js';
import {evaluateReach} from '../requirements/evaluate.js';
import {reachTimeoutMs} from './run-effect.js';
import {maskSecret} from '../secrets/mask.js';

const foundryCheckTimeoutMs = 10_000;

/** What the cloud methods look up before asking: AWS profiles, the gcloud project, whether each CLI is there. */
export async function cloudDiscovery(method: 'bedrock' | 'vertex' | 'foundry', ports: Ports): Promise<Discovery> {
	const {env, cloud} = ports;
	switch (method) {
		case 'bedrock': {
			const [profiles, installed] = await Promise.all([cloud.aws.profiles(), cloud.aws.isInstalled()]);
			return {
				// claude-setup's own profile is how typed keys are handed over, not a profile to choose.
				awsProfiles: profiles.profiles.filter(profile => profile.name !== awsProfileName),
				awsProblems: profiles.problems,
				awsInstalled: installed.installed,
				...(env['AWS_PROFILE'] ? {envProfile: env['AWS_PROFILE']} : {}),
				...(env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ? {envRegion: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION']} : {}),
			};
		}

		case 'vertex': {
			const installed = await cloud.gcloud.isInstalled();
			const project = installed.installed ? await cloud.gcloud.configuredProject() : undefined;
			const envProject = env['ANTHROPIC_VERTEX_PROJECT_ID'] ?? env['GOOGLE_CLOUD_PROJECT'] ?? env['GCLOUD_PROJECT'];
			return {gcloudInstalled: installed.installed, ...(project ? {gcloudProject: project} : {}), ...(envProject ? {envProject} : {})};
		}

		case 'foundry': {
			const installed = await cloud.az.isInstalled();
			return {azInstalled: installed.installed};
		}
	}
}

export async function cloudChecks(method: 'bedrock' | 'vertex' | 'foundry', answers: Answers, discovery: Discovery, ports: Ports): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	const host = providerHost(method, answers, ports.env);
	const [checked, reach] = await Promise.all([
		method === 'bedrock' ? bedrockChecks(answers, ports).then(checks => ({checks})) : method === 'vertex' ? vertexChecks(answers, ports) : foundryChecks(answers, discovery, ports),
		host ? reachCheck(host, ports) : Promise.resolve(undefined),
	]);
	return reach ? {...checked, checks: [reach, ...checked.checks]} : checked;
}

/** A network problem is a warning here: a VPN may be down now and up when Claude Code runs. */
async function reachCheck(host: string, ports: Ports): Promise<MethodCheck> {
	const row = evaluateReach(await ports.network.reach(host, reachTimeoutMs));
	return {id: 'reach', outcome: row.status === 'pass' ? 'pass' : 'warn', title: `${host}: ${row.summary}`, ...(row.fix ? {fix: row.fix} : {})};
}

function modelRows(answers: Answers): MethodCheck[] {
	const {model, smallModel} = chosenModels(answers);
	return [model, smallModel].flatMap((id, index): MethodCheck[] => {
		const problem = checkBedrockModelId(id);
		return problem ? [{id: `model-${index}`, outcome: problem.severity, title: `${id}: ${problem.message}`}] : [];
	});
}

async function bedrockChecks(answers: Answers, ports: Ports): Promise<MethodCheck[]> {
	const region = answers['region'] ?? 'us-east-1';
	const rows = modelRows(answers);
	if (answers['auth'] === 'api-key') {
		return [
			...rows,
			{id: 'identity', outcome: 'skipped', title: 'A Bedrock API key cannot be checked before Claude Code uses it', detail: 'The check after saving asks Claude Code which provider it uses; the first request shows whether the key works.'},
		];
	}

	const installed = await ports.cloud.aws.isInstalled();
	if (!installed.installed) {
		return [
			...rows,
			{id: 'identity', outcome: 'skipped', title: 'The aws CLI is not installed, so the credentials could not be checked here', detail: 'Claude Code checks them when it starts. Install the AWS CLI to have them checked now.'},
		];
	}

	const credentials: AwsCredentials =
		answers['auth'] === 'profile'
			? {kind: 'profile', profile: answers['profile'] ?? 'default'}
			: {kind: 'keys', accessKeyId: answers['accessKeyId'] ?? '', secretAccessKey: answers['secretAccessKey'] ?? '', ...(answers['sessionToken'] ? {sessionToken: answers['sessionToken']} : {})};
	const identity = await ports.cloud.aws.callerIdentity(credentials, region);
	if (!identity.ok) {
		return [
			...rows,
			{id: 'identity', outcome: 'fail', title: 'AWS did not accept these credentials', detail: interpretAwsFailure(identity.message, answers['profile'])},
		];
	}

	const identityRow: MethodCheck = {id: 'identity', outcome: 'pass', title: `AWS account ${identity.identity.account}`, detail: identity.identity.arn};
	const profiles = await ports.cloud.aws.inferenceProfiles(credentials, region);
	if (!profiles.ok) {
		return [...rows, identityRow, {id: 'models', outcome: 'warn', title: `Could not list the inference profiles in ${region}`, detail: interpretAwsFailure(profiles.message, answers['profile']), fix: 'Claude Code needs bedrock:ListInferenceProfiles to check model access at start.'}];
	}

	const {model, smallModel} = chosenModels(answers);
	const missing = [model, smallModel].filter(id => id && !id.startsWith('arn:') && !profiles.ids.includes(id));
	return [
		...rows,
		identityRow,
		missing.length === 0
			? {id: 'models', outcome: 'pass', title: `Both models are available in ${region}`}
			: {id: 'models', outcome: 'warn', title: `Not listed in ${region}: ${missing.join(', ')}`, fix: 'Enable model access in the Bedrock console, or choose another region or model.'},
	];
}

async function vertexChecks(answers: Answers, ports: Ports): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	const rows: MethodCheck[] = [];
	const {env} = ports;
	const overriding = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'].find(name => env[name] && env[name] !== answers['project']);
	if (overriding) {
		rows.push({id: 'project-env', outcome: 'warn', title: `${overriding}=${env[overriding]} is set in your environment and wins over the project chosen here`, fix: `Unset ${overriding}, or choose that project.`});
	}

	if (env['GOOGLE_APPLICATION_CREDENTIALS']) {
		rows.push({id: 'adc', outcome: 'pass', title: `Credentials from GOOGLE_APPLICATION_CREDENTIALS (${env['GOOGLE_APPLICATION_CREDENTIALS']})`});
		return {checks: rows};
	}

	const installed = await ports.cloud.gcloud.isInstalled();
	if (!installed.installed) {
		rows.push({id: 'adc', outcome: 'skipped', title: 'gcloud is not installed, so Application Default Credentials could not be checked', detail: 'Install the Google Cloud CLI and run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS.'});
		return {checks: rows, discovery: {gcloudInstalled: false}};
	}

	const adc = await ports.cloud.gcloud.applicationDefaultCredentials();
	rows.push(
		adc.ok
			? {id: 'adc', outcome: 'pass', title: 'Application Default Credentials work'}
			: {id: 'adc', outcome: 'fail', title: 'No working Application Default Credentials', detail: interpretGcloudFailure(adc.message)},
	);
	return {checks: rows, discovery: {gcloudInstalled: true}};
}

async function foundryChecks(answers: Answers, discovery: Discovery, ports: Ports): Promise<{checks: MethodCheck[]; discovery?: Discovery}> {
	if (answers['auth'] === 'api-key') {
		return {checks: [await checkFoundryKey(answers, ports)]};
	}

	const installed = discovery['azInstalled'] === true ? {installed: true} : await ports.cloud.az.isInstalled();
	if (!installed.installed) {
		return {
			checks: [{id: 'entra', outcome: 'skipped', title: 'The Azure CLI is not installed, so the Entra ID login could not be checked', detail: 'Install it and run `az login`, or choose an API key.'}],
			discovery: {azInstalled: false},
		};
	}

	const account = await ports.cloud.az.account();
	return {
		checks: [
			account.ok
				? {id: 'entra', outcome: 'pass', title: `Signed in to Azure as ${account.user}`, detail: `Subscription ${account.subscription}`}
				: {id: 'entra', outcome: 'fail', title: 'Not signed in to Azure', detail: interpretAzFailure(account.message)},
		],
		discovery: {azInstalled: true},
	};
}

async function checkFoundryKey(answers: Answers, ports: Ports): Promise<MethodCheck> {
	const base = foundryBaseUrl(answers['endpoint'] ?? '');
	const key = answers['apiKey'] ?? '';
	if (!base) {
		return {id: 'key', outcome: 'fail', title: 'The Foundry endpoint is not valid'};
	}

	try {
		// An empty body costs nothing: Foundry authenticates before it looks at the request.
		const response = await ports.http.post(`${base}/v1/messages`, {'x-api-key': key, 'anthropic-version': anthropicVersion}, '{}', foundryCheckTimeoutMs);
		if (response.status === 401 || response.status === 403) {
			return {id: 'key', outcome: 'fail', title: `Foundry rejected the API key (HTTP ${response.status})`, fix: 'Copy key 1 or key 2 again from "Keys and Endpoint" of this resource.'};
		}

		if (response.status === 404) {
			return {id: 'key', outcome: 'fail', title: `Nothing answers at ${base} (HTTP 404)`, fix: 'Check the resource name; the base URL must end in /anthropic.'};
		}

		if (response.status >= 500) {
			return {id: 'key', outcome: 'warn', title: `Foundry answered with an error (HTTP ${response.status}); the key could not be checked`};
		}

		return {id: 'key', outcome: 'pass', title: 'Foundry accepts the API key', detail: `${new URL(base).host} answered HTTP ${response.status}.`};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {id: 'key', outcome: 'fail', title: 'Could not reach Foundry', detail: key ? message.split(key).join(maskSecret(key)) : message, fix: 'Check the resource name, your network and HTTPS_PROXY.'};
	}
}
