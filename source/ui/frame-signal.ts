import {createContext, useContext, useEffect, useState} from 'react';

/**
When a screen is really on the terminal, as opposed to rendered by React.

Ink draws at most every 33 ms: React commits a screen, and the frame showing it reaches the
terminal up to two throttle periods later. A key read in between (a held Enter) would act on a
screen the person has not seen. Lists whose choice writes files (the review, the team review, the
PATH fix) take keys only once `useIsDrawn()` says so.
*/
export type FrameSignal = {
	/**
	Starts watching for a frame rendered from now on to be written. Called while React renders the
	screen (not in an effect: Ink renders the committed tree before effects run, and that render
	must count).
	*/
	watch(): FrameWatch;
};

export type FrameWatch = {
	readonly isDrawn: boolean;
	/** Stops watching (the screen went away). */
	stop(): void;
};

/** Where nothing is throttled (ink-testing-library), a rendered screen is a drawn one. */
const immediate: FrameSignal = {
	watch: () => ({isDrawn: true, stop() {}}),
};

export const FrameSignalContext = createContext<FrameSignal>(immediate);

/**
Whether the first frame showing this component has been written, asked when a key arrives. A
function rather than state: the answer changes the moment the frame is written, and a key read just
after (someone pressing Enter as soon as the screen shows) must see it, not wait for React.
*/
export function useIsDrawn(): () => boolean {
	const signal = useContext(FrameSignalContext);
	// Started in the render itself, see FrameSignal.watch.
	const [watch] = useState(() => signal.watch());
	useEffect(
		() => () => {
			watch.stop();
		},
		[watch],
	);
	return () => watch.isDrawn;
}

/**
How long after a render with nothing written the screen counts as drawn anyway. Ink writes nothing
when a frame equals the last one (then the screen is already showing it); its throttle is 33 ms.
*/
export const unchangedFrameMs = 100;

/**
The signal for the real terminal, fed by Ink's `onRender` (a frame computed from the current tree)
and by writes to the terminal. A write after a render that came after the request carries that
render or a later one: Ink's write throttle keeps only the latest frame.
*/
export function createFrameSignal() {
	type Waiter = {isDrawn: boolean; hasRendered: boolean; timer?: ReturnType<typeof setTimeout>};
	const waiters = new Set<Waiter>();
	const forget = (waiter: Waiter) => {
		if (waiter.timer) {
			clearTimeout(waiter.timer);
		}

		waiters.delete(waiter);
	};

	const settle = (waiter: Waiter) => {
		forget(waiter);
		waiter.isDrawn = true;
	};

	const signal: FrameSignal = {
		watch() {
			const waiter: Waiter = {isDrawn: false, hasRendered: false};
			waiters.add(waiter);
			return {
				get isDrawn() {
					return waiter.isDrawn;
				},
				stop() {
					forget(waiter);
				},
			};
		},
	};

	return {
		signal,
		/** Pass as Ink's `onRender`: a frame was just computed from the current tree. */
		rendered() {
			for (const waiter of waiters) {
				if (!waiter.hasRendered) {
					waiter.hasRendered = true;
					waiter.timer = setTimeout(() => {
						settle(waiter);
					}, unchangedFrameMs);
				}
			}
		},
		/** Call on every write to the terminal. */
		wrote() {
			for (const waiter of [...waiters]) {
				if (waiter.hasRendered) {
					settle(waiter);
				}
			}
		},
	};
}
