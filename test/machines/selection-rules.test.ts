import { describe, expect, it } from 'vitest';
import { checkPlayerRef, checkSelections } from '../../machines/selection-rules';
import type { Candidate, PlannedFrame, VideoMeta } from '../../machines/job.types';

const video = { duration_sec: 10, fps: 25, width: 640, height: 360 } as VideoMeta;
const previewPlan: PlannedFrame[] = [
  { frame_key: 'f000012', frame_index: 12, frame_time_sec: 0.48 },
  { frame_key: 'f000137', frame_index: 137, frame_time_sec: 5.48 },
];
const box = { x: 10, y: 20, w: 30, h: 60 };

describe('checkSelections', () => {
  it('fills the exact time of a frame named by its key', () => {
    const { selections, issues } = checkSelections([{ frame_key: 'f000137', bbox: box }], { video, previewPlan }, { requireFrameKey: true });
    expect(issues).toEqual([]);
    expect(selections).toEqual([{ frame_key: 'f000137', frame_time_sec: 5.48, bbox: box }]);
  });

  it('accepts a time within half a frame of the key and keeps the key’s time', () => {
    const { selections } = checkSelections([{ frame_key: 'f000012', frame_time_sec: 0.49, bbox: box }], { video, previewPlan }, { requireFrameKey: true });
    expect(selections[0].frame_time_sec).toBe(0.48);
  });

  it('names every problem by field', () => {
    const { selections, issues } = checkSelections(
      [
        { frame_key: 'f999999', bbox: box },
        { frame_key: 'f000012', frame_time_sec: 3, bbox: box },
        { bbox: box },
        { frame_key: 'f000012', bbox: { x: 600, y: 0, w: 50, h: 10 } },
      ],
      { video, previewPlan },
      { requireFrameKey: true },
    );
    expect(selections).toEqual([]);
    expect(issues.map((i) => i.field)).toEqual([
      'selections.0.frame_key',
      'selections.1.frame_time_sec',
      'selections.2.frame_key',
      'selections.3.bbox',
    ]);
    expect(issues[3].message).toContain('640x360');
  });

  it('lets the legacy endpoints give a time alone, within the video', () => {
    const ok = checkSelections([{ frame_time_sec: 2.5, bbox: box }], { video, previewPlan }, { requireFrameKey: false });
    expect(ok).toEqual({ selections: [{ frame_time_sec: 2.5, bbox: box }], issues: [] });
    const late = checkSelections([{ frame_time_sec: 11, bbox: box }], { video, previewPlan }, { requireFrameKey: false });
    expect(late.issues[0].field).toBe('selections.0.frame_time_sec');
    const none = checkSelections([{ bbox: box }], { video, previewPlan }, { requireFrameKey: false });
    expect(none.issues[0].message).toContain('required');
  });
});

describe('checkPlayerRef', () => {
  const candidates = [{ track_id: 3 }, { track_id: 8 }] as Candidate[];
  const failed = { code: 'MODEL_NOT_FOUND', message: 'no model' };
  it('accepts a known candidate in any spelling', () => {
    expect(checkPlayerRef({ track_id: 8 }, { candidates, candidatesError: null }, 'working')).toBeNull();
    expect(checkPlayerRef('track_3', { candidates, candidatesError: null }, 'working')).toBeNull();
  });
  it('refuses a track autodetection has not found, listing the known ones', () => {
    expect(checkPlayerRef(5, { candidates, candidatesError: null }, 'working')?.message).toBe(
      'track 5 is not a candidate of this job (known so far: 3, 8); once autodetection is done any track id is accepted',
    );
    expect(checkPlayerRef(5, { candidates: null, candidatesError: null }, 'working')?.message).toContain('found none yet');
  });
  it('accepts any track once autodetection has failed: the target identifies the player', () => {
    expect(checkPlayerRef('track_99', { candidates: null, candidatesError: failed }, 'working')).toBeNull();
  });
  it('accepts any track once autodetection is done, found some or none: a player the candidates missed', () => {
    expect(checkPlayerRef(5, { candidates, candidatesError: null }, 'done')).toBeNull();
    expect(checkPlayerRef('track_0', { candidates: [], candidatesError: null }, 'done')).toBeNull();
  });
  it('refuses what names no track, even then', () => {
    expect(checkPlayerRef('striker', { candidates: null, candidatesError: failed }, 'working')?.field).toBe('player_ref');
    expect(checkPlayerRef({ track_id: -1 }, { candidates, candidatesError: null }, 'done')?.field).toBe('player_ref');
  });
});
