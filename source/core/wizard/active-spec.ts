import type {Field, MethodSpec} from '../auth/form.js';
import {specOf} from '../auth/specs/index.js';
import {checkOrgUuid, isFixedByPreset} from '../team/preset.js';
import type {Context} from './state.js';

/**
The form as this run asks it. With a team preset, what the preset fixes is not asked (the answers
come from the preset). In the administrator's team mode, only what is the same for everyone is
asked (nothing personal: no credentials, no profile), then where the team files go.
*/
export function activeSpec(context: Pick<Context, 'method' | 'preset' | 'mode'>): MethodSpec | undefined {
	const spec = specOf(context.method);
	if (!spec) {
		return context.mode === 'admin' && context.method === 'console-api-key' ? {id: 'console-api-key', fields: adminFields, configure: () => ({method: 'console-api-key', env: {}, settings: {}, helperSettings: [], secrets: [], shellSecrets: [], expectedProvider: 'firstParty'})} : undefined;
	}

	if (context.mode === 'admin') {
		return {...spec, fields: [...spec.fields.filter(field => !field.isPersonal), ...adminFields]};
	}

	const {preset} = context;
	if (preset?.method === spec.id) {
		return {
			...spec,
			fields: spec.fields.map(field => (isFixedByPreset(preset, field.id) ? {...field, isAsked: () => false} : field)),
		};
	}

	return spec;
}

const optionalText = (id: string, title: string, help: string[], check?: (value: string) => string | undefined): Field => ({
	id,
	kind: 'text',
	title: () => title,
	help: () => help,
	isOptional: true,
	...(check ? {check} : {}),
});

/** The team-wide questions every method shares, asked only of an administrator. */
export const adminFields: readonly Field[] = [
	optionalText('team.name', 'Team name (optional, shown to teammates)', ['For example "Acme Platform". Leave empty to skip.']),
	{
		...optionalText('team.orgUuid', 'claude.ai organization ID to lock logins to (optional)', ['forceLoginOrgUUID in managed settings: Claude Code refuses logins to any other organization. claude.ai → Settings → Organization.'], checkOrgUuid),
		isAsked: (answers) => answers['lock'] === 'yes' || answers['how'] !== undefined,
	},
	optionalText('team.proxy', 'HTTPS proxy for everyone (optional, HTTPS_PROXY)', ['For example http://proxy.example.com:8080. Leave empty when there is none.'], value =>
		/^https?:\/\/[^\s]+$/.test(value) ? undefined : 'A proxy URL looks like http://proxy.example.com:8080.',
	),
	optionalText('team.caCert', 'Extra CA certificate file for everyone (optional, NODE_EXTRA_CA_CERTS)', ['The path of a PEM file on every machine, for a TLS-inspecting proxy. Leave empty when there is none.'], value =>
		value.startsWith('/') || /^[A-Za-z]:\\/.test(value) || value.startsWith('~/') ? undefined : 'Give the full path of the PEM file.',
	),
	optionalText('team.presetUrl', 'Where will teammates get the preset? (optional)', ['A URL (https://…) or a path; it goes into the instructions. Leave empty to use the file name.']),
	{
		id: 'team.directory',
		kind: 'text',
		title: () => 'Folder to write the three team files to',
		help: () => ['claude-setup-preset.json, managed-settings.json and CLAUDE-CODE-SETUP.md. Nothing is written before you confirm.'],
		initial: () => '.',
	},
];
