import type {Ports} from '../ports.js';
import {secretRef} from '../auth/configuration.js';
import type {EffectResult} from './events.js';
import {scrub} from './run-effect.js';
import type {ChangePlan} from './state.js';

/**
Makes the reviewed changes, in the order that never leaves Claude Code pointing at nothing: secrets
first, then the helper that reads them, then the files that point at the helper. Old secrets go
last, once nothing refers to them; failing to remove one is reported, not fatal.
*/
export async function commitChange(plan: ChangePlan, ports: Ports, id: number): Promise<EffectResult> {
	const secrets = plan.secrets.map(secret => secret.value);
	try {
		for (const secret of plan.secrets) {
			// eslint-disable-next-line no-await-in-loop -- one store, one write at a time
			await ports.secrets.set(secret.ref, secret.value, secret.backend);
		}

		if (plan.helperCommand !== undefined) {
			const backend = plan.secrets[0]?.backend ?? (await ports.helper.inspect()).configured?.backend ?? 'keychain';
			await ports.helper.install(secretRef('api-key', ports.configDirHash), backend);
		}

		let backupPath: string | undefined;
		const backups: string[] = [];
		for (const file of plan.files) {
			// eslint-disable-next-line no-await-in-loop -- in order: the chosen file first
			const written =
				file.kind === 'settings' && file.scope
					? await ports.settings.write(file.scope, file.beforeText, file.afterText)
					: file.kind === 'aws-config'
						? await ports.awsConfig.write(file.path, file.beforeText, file.afterText)
						: await ports.shell.write(file.path, file.beforeText, file.afterText);
			if (written.backupPath) {
				backups.push(written.backupPath);
				backupPath ??= written.backupPath;
			}
		}

		const notRemoved: string[] = [];
		for (const old of plan.removeSecrets) {
			// eslint-disable-next-line no-await-in-loop -- as above
			await ports.secrets.remove(old.ref, old.backend).catch(() => notRemoved.push(old.label));
		}

		return {type: 'committed', id, result: {path: plan.path, ...(backupPath ? {backupPath} : {}), backups, notRemoved}};
	} catch (error) {
		return {type: 'commit-failed', id, message: scrub(error, secrets)};
	}
}
