import type {Ports, SecretBackend} from '../ports.js';
import {secretPurposes, secretRef, type SecretPurpose} from '../auth/configuration.js';
import type {EffectResult} from './events.js';
import {purposeLabel} from './plan-change.js';
import {scrub} from './run-effect.js';
import type {ChangePlan, PlannedSecret} from './state.js';

/**
Makes the reviewed changes, in the order that never leaves Claude Code pointing at nothing: secrets
first, then the helper that reads them, then the files that point at the helper. Old secrets go
last, once nothing refers to them; failing to remove one is reported, not fatal.
*/
export async function commitChange(plan: ChangePlan, ports: Ports, id: number): Promise<EffectResult> {
	const counter = globalThis as Record<symbol, number | undefined>;
	counter[commitsUnderWay] = (counter[commitsUnderWay] ?? 0) + 1;
	try {
		return await commitInOrder(plan, ports, id);
	} finally {
		counter[commitsUnderWay] = (counter[commitsUnderWay] ?? 1) - 1;
	}
}

/**
The order files are written in, so that at every moment the settings on disk work: the `claude`
shell function or AWS profile the new settings rely on goes in before the settings that use it, and
the files that only take out the previous method's function or profile come after the settings
stopped using them. (The review lists them with the chosen settings file first.)
*/
export function writeOrder(plan: ChangePlan): ChangePlan['files'] {
	const {configuration} = plan;
	const isReliedOn = (file: ChangePlan['files'][number]) =>
		(file.kind === 'shell' && configuration.shellSecrets.length > 0) || (file.kind === 'aws-config' && configuration.awsCredentialProcess !== undefined);
	return [
		...plan.files.filter(file => file.kind !== 'settings' && isReliedOn(file)),
		...plan.files.filter(file => file.kind === 'settings'),
		...plan.files.filter(file => file.kind !== 'settings' && !isReliedOn(file)),
	];
}

/**
How many commits are under way in this process, on a global the run lock reads when a signal stops
the run (adapters/run-lock.ts): only a run stopped mid-commit can leave a secret that nothing points
at, so only such a run leaves the next one a note to look. A global rather than an export, so the
lock does not load the wizard's core to ask.
*/
const commitsUnderWay = Symbol.for('claude-setup.commits-under-way');

async function commitInOrder(plan: ChangePlan, ports: Ports, id: number): Promise<EffectResult> {
	const secrets = plan.secrets.map(secret => secret.value);
	const stored: PlannedSecret[] = [];
	let isAnyFileWritten = false;
	try {
		for (const secret of plan.secrets) {
			// eslint-disable-next-line no-await-in-loop -- one store, one write at a time
			await ports.secrets.set(secret.ref, secret.value, secret.backend);
			stored.push(secret);
		}

		if (plan.helperCommand !== undefined) {
			const backend = plan.secrets[0]?.backend ?? (await ports.helper.inspect()).configured?.backend ?? 'keychain';
			await ports.helper.install(secretRef('api-key', ports.configDirHash), backend);
		}

		let backupPath: string | undefined;
		const backups: string[] = [];
		for (const file of writeOrder(plan)) {
			// eslint-disable-next-line no-await-in-loop -- in order, see writeOrder
			const written =
				file.kind === 'settings' && file.scope
					? await ports.settings.write(file.scope, file.beforeText, file.afterText)
					: file.kind === 'aws-config'
						? await ports.awsConfig.write(file.path, file.beforeText, file.afterText)
						: await ports.shell.write(file.path, file.beforeText, file.afterText);
			isAnyFileWritten = true;
			if (written.backupPath) {
				backups.push(written.backupPath);
				if (file === plan.files[0]) {
					backupPath = written.backupPath;
				}
			}
		}

		const notRemoved: string[] = [];
		for (const old of plan.removeSecrets) {
			// eslint-disable-next-line no-await-in-loop -- as above
			await ports.secrets.remove(old.ref, old.backend).catch(() => notRemoved.push(old.label));
		}

		return {type: 'committed', id, result: {path: plan.path, ...(backupPath ? {backupPath} : {}), backups, notRemoved}};
	} catch (error) {
		// Until a file is written nothing points at a secret this commit added, so a failed commit takes
		// those back out rather than leave a key that nothing uses. One that replaced an older value
		// stays: the older value is gone, and whatever used it now gets this one.
		if (!isAnyFileWritten) {
			for (const secret of stored.filter(each => !each.replaces)) {
				// eslint-disable-next-line no-await-in-loop -- as above
				await ports.secrets.remove(secret.ref, secret.backend).catch(() => undefined);
			}
		}

		return {type: 'commit-failed', id, message: scrub(error, secrets)};
	}
}

