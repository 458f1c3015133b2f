import {credentialCheck} from './check-credential.js';
import {apiKeyHelperCheck, storedKeyCheck} from './check-helper.js';
import {installCheck} from './check-install.js';
import {clockCheck, keyValidityCheck, networkCheck} from './check-network.js';
import {settingsCheck} from './check-settings.js';
import type {DoctorCheck} from './types.js';

/**
The doctor's checklist, in the order it is printed: install, the settings files, which credential
is used, the helper and the key behind it, whether the key works, then the network and the clock.
*/
export const doctorChecks: readonly DoctorCheck[] = [
	installCheck,
	settingsCheck('user'),
	settingsCheck('project'),
	settingsCheck('local'),
	settingsCheck('managed'),
	credentialCheck,
	apiKeyHelperCheck,
	storedKeyCheck,
	keyValidityCheck,
	networkCheck,
	clockCheck,
];
