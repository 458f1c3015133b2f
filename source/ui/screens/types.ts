import type {WizardEvent} from '../../core/wizard/events.js';
import type {State, Step} from '../../core/wizard/state.js';

/** Every screen gets the state narrowed to its step and one way to speak: `send`. */
export type ScreenProps<S extends Step = Step> = {
	state: Extract<State, {step: S}>;
	send: (event: WizardEvent) => void;
};
