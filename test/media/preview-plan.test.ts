import { describe, expect, it } from 'vitest';
import { frameKeyOf, planPreviews } from '../../src/media/preview-plan';

describe('frameKeyOf', () => {
  it('names a frame by its zero-padded position', () => {
    expect(frameKeyOf(0)).toBe('f000000');
    expect(frameKeyOf(123)).toBe('f000123');
    expect(frameKeyOf(1_234_567)).toBe('f1234567');
  });

  it('refuses positions that are not non-negative integers', () => {
    expect(() => frameKeyOf(1.5)).toThrow(RangeError);
    expect(() => frameKeyOf(-1)).toThrow(RangeError);
    expect(() => frameKeyOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('planPreviews', () => {
  const tenMinutes = { duration_sec: 600, fps: 25, frame_count: 15_000 };

  it('takes the midpoints of equal segments', () => {
    const plan = planPreviews(tenMinutes, 24);
    expect(plan).toHaveLength(24);
    expect(plan[0]).toEqual({ frame_key: 'f000312', frame_index: 312, frame_time_sec: 12.48 });
    expect(plan[1]!.frame_index).toBe(937);
    expect(plan[23]!.frame_index).toBe(14_687);
    const gaps = plan.slice(1).map((frame, i) => frame.frame_index - plan[i]!.frame_index);
    expect(new Set(gaps)).toEqual(new Set([625]));
  });

  it('never picks the first or last frame of a long video', () => {
    for (const count of [1, 2, 3, 24, 100]) {
      const indices = planPreviews(tenMinutes, count).map((frame) => frame.frame_index);
      expect(indices).not.toContain(0);
      expect(indices).not.toContain(14_999);
    }
  });

  it('gives times of frame_index / fps rounded to the microsecond', () => {
    const plan = planPreviews({ duration_sec: 21.041, fps: 30000 / 1001, frame_count: 630 }, 5);
    for (const frame of plan) {
      expect(Number.isInteger(frame.frame_index)).toBe(true);
      expect(frame.frame_time_sec).toBe(Math.round((frame.frame_index * 1001 * 1e6) / 30000) / 1e6);
      expect(frame.frame_key).toBe(frameKeyOf(frame.frame_index));
    }
    expect(plan.map((frame) => frame.frame_index)).toEqual([63, 189, 315, 441, 567]);
  });

  it('deduplicates and caps at frame_count when asked for more frames than the video has', () => {
    const plan = planPreviews({ duration_sec: 0.4, fps: 25, frame_count: 10 }, 24);
    expect(plan.map((frame) => frame.frame_index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(plan.map((frame) => frame.frame_key)).size).toBe(10);
  });

  it('is deterministic', () => {
    expect(planPreviews(tenMinutes, 24)).toEqual(planPreviews({ ...tenMinutes }, 24));
  });

  it('falls back to duration × fps when frame_count is unknown', () => {
    const plan = planPreviews({ duration_sec: 10, fps: 25, frame_count: Number.NaN }, 2);
    expect(plan.map((frame) => frame.frame_index)).toEqual([62, 187]);
  });

  it('returns nothing for zero frames or a zero count, and refuses nonsense', () => {
    expect(planPreviews(tenMinutes, 0)).toEqual([]);
    expect(planPreviews({ duration_sec: 0, fps: 25, frame_count: 0 }, 24)).toEqual([]);
    expect(() => planPreviews(tenMinutes, -1)).toThrow(RangeError);
    expect(() => planPreviews(tenMinutes, 2.5)).toThrow(RangeError);
    expect(() => planPreviews({ ...tenMinutes, fps: 0 }, 24)).toThrow(RangeError);
  });
});
