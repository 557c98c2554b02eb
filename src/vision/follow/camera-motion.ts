import type { Box } from '../tracking/box';
import { median } from '../tracking/median';
import type { Shift } from '../tracking/camera-shift';

export type { Shift };

/** A box seen this frame under a tracker id. */
export interface IdentifiedBox {
  id: number;
  box: Box;
}

/**
 * Estimates the camera's motion between consecutive analysed frames as the median displacement of
 * the box centres of the tracks seen in both, so that motion can be measured in the scene rather
 * than in a panning picture. The median ignores the few people who walk against the flow; with fewer
 * than `minTracks` tracks there is no estimate (zero shift). Keeps one box per live track.
 *
 * @example
 * const camera = new CameraMotion();
 * const { dx, dy } = camera.update(tracks.map((t) => ({ id: t.id, box: t.bbox })));
 */
export class CameraMotion {
  private previous = new Map<number, Box>();

  constructor(private readonly minTracks = 3) {}

  /**
   * Takes this frame's tracked boxes and returns the shift since the previous call.
   *
   * @example camera.update([{ id: 1, box }, { id: 2, box: other }])
   */
  update(boxes: readonly IdentifiedBox[]): Shift {
    const dxs: number[] = [];
    const dys: number[] = [];
    const next = new Map<number, Box>();
    for (const { id, box } of boxes) {
      next.set(id, box);
      const before = this.previous.get(id);
      if (before === undefined) continue;
      dxs.push(box.x + box.w / 2 - (before.x + before.w / 2));
      dys.push(box.y + box.h / 2 - (before.y + before.h / 2));
    }
    this.previous = next;
    if (dxs.length < this.minTracks) return { dx: 0, dy: 0 };
    return { dx: median(dxs), dy: median(dys) };
  }
}
