import { infernoTable } from './colormap';
import { gaussianBlur } from './gaussian-blur';
import type { Point2 } from './track-segments';

const INFERNO = infernoTable();
// Opacity of the heat at the peak; the background stays faintly visible through the hottest spot.
const PEAK_OPACITY = 0.9;

/**
 * Paints a heat layer over an RGBA background, in place: each point (canvas pixels) is splatted
 * bilinearly into a grid, the grid blurred with a Gaussian of `sigmaPx`, normalised by its
 * maximum, then coloured with inferno and blended with opacity 0.9·√density (cold areas let the
 * background through). Points outside the canvas are ignored. Returns how many were used.
 *
 * @example paintHeat(rgba, 640, 360, [[320, 200], [322, 201]], 10); // 2
 */
export function paintHeat(rgba: Uint8Array, width: number, height: number, points: readonly Point2[], sigmaPx: number): number {
  const grid = new Float32Array(width * height);
  let used = 0;
  for (const [x, y] of points) {
    // Pixel (i, j) covers [i, i+1) × [j, j+1): its centre is at i + 0.5.
    const fx = x - 0.5;
    const fy = y - 0.5;
    if (!(fx > -1 && fy > -1 && fx < width && fy < height)) continue;
    used += 1;
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const ax = fx - x0;
    const ay = fy - y0;
    for (const [dx, dy, weight] of [[0, 0, (1 - ax) * (1 - ay)], [1, 0, ax * (1 - ay)], [0, 1, (1 - ax) * ay], [1, 1, ax * ay]] as const) {
      const gx = x0 + dx;
      const gy = y0 + dy;
      if (gx >= 0 && gy >= 0 && gx < width && gy < height) grid[gy * width + gx]! += weight;
    }
  }
  if (used === 0) return 0;
  const density = gaussianBlur(grid, width, height, sigmaPx);
  let max = 0;
  for (const value of density) if (value > max) max = value;
  if (!(max > 0)) return used;
  for (let i = 0; i < density.length; i += 1) {
    const v = density[i]! / max;
    if (v <= 1e-4) continue;
    const alpha = PEAK_OPACITY * Math.sqrt(v);
    const level = Math.round(v * 255) * 3;
    const p = i * 4;
    for (let c = 0; c < 3; c += 1) rgba[p + c] = Math.round(rgba[p + c]! * (1 - alpha) + INFERNO[level + c]! * alpha);
  }
  return used;
}
