import {consoleKeyRef} from '../auth/console-key.js';
import type {Ports, SecretBackend, SecretRef} from '../ports.js';
import type {DoctorFacts} from './types.js';

export type StoredKey = {ref: SecretRef; backend: SecretBackend; secret: string};

/**
Where claude-setup's key is: the entry the installed helper is configured to read, or, when the
helper's config is gone too, the entry claude-setup would have written for this config folder
(keychain first, then the file fallback). Undefined when none holds a key.
*/
export async function findStoredKey(ports: Ports, facts: DoctorFacts): Promise<StoredKey | undefined> {
	const {configured} = facts.helper;
	const ref = consoleKeyRef(ports.configDirHash);
	const candidates: Array<{ref: SecretRef; backend: SecretBackend}> = configured
		? [configured]
		: [
				{ref, backend: 'keychain'},
				{ref, backend: 'file'},
			];
	for (const candidate of candidates) {
		// eslint-disable-next-line no-await-in-loop -- the first store holding the key wins, in order
		const secret = await ports.secrets.get(candidate.ref, candidate.backend).catch(() => undefined);
		if (secret) {
			return {...candidate, secret};
		}
	}

	return undefined;
}