/**
Removes the secrets of ours (one keychain or secrets-file entry per purpose) that no settings file,
`claude` shell function or AWS profile refers to. Since the commit stores secrets before anything
points at them, a run killed half-way leaves exactly these; the run lock tells the next run when
that may have happened (see adapters/run-lock.ts), and only then is this called, because other
folders' settings can use a secret too. `otherSettings` are those (the files the backup manifest
names), read by the caller; `undefined` among them, or any settings, start-up or AWS config file
that cannot be read, means nothing is removed (what could not be read may be what uses a secret)
and resolves undefined. Never throws.
*/
export async function removeDanglingSecrets(
	ports: Ports,
	backends: readonly SecretBackend[],
	otherSettings: ReadonlyArray<Record<string, unknown> | undefined>,
): Promise<Array<{label: string; backend: SecretBackend}> | undefined> {
	try {
		const [snapshots, managed, shellFiles, awsConfig, helper] = await Promise.all([
			Promise.all((['user', 'project', 'local'] as const).map(async scope => ports.settings.read(scope))),
			ports.settings.readManaged?.(),
			ports.shell.read(),
			ports.awsConfig.read(),
			ports.helper.inspect(),
		]);
		const sources = [...snapshots.map(snapshot => (snapshot.problem ? undefined : (snapshot.data ?? {}))), managed?.exists ? managed.data : {}, ...otherSettings];
		if (sources.includes(undefined)) {
			return undefined;
		}

		// Every string anywhere in the settings: apiKeyHelper and awsCredentialExport name the helper,
		// and reading them all errs toward keeping a secret.
		const values = sources.flatMap(data => stringsIn(data));
		const texts = [...shellFiles.map(file => file.text), awsConfig.text];
		const isReferenced = (purpose: SecretPurpose): boolean => {
			const {account} = secretRef(purpose, ports.configDirHash);
			if ([...values, ...texts].some(text => text.includes(account))) {
				return true;
			}

			// The helper without --secret prints the `api-key` secret.
			return (
				purpose === 'api-key' &&
				(values.some(value => (value.includes(helper.command) || value.includes(helper.directory)) && !value.includes('--secret')) ||
					texts.some(text => text.includes(`$(${helper.command})`)))
			);
		};

		const removed: Array<{label: string; backend: SecretBackend}> = [];
		for (const backend of backends) {
			for (const purpose of secretPurposes.filter(each => !isReferenced(each))) {
				const ref = secretRef(purpose, ports.configDirHash);
				// eslint-disable-next-line no-await-in-loop -- the keychain prefers one call at a time
				const value = await ports.secrets.get(ref, backend).catch(() => undefined);
				if (value !== undefined) {
					// eslint-disable-next-line no-await-in-loop -- as above
					await ports.secrets.remove(ref, backend).then(
						() => removed.push({label: purposeLabel(purpose), backend}),
						() => undefined,
					);
				}
			}
		}

		return removed;
	} catch {
		return undefined;
	}
}

function stringsIn(value: unknown): string[] {
	if (typeof value === 'string') {
		return [value];
	}

	if (typeof value === 'object' && value !== null) {
		return Object.values(value).flatMap(each => stringsIn(each));
	}

	return [];
}
