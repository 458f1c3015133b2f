import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SelectList} from '../../source/ui/components/select-list.js';
import {createFrameSignal, FrameSignalContext} from '../../source/ui/frame-signal.js';

/**
The review's list with a real frame signal (fed by hand, as Ink's onRender and the terminal's writes
would feed it): keys typed before the list has been on screen for `seenAfterMs` are dropped, and the
pointer appears only once it takes keys.
*/

const seenAfterMs = 40;
const items = [
	{value: 'confirm', label: 'Yes, write them'},
	{value: 'back', label: 'No, go back'},
];

afterEach(() => {
	vi.useRealTimers();
});

function renderReview() {
	const frames = createFrameSignal(seenAfterMs);
	const onSelect = vi.fn();
	const view = render(
		<FrameSignalContext.Provider value={frames.signal}>
			<SelectList isWaitingUntilSeen items={items} onSelect={onSelect} />
		</FrameSignalContext.Provider>,
	);
	return {frames, onSelect, view};
}

describe('a list that waits until it has been seen', () => {
	it('drops Enter typed before its frame was written, and before the safety delay ran out', async () => {
		vi.useFakeTimers();
		const {frames, onSelect, view} = renderReview();
		view.stdin.write('\r');
		frames.rendered();
		frames.wrote();
		// Drawn, but read at once: type-ahead from the screen before.
		view.stdin.write('\r');
		expect(view.lastFrame()).not.toContain('❯');
		vi.advanceTimersByTime(seenAfterMs - 1);
		view.stdin.write('\r');
		expect(onSelect).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		view.stdin.write('\r');
		expect(onSelect).toHaveBeenCalledWith('confirm');
		expect(onSelect).toHaveBeenCalledTimes(1);
		vi.useRealTimers();
		await vi.waitFor(() => {
			expect(view.lastFrame()).toContain('❯ Yes, write them');
		});
	});

	it('takes keys at once where nothing waits (no frame signal: ink-testing-library, other lists)', () => {
		const onSelect = vi.fn();
		const view = render(<SelectList isWaitingUntilSeen items={items} onSelect={onSelect} />);
		expect(view.lastFrame()).toContain('❯ Yes, write them');
		view.stdin.write('\r');
		expect(onSelect).toHaveBeenCalledWith('confirm');
	});
});
