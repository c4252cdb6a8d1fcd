import { describe, expect, test } from 'bun:test';
import { clip, ellipsis, sliceText } from '../../src/domain/clip.ts';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutting text', () => {
  test('GIVEN an emoji across the cut THEN no cut leaves half of it', () => {
    const text = `${'x'.repeat(199)}${'😀'.repeat(5)}`;
    for (const max of [199, 200, 201, 202, 203]) {
      for (const cut of [sliceText(text, max), ellipsis(text, max), clip(text, max)]) {
        expect(loneSurrogate.test(cut)).toBe(false);
      }
    }
    expect(sliceText(text, 200)).toBe('x'.repeat(199));
    expect(sliceText(text, 201)).toBe(`${'x'.repeat(199)}😀`);
  });

  test('GIVEN text within the limit THEN it is kept whole; beyond it the marker says how much was cut', () => {
    expect(sliceText('short', 10)).toBe('short');
    expect(ellipsis('abcdef', 4)).toBe('abc…');
    expect(clip('abcdef', 4)).toBe('abcd… [2 more characters cut]');
    expect(clip('ab😀', 3)).toBe('ab… [2 more characters cut]');
  });
});
