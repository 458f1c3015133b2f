import {acceptAnswer, findField, type Answers} from '../auth/form.js';
import {findAuthMethod, type AuthMethodId} from '../auth/methods.js';
import {specOf} from '../auth/specs/index.js';
import {isOwnedEnvKey} from '../auth/configuration.js';
import {isSecretKeyName} from '../secrets/mask.js';
import {parseSettings} from '../settings/edit.js';

/**
A team preset: what an administrator decided once for everyone (the method, region, models,
gateway URL, proxy and CA), as a small versioned JSON file with no secrets. A teammate runs
`npx claude-setup --preset <file or URL>` and answers only what is personal.
*/
export const presetSchemaVersion = 1;

export type Preset = {
	schemaVersion: typeof presetSchemaVersion;
	/** Shown as "set by <team>". */
	team?: string;
	method: AuthMethodId;
	/** Answers to the method's team questions (field id -> value), fixed for every teammate. */
	answers: Record<string, string>;
	/** Extra settings `env` for everyone: HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS. Never auth keys or secrets. */
	env: Record<string, string>;
	/** claude.ai: the organization every login must belong to (enforced by managed settings). */
	orgUuid?: string;
};

export type PresetResult = {ok: true; preset: Preset} | {ok: false; message: string};

/** Values that look like credentials, whatever the key is called: a preset must never carry one. */
const secretShapes = [/sk-ant-[a-z]+\d*-/i, /\b(?:AKIA|ASIA)[A-Z\d]{12,}\b/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\bya29\.[\w-]{20,}/];

const teamEnvPattern = /^[A-Z_][A-Z\d_]*$/;
const uuidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

export function checkOrgUuid(value: string): string | undefined {
	return uuidPattern.test(value) ? undefined : 'An organization ID is a UUID like 123e4567-e89b-12d3-a456-426614174000 (claude.ai: Settings → Organization).';
}

/** Reads and checks a preset; every refusal says what is wrong and where, and nothing is changed. */
export function parsePreset(text: string, source: string): PresetResult {
	const body = text.replace(/^\uFEFF/, '');
	let data: unknown;
	try {
		data = JSON.parse(body);
	} catch {
		const parsed = parseSettings(body);
		const where = parsed.ok ? '' : ` (line ${parsed.problem.line}, column ${parsed.problem.column})`;
		return {ok: false, message: `The preset ${source} is not valid JSON${where}. Ask your administrator for a fresh copy.`};
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return {ok: false, message: `The preset ${source} is not a claude-setup preset (expected a JSON object).`};
	}

	const record = data as Record<string, unknown>;
	const version = record['schemaVersion'];
	if (version !== presetSchemaVersion) {
		return {
			ok: false,
			message:
				typeof version === 'number' && version > presetSchemaVersion
					? `The preset ${source} uses schema version ${version}, newer than this claude-setup understands (${presetSchemaVersion}). Run the latest: npx claude-setup@latest --preset …`
					: `The preset ${source} has no schemaVersion this claude-setup understands (found ${JSON.stringify(version) ?? 'none'}, expected ${presetSchemaVersion}).`,
		};
	}

	const method = typeof record['method'] === 'string' ? findAuthMethod(record['method']) : undefined;
	if (!method) {
		return {ok: false, message: `The preset ${source} names no known method ("method": ${JSON.stringify(record['method']) ?? 'missing'}).`};
	}

	const answers = stringRecord(record['answers'] ?? {});
	const env = stringRecord(record['env'] ?? {});
	if (!answers || !env) {
		return {ok: false, message: `In the preset ${source}, "answers" and "env" must be objects of strings.`};
	}

	// The whole file, unknown members included, and a password inside a proxy URL.
	for (const value of [body, ...Object.values(env).filter(value => /^[a-z][a-z\d+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(value))]) {
		if (value !== body || secretShapes.some(shape => shape.test(value))) {
			return {ok: false, message: `The preset ${source} contains something that looks like a credential. Presets carry no secrets: each person enters their own.`};
		}
	}

	const spec = specOf(method.id);
	const checked: Record<string, string> = {};
	const inFormOrder = Object.entries(answers).sort(([a], [b]) => (spec?.fields.findIndex(field => field.id === a) ?? 0) - (spec?.fields.findIndex(field => field.id === b) ?? 0));
	for (const [id, value] of inFormOrder) {
		const field = spec ? findField(spec, id) : undefined;
		if (!field) {
			return {ok: false, message: `The preset ${source} sets "${id}", which is not a question of ${method.label}.`};
		}

		if (field.isPersonal) {
			return {ok: false, message: `The preset ${source} sets "${id}", which each person answers for themselves.`};
		}

		const accepted = acceptAnswer(field, value, checked, {});
		if (accepted.problem) {
			return {ok: false, message: `In the preset ${source}, "${id}" is not valid: ${accepted.problem}`};
		}

		checked[id] = accepted.value;
	}

	for (const name of Object.keys(env)) {
		if (!teamEnvPattern.test(name) || isOwnedEnvKey(name) || isSecretKeyName(name)) {
			return {ok: false, message: `The preset ${source} sets env ${name}, which a preset may not set (auth settings come from the method; secrets from each person).`};
		}
	}

	const orgUuid = record['orgUuid'];
	if (orgUuid !== undefined && (typeof orgUuid !== 'string' || checkOrgUuid(orgUuid) || (method.id !== 'claude-ai' && method.id !== 'console-login'))) {
		return {ok: false, message: `In the preset ${source}, "orgUuid" is not an organization ID.`};
	}

	const team = typeof record['team'] === 'string' && record['team'].trim() !== '' ? record['team'].trim().slice(0, 80) : undefined;
	return {
		ok: true,
		preset: {schemaVersion: presetSchemaVersion, method: method.id, answers: checked, env, ...(team ? {team} : {}), ...(typeof orgUuid === 'string' ? {orgUuid} : {})},
	};
}

function stringRecord(value: unknown): Record<string, string> | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return undefined;
	}

	const entries = Object.entries(value as Record<string, unknown>);
	return entries.every(([, item]) => typeof item === 'string') ? Object.fromEntries(entries) as Record<string, string> : undefined;
}

/** The answers a preset fixes for `fieldId`'s method; the form skips these. */
export function isFixedByPreset(preset: Preset | undefined, fieldId: string): boolean {
	return preset !== undefined && Object.hasOwn(preset.answers, fieldId);
}

/** The preset as the file an administrator hands out. */
export function presetText(preset: Preset): string {
	return `${JSON.stringify(preset, undefined, 2)}\n`;
}

/** "Region: eu-west-1" lines for what the preset fixes, in the form's order. */
export function describeFixedAnswers(preset: Preset, answers: Answers = preset.answers): string[] {
	const spec = specOf(preset.method);
	if (!spec) {
		return [];
	}

	return spec.fields
		.filter(field => Object.hasOwn(preset.answers, field.id))
		.map(field => {
			const value = preset.answers[field.id] ?? '';
			const label = field.options?.(answers, {}).find(option => option.value === value)?.label ?? value;
			return `${field.title(answers, {}).replace(/\s*\(.*\)$/, '')}: ${label}`;
		});
}
