import {Text, useApp, useInput} from 'ink';
import {useEffect, useSyncExternalStore} from 'react';
import type {SettingsScope} from '../core/ports.js';
import type {WizardController} from '../core/wizard/controller.js';
import {findField} from '../core/auth/form.js';
import {activeSpec} from '../core/wizard/active-spec.js';
import {describeCrash} from '../core/wizard/crash.js';
import {groupOf, isFinished, type State} from '../core/wizard/state.js';
import {Frame} from './components/frame.js';
import {intentOf, keyHints} from './keymap.js';
import {CurrentScreen} from './screens/current-screen.js';
import {InviteScreen} from './screens/invite-screen.js';
import {DetectScreen} from './screens/progress-screens.js';
import {CancelledScreen, DoneScreen, FailedScreen} from './screens/finished-screens.js';
import {useLaterSteps, type LaterStepProps} from './later-steps-loader.js';
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

/** Whether the screen for `state` is drawn without the later steps' screens (later-steps.tsx). */
export function drawsWithoutLaterSteps(state: State): boolean {
	return ['detect', 'current', 'invite', 'done', 'cancelled', 'failed'].includes(state.step);
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

		// Any step can end at once (Ctrl-C on the first screen), and the wizard exits right after
		// drawing the end: these must never wait for the later steps' code.
		case 'done': {
			return <DoneScreen state={state} send={send} show={display.show} />;
		}

		case 'cancelled': {
			return <CancelledScreen state={state} send={send} />;
		}

		case 'failed': {
			return <FailedScreen state={state} send={send} />;
		}

		default: {
			return <LaterStep state={state} send={send} display={display} />;
		}
	}
}

/** The screens of the steps after the first (later-steps.tsx), loaded once the first screen is drawn. */
function LaterStep(props: LaterStepProps) {
	const {send} = props;
	// Their code missing (claude-setup's files removed while it ran) ends the wizard with a message.
	const Later = useLaterSteps(error => {
		send({type: 'screen-failed', message: describeCrash(error)});
	});
	// Only a key pressed in the few milliseconds before they load can get here first.
	return Later ? <Later {...props} /> : <Text dimColor>…</Text>;
}
