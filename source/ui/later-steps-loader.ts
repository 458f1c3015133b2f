import {useEffect, useRef, useSyncExternalStore} from 'react';
import type {WizardController} from '../core/wizard/controller.js';
import type {State} from '../core/wizard/state.js';
import type {Display} from './app.js';

export type LaterStepProps = {state: State; send: WizardController['send']; display: Display};
type LaterStepComponent = (props: LaterStepProps) => React.ReactNode;

let loaded: LaterStepComponent | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/**
Loads the screens of the later steps (later-steps.tsx), once; the wizard calls it as soon as its first
screen is drawn, and before drawing at all when its first screen is a later one (a team preset, team
mode). A failure is left to the next call, which tries again.
*/
export async function preloadLaterSteps(): Promise<void> {
	loading ??= import('./later-steps.js').then(
		module => {
			loaded = module.LaterStep;
			for (const listener of listeners) {
				listener();
			}
		},
		(error: unknown) => {
			loading = undefined;
			throw error;
		},
	);
	return loading;
}

/**
The later steps' screen component, or undefined until it has loaded (then the caller draws again).
The preload after the first frame has usually loaded it by then; otherwise this waits for the load
under way, or starts another if that one failed, and tells `onFailure` if it fails.
*/
export function useLaterSteps(onFailure: (error: unknown) => void): LaterStepComponent | undefined {
	const component = useSyncExternalStore(subscribe, current);
	const reportFailure = useRef(onFailure);
	reportFailure.current = onFailure;
	useEffect(() => {
		if (component === undefined) {
			preloadLaterSteps().catch((error: unknown) => {
				reportFailure.current(error);
			});
		}
	}, [component]);
	return component;
}

function subscribe(listener: () => void): () => void {
	listeners.add(listener);
	return () => {
		listeners.delete(listener);
	};
}

function current(): LaterStepComponent | undefined {
	return loaded;
}
