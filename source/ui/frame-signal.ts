import {createContext, useContext, useEffect, useRef, useState} from 'react';

/**
When a screen is really on the terminal, as opposed to rendered by React, and has been for long
enough that a key pressed now answers it.

Ink draws at most every 33 ms: React commits a screen, and the frame showing it reaches the
terminal up to two throttle periods later. Keys typed before that (a held Enter, type-ahead while
"Preparing the change…" showed) wait in the terminal and are read just after the frame is written,
and would answer a screen nobody has seen. Lists whose choice writes files (the review, the team
review, the PATH fix) therefore take keys only from `seenAfterMs` after their frame was written,
and show their ❯ pointer from then on (a confirmation with a short safety delay, as browsers give
their permission dialogs). Keys typed before that are dropped.
*/
export type FrameSignal = {
	/**
	Starts watching for a frame rendered from now on to be written. Called while React renders the
	screen (not in an effect: Ink renders the committed tree before effects run, and that render
	must count).
	*/
	watch(): FrameWatch;
	/** How long after its frame is written a screen takes keys; 0 where frames are not throttled. */
	seenAfterMs: number;
};

export type FrameWatch = {
	readonly isDrawn: boolean;
	/** Calls back once drawn (at once if it is); the returned function stops watching. */
	onDrawn(callback: () => void): () => void;
};

/** Where nothing is throttled (ink-testing-library), a rendered screen is a drawn one. */
const immediate: FrameSignal = {
	watch: () => ({
		isDrawn: true,
		onDrawn(callback) {
			callback();
			return () => {};
		},
	}),
	seenAfterMs: 0,
};

export const FrameSignalContext = createContext<FrameSignal>(immediate);

/** A person needs this long at least to see a screen and press a key in answer. */
export const defaultSeenAfterMs = 200;

/**
Whether a list that waits (`isWaiting`) may take keys: `isReady` for drawing (the ❯ pointer), and
`isReadyNow()` for a key handler, which must see the moment it changes rather than wait for React.
*/
export function useReadyToChoose(isWaiting: boolean): {isReady: boolean; isReadyNow: () => boolean} {
	const signal = useContext(FrameSignalContext);
	const isImmediate = !isWaiting || signal.seenAfterMs === 0;
	// Started in the render itself, see FrameSignal.watch.
	const [watch] = useState(() => (isImmediate ? undefined : signal.watch()));
	const readyRef = useRef(isImmediate);
	const [isReady, setReady] = useState(isImmediate);
	useEffect(() => {
		if (!watch) {
			return;
		}

		let timer: ReturnType<typeof setTimeout> | undefined;
		const stop = watch.onDrawn(() => {
			timer = setTimeout(() => {
				readyRef.current = true;
				setReady(true);
			}, signal.seenAfterMs);
		});
		return () => {
			stop();
			clearTimeout(timer);
		};
	}, [watch, signal]);
	return {isReady, isReadyNow: () => readyRef.current};
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
export function createFrameSignal(seenAfterMs = defaultSeenAfterMs) {
	type Waiter = {isDrawn: boolean; hasRendered: boolean; listener?: () => void; timer?: ReturnType<typeof setTimeout>};
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
		waiter.listener?.();
	};

	const signal: FrameSignal = {
		watch() {
			const waiter: Waiter = {isDrawn: false, hasRendered: false};
			waiters.add(waiter);
			return {
				get isDrawn() {
					return waiter.isDrawn;
				},
				onDrawn(callback) {
					if (waiter.isDrawn) {
						callback();
						return () => {};
					}

					waiter.listener = callback;
					return () => {
						waiter.listener = undefined;
						forget(waiter);
					};
				},
			};
		},
		seenAfterMs,
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
