import { describe, expect, it } from 'vitest';
import { BODY_COLOURS } from '../../../src/vision/appearance/appearance-describer';
import type { RgbFrame } from '../../../src/vision/detection/types';
import { people } from '../../../src/vision/follow/link-target';
import { TrackletRecorder } from '../../../src/vision/follow/tracklets';

/** A grey picture with one person box painted in a colour. */
function picture(box: { x: number; y: number; w: number; h: number }, colour: [number, number, number]): RgbFrame {
  const width = 320;
  const height = 240;
  const data = Buffer.alloc(width * height * 3, 90);
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) data.set(colour, (y * width + x) * 3);
  }
  return { data, width, height };
}

describe('TrackletRecorder with looks', () => {
  it('cuts a track where the person in it starts looking like somebody else, and pass 2 does not join them back', async () => {
    const recorder = new TrackletRecorder({ frameRate: 10 }, BODY_COLOURS);
    for (let index = 0; index < 30; index++) {
      // One box walking right; its wearer changes from a red kit to a white one at 1.5 s, as when
      // the tracker swaps two crossing players.
      const box = { x: 40 + 2 * index, y: 60, w: 30, h: 80 };
      const colour: [number, number, number] = index < 15 ? [200, 30, 30] : [235, 235, 235];
      await recorder.push({ index, timeSec: index / 10, detections: [{ ...box, score: 0.9 }] }, { image: picture(box, colour), toImage: 1 });
    }
    const tracklets = recorder.finish();
    expect(tracklets).toHaveLength(2);
    expect(new Set(tracklets.map((t) => t.source)).size).toBe(1);
    expect(tracklets[1].points[0].index).toBeGreaterThanOrEqual(15);
    expect(tracklets[1].points[0].index).toBeLessThanOrEqual(17);
    expect(people(tracklets, undefined, BODY_COLOURS)).toHaveLength(2);
  });

  it('keeps one track whose look does not change', async () => {
    const recorder = new TrackletRecorder({ frameRate: 10 }, BODY_COLOURS);
    for (let index = 0; index < 30; index++) {
      const box = { x: 40 + 2 * index, y: 60, w: 30, h: 80 };
      await recorder.push({ index, timeSec: index / 10, detections: [{ ...box, score: 0.9 }] }, { image: picture(box, [200, 30, 30]), toImage: 1 });
    }
    expect(recorder.finish()).toHaveLength(1);
  });
});
