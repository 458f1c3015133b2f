import {describe, expect, it, vi} from 'vitest';
import {createFrameSignal, unchangedFrameMs} from '../../source/ui/frame-signal.js';

/** The pure part of "the review is on the terminal": which render and which write count. */
describe('frame signal', () => {
	it('is drawn after a render that came after the watch started, and then a write', () => {
		const frames = createFrameSignal();
		const watch = frames.signal.watch();
		// A write still carrying an older frame (throttled) does not count.
		frames.wrote();
		expect(watch.isDrawn).toBe(false);
		frames.rendered();
		expect(watch.isDrawn, 'computed, not yet written').toBe(false);
		frames.wrote();
		expect(watch.isDrawn).toBe(true);
	});

	it('watches each screen on its own', () => {
		const frames = createFrameSignal();
		const first = frames.signal.watch();
		frames.rendered();
		frames.wrote();
		const second = frames.signal.watch();
		expect([first.isDrawn, second.isDrawn]).toEqual([true, false]);
		frames.rendered();
		frames.wrote();
		expect(second.isDrawn).toBe(true);
	});

	it('counts an unchanged frame (nothing written) as drawn after a short while', () => {
		vi.useFakeTimers();
		try {
			const frames = createFrameSignal();
			const watch = frames.signal.watch();
			vi.advanceTimersByTime(unchangedFrameMs * 5);
			expect(watch.isDrawn, 'no render yet: nothing can be on screen').toBe(false);
			frames.rendered();
			vi.advanceTimersByTime(unchangedFrameMs - 1);
			expect(watch.isDrawn).toBe(false);
			vi.advanceTimersByTime(1);
			expect(watch.isDrawn).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('forgets a watch whose screen went away', () => {
		vi.useFakeTimers();
		try {
			const frames = createFrameSignal();
			const watch = frames.signal.watch();
			const drawn = vi.fn();
			frames.rendered();
			watch.onDrawn(drawn)();
			frames.wrote();
			vi.advanceTimersByTime(unchangedFrameMs * 2);
			expect(watch.isDrawn).toBe(false);
			expect(drawn).not.toHaveBeenCalled();
			expect(vi.getTimerCount()).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});
});
