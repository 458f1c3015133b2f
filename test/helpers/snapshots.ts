import type {SettingsScope, SettingsSnapshot} from '../../source/core/ports.js';

/** A settings snapshot for pure-logic tests (the adapter tests use real files). */
export function snapshot(scope: SettingsScope, data: Record<string, unknown> | undefined, extra: Partial<SettingsSnapshot> = {}): SettingsSnapshot {
	const text = data ? JSON.stringify(data, null, 2) + '\n' : '';
	return {scope, path: `/fake/${scope}/settings.json`, exists: data !== undefined, text, data: data ?? {}, ...extra};
}
