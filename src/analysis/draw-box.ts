import type { BoxAtTime } from './box-at-time';
import { strokeRect, type Raster } from './raster';

/** Box colours by state: green when seen, yellow when interpolated, orange when unsure. */
export const STATE_COLOURS: Record<BoxAtTime['state'], readonly [number, number, number]> = {
  observed: [0, 255, 0],
  interpolated: [255, 255, 0],
  uncertain: [255, 140, 0],
};

/**
 * Border width for a frame: 4 px up to 540 lines, then 2 px more per 360 lines. Always even:
 * yuv420p stores colour per 2 × 2 block, so an even-aligned even-width border keeps its colour.
 *
 * @example boxThickness(240); // 4
 * boxThickness(1080); // 6
 */
export function boxThickness(frameHeight: number): number {
  return 2 * Math.max(2, Math.round(frameHeight / 360));
}

/**
 * Draws the player's box, scaled from source pixels by (sx, sy), around the outside of the box
 * (the player stays visible), on even pixel edges, in the colour of its state; writes only the
 * border's pixels.
 *
 * @example drawPlayerBox({ data: frame.data, width: 640, height: 360, channels: 3 }, boxAt(t), 0.5, 0.5);
 */
export function drawPlayerBox(raster: Raster, at: BoxAtTime, sx: number, sy: number): void {
  const t = boxThickness(raster.height);
  const evenDown = (v: number) => 2 * Math.floor(v / 2);
  const evenUp = (v: number) => 2 * Math.ceil(v / 2);
  const { x, y, w, h } = at.box;
  strokeRect(raster, evenDown(x * sx - t), evenDown(y * sy - t), evenUp((x + w) * sx + t), evenUp((y + h) * sy + t), t, STATE_COLOURS[at.state]);
}
