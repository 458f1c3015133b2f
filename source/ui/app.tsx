import {useApp, useInput} from 'ink';
import {useEffect, useSyncExternalStore} from 'react';
import type {SettingsScope} from '../core/ports.js';
import type {WizardController} from '../core/wizard/controller.js';
import {findField} from '../core/auth/form.js';
import {activeSpec} from '../core/wizard/active-spec.js';
import {groupOf, isFinished, type State} from '../core/wizard/state.js';
import {Frame} from './components/frame.js';
import {intentOf, keyHints} from './keymap.js';
import {AuthMethodScreen} from './screens/auth-method-screen.js';
import {ConsoleKeyScreen} from './screens/console-key-screen.js';
import {FormScreen} from './screens/form-screen.js';
import {DiscoverScreen, MethodCheckScreen, MethodResultScreen} from './screens/method-check-screens.js';
import {CurrentScreen} from './screens/current-screen.js';
import {CancelledScreen, DoneScreen, FailedScreen} from './screens/finished-screens.js';
import {InstallFailedScreen} from './screens/install-failed-screen.js';
import {InstallScreen} from './screens/install-screen.js';
import {InstallingScreen} from './screens/installing-screen.js';
import {PathFixScreen} from './screens/path-fix-screen.js';
import {InviteScreen} from './screens/invite-screen.js';
import {KeyResultScreen} from './screens/key-result-screen.js';
import {CommitScreen, DetectScreen, VerifyScreen} from './screens/progress-screens.js';
import {RequirementsScreen} from './screens/requirements-screen.js';
import {ReviewScreen} from './screens/review-screen.js';
import {TeamReviewScreen} from './screens/team-review-screen.js';
import {ScopeScreen} from './screens/scope-screen.js';
import {SecretStorageScreen} from './screens/secret-storage-screen.js';
import {ValidatingScreen} from './screens/validating-screen.js';
import {completedLines} from './summary.js';

export type Display = {
	pathOf: (scope: SettingsScope) => string;
	/** A path as the user would write it (`~/.claude/settings.json`). */
	show: (path: string) => string;
	secretsFile: string;
	anthropicBaseUrl: string | undefined;
};

export type AppProps = {
	controller: WizardController;
	/** Facts the screens show that are not state: where files are, which API the key is checked with. */
	display: Display;
	/** Called once with the final state, right before the app unmounts. */
	onFinish?: (state: State) => void;
};

export function App({controller, display, onFinish}: AppProps) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState);
	const {exit} = useApp();
	const finished = isFinished(state);

	useInput((input, key) => {
		const intent = intentOf(input, key);
		if (intent === 'back' || intent === 'cancel') {
			controller.send({type: intent});
		}
	});

	useEffect(() => {
		if (finished) {
			onFinish?.(state);
			exit();
		}
	}, [finished, state, exit, onFinish]);

	return (
		<Frame group={groupOf(state.step)} completed={completedLines(state, display.show)} hints={finished ? undefined : hintsFor(state)} isTeamMode={state.context.mode === 'admin'}>
			<CurrentStep state={state} send={controller.send} display={display} />
		</Frame>
	);
}

function hintsFor(state: State): string {
	if (state.step === 'commit') {
		return keyHints.commit;
	}

	if (state.step === 'console-key') {
		return keyHints.text;
	}

	if (state.step === 'form') {
		const isText = state.context.method !== undefined && isTextField(state);
		return isText ? keyHints.text : keyHints.select;
	}

	if (state.step === 'installing') {
		return keyHints.install;
	}

	return state.pendingId === undefined ? keyHints.select : keyHints.wait;
}

function isTextField(state: Extract<State, {step: 'form'}>): boolean {
	const spec = activeSpec(state.context);
	const field = spec ? findField(spec, state.field) : undefined;
	return field !== undefined && field.kind !== 'select';
}

function CurrentStep({state, send, display}: {state: State; send: WizardController['send']; display: Display}) {
	switch (state.step) {
		case 'detect': {
			return <DetectScreen />;
		}

		case 'current': {
			return <CurrentScreen state={state} send={send} show={display.show} secretsFile={display.secretsFile} />;
		}

		case 'invite': {
			return <InviteScreen state={state} send={send} />;
		}

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

		case 'done': {
			return <DoneScreen state={state} send={send} show={display.show} />;
		}

		case 'cancelled': {
			return <CancelledScreen state={state} send={send} />;
		}

		case 'failed': {
			return <FailedScreen state={state} send={send} />;
		}
	}
}
