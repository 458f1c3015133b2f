import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {intentOf, textFieldIntentOf} from '../../source/ui/keymap.js';

const noKey = {} as Key;

describe('a Ctrl-C read in the same chunk as other keys', () => {
	it.each(['x\u0003', '\u0003x', '\u001B\u0003'])('%j still cancels, in lists and in text fields', input => {
		expect(intentOf(input, noKey)).toBe('cancel');
		expect(textFieldIntentOf(input, noKey)).toBe('cancel');
	});

	it('plain text does not', () => {
		expect(textFieldIntentOf('abc', noKey)).toBeUndefined();
	});
});
