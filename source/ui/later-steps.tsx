import type {WizardController} from '../core/wizard/controller.js';
import type {State} from '../core/wizard/state.js';
import type {Display} from './app.js';
import {AuthMethodScreen} from './screens/auth-method-screen.js';
import {ConsoleKeyScreen} from './screens/console-key-screen.js';
import {FormScreen} from './screens/form-screen.js';
import {DiscoverScreen, MethodCheckScreen, MethodResultScreen} from './screens/method-check-screens.js';
import {InstallFailedScreen} from './screens/install-failed-screen.js';
import {InstallScreen} from './screens/install-screen.js';
import {InstallingScreen} from './screens/installing-screen.js';
import {PathFixScreen} from './screens/path-fix-screen.js';
import {KeyResultScreen} from './screens/key-result-screen.js';
import {CommitScreen, VerifyScreen} from './screens/progress-screens.js';
import {RequirementsScreen} from './screens/requirements-screen.js';
import {ReviewScreen} from './screens/review-screen.js';
import {TeamReviewScreen} from './screens/team-review-screen.js';
import {ScopeScreen} from './screens/scope-screen.js';
import {SecretStorageScreen} from './screens/secret-storage-screen.js';
import {ValidatingScreen} from './screens/validating-screen.js';

/**
The screen of every step after the first ones (app.tsx draws detect, current and invite, and the
finished screens, which any step may reach at once: a Ctrl-C on the first screen ends the wizard
before this module would have loaded). A
module of its own, so the wizard's first screen does not load the code of the others
(later-steps-loader.ts loads it once the first screen is drawn).
*/
export function LaterStep({state, send, display}: {state: State; send: WizardController['send']; display: Display}) {
	switch (state.step) {
		case 'requirements': {
			return <RequirementsScreen state={state} send={send} />;
		}

		case 'install': {
			return <InstallScreen state={state} send={send} show={display.show} />;
		}

		case 'installing': {
			return <InstallingScreen state={state} send={send} />;
		}

		case 'install-failed': {
			return <InstallFailedScreen state={state} send={send} />;
		}

		case 'path-fix': {
			return <PathFixScreen state={state} send={send} show={display.show} />;
		}

		case 'auth-method': {
			return <AuthMethodScreen state={state} send={send} />;
		}

		case 'discover': {
			return <DiscoverScreen />;
		}

		case 'form': {
			return <FormScreen state={state} send={send} />;
		}

		case 'method-check': {
			return <MethodCheckScreen state={state} send={send} />;
		}

		case 'method-result': {
			return <MethodResultScreen state={state} send={send} />;
		}

		case 'console-key': {
			return <ConsoleKeyScreen state={state} send={send} />;
		}

		case 'validating': {
			return <ValidatingScreen state={state} send={send} baseUrl={display.anthropicBaseUrl} />;
		}

		case 'key-result': {
			return <KeyResultScreen state={state} send={send} />;
		}

		case 'secret-storage': {
			return <SecretStorageScreen state={state} send={send} fileLocation={display.secretsFile} />;
		}

		case 'scope': {
			return <ScopeScreen state={state} send={send} pathOf={display.pathOf} />;
		}

		case 'review': {
			return <ReviewScreen state={state} send={send} show={display.show} />;
		}

		case 'team-review': {
			return <TeamReviewScreen state={state} send={send} show={display.show} />;
		}

		case 'commit': {
			return <CommitScreen />;
		}

		case 'verify': {
			return <VerifyScreen />;
		}

		default: {
			return null;
		}
	}
}
