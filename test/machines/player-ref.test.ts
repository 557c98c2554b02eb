import { describe, expect, it } from 'vitest';
import { normalisePlayerRef, trackIdOf } from '../../machines/player-ref';

describe('normalisePlayerRef', () => {
  it.each([
    [3, 'track_3'],
    ['3', 'track_3'],
    ['track_3', 'track_3'],
    [' track_12 ', 'track_12'],
    ['007', 'track_7'],
    [{ track_id: 3 }, 'track_3'],
    [{ track_id: '3' }, 'track_3'],
    [{ track_id: 'track_3' }, 'track_3'],
    [0, 'track_0'],
  ])('%j → %s', (input, expected) => {
    expect(normalisePlayerRef(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [-1],
    [3.5],
    [Number.NaN],
    [''],
    ['player 3'],
    ['track_'],
    ['track_-3'],
    [{}],
    [{ track_id: 3, extra: 1 }],
    [{ track_id: { track_id: 3 } }],
    [{ id: 3 }],
    [[3]],
    [true],
  ])('%j names no track', (input) => {
    expect(normalisePlayerRef(input)).toBeNull();
  });

  it('reads the track id back', () => {
    expect(trackIdOf('track_42')).toBe(42);
  });
});
