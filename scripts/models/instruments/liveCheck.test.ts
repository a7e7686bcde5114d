import { describe, expect, it } from 'vitest';
import { headlineShares } from './liveCheck';

describe('headlineShares', () => {
  it('counts what the headline said while each recording sounded (to 0.3 s after it), by kind of answer', () => {
    const heard = [
      { at: -0.5, headline: 'silence' }, // before the recording: not counted
      { at: 0.1, headline: 'waiting' }, // the first window filling: not counted
      { at: 0.2, headline: 'silence' },
      { at: 0.3, headline: 'percussion' },
      { at: 0.4, headline: 'violin' },
      { at: 0.5, headline: 'voice' },
      { at: 0.6, headline: 'not an instrument I know' },
      { at: 1.25, headline: 'other' }, // within the 0.3-s tail of a 1-s recording
      { at: 1.4, headline: 'silence' }, // after it: not counted
    ];
    expect(headlineShares([{ seconds: 1, heard }], ['violin'])).toEqual({
      recordings: 1,
      predictions: 6,
      right: 0.1667,
      otherInstrument: 0.1667,
      notInstrument: 0.5,
      silence: 0.1667,
      namedWrongly: 1,
    });
    // Speech: no instrument is right, and a recording where one is named counts once.
    const speech = headlineShares(
      [
        { seconds: 1, heard },
        { seconds: 1, heard: [{ at: 0.5, headline: 'voice' }] },
      ],
      [null, null],
    );
    expect(speech).toMatchObject({ recordings: 2, predictions: 7, otherInstrument: 0.2857, namedWrongly: 1 });
    expect(speech).not.toHaveProperty('right');
  });
});
