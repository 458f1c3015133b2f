import type {SecretBackend, SettingsScope} from '../ports.js';
import type {ChangePlan} from './state.js';

/** Side effects described as data; the controller runs them through the ports. */
export type Effect =
	| {type: 'detect'; id: number}
	| {type: 'open-browser'; id: number; url: string}
	| {type: 'detect-claude'; id: number}
	| {type: 'check-key'; id: number; key: string}
	| {type: 'probe-keychain'; id: number}
	| {type: 'plan'; id: number; scope: SettingsScope; backend: SecretBackend; key: string}
	| {type: 'commit'; id: number; plan: ChangePlan; key: string}
	| {type: 'verify'; id: number; expectedKey: string | undefined; scope: SettingsScope};
