import { describe, expect, it } from 'vitest';
import { missingPrerequisites } from '../../machines/prerequisites';
import type { Target } from '../../machines/job.types';

const target: Target = { confirmed: true, source: 'select-target', selections: [{ frame_time_sec: 1, bbox: { x: 0, y: 0, w: 5, h: 5 } }] };

describe('missingPrerequisites', () => {
  it('lists both, in the spec order, when nothing is chosen', () => {
    expect(missingPrerequisites({ playerRef: null, target: null })).toEqual(['player_ref', 'target']);
  });
  it('lists a player_ref that is present but not normalisable', () => {
    expect(missingPrerequisites({ playerRef: 'the striker', target })).toEqual(['player_ref']);
  });
  it('lists a target without selections', () => {
    expect(missingPrerequisites({ playerRef: 3, target: { ...target, selections: [] } })).toEqual(['target']);
  });
  it('lists an unconfirmed target', () => {
    expect(missingPrerequisites({ playerRef: 3, target: { ...target, confirmed: false } as unknown as Target })).toEqual(['target']);
  });
  it('is empty when both are met', () => {
    expect(missingPrerequisites({ playerRef: { track_id: 2 }, target })).toEqual([]);
  });
});
