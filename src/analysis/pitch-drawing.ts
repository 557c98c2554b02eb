import type { PitchExtent } from './pitch-extent';
import { fillRect, strokeArc, strokeRect, type Colour, type Raster } from './raster';

/** Maps pitch metres to canvas pixels: a margin around the extent, then a uniform scale. */
export interface PitchCanvas {
  extent: PitchExtent;
  marginM: number;
  pixelsPerMetre: number;
  width: number;
  height: number;
}

/**
 * A canvas `width` pixels wide showing the extent plus `marginM` metres around it.
 *
 * @example pitchCanvas(pitchExtentOf(null), 900, 3); // { pixelsPerMetre: 8.108…, width: 900, height: 600, … }
 */
export function pitchCanvas(extent: PitchExtent, width: number, marginM: number): PitchCanvas {
  const pixelsPerMetre = width / (extent.x1 - extent.x0 + 2 * marginM);
  return { extent, marginM, pixelsPerMetre, width, height: Math.round((extent.y1 - extent.y0 + 2 * marginM) * pixelsPerMetre) };
}

/**
 * Canvas pixel of a pitch point.
 *
 * @example toCanvas(canvas, [52.5, 34]); // [450, 300]
 */
export function toCanvas(canvas: PitchCanvas, [X, Y]: readonly [number, number]): [number, number] {
  return [(X - canvas.extent.x0 + canvas.marginM) * canvas.pixelsPerMetre, (Y - canvas.extent.y0 + canvas.marginM) * canvas.pixelsPerMetre];
}

// Laws of the Game, in metres.
const PENALTY_AREA = { depth: 16.5, width: 40.32 };
const GOAL_AREA = { depth: 5.5, width: 18.32 };
const PENALTY_SPOT = 11;
const CIRCLE_RADIUS = 9.15;

/**
 * Draws the pitch lines: on a standard extent the outline, halfway line, centre circle, penalty
 * and goal areas, spots and penalty arcs; otherwise only the outline of the extent.
 *
 * @example drawPitch(raster, canvas, [230, 230, 230]);
 */
export function drawPitch(raster: Raster, canvas: PitchCanvas, colour: Colour): void {
  const { extent } = canvas;
  const s = canvas.pixelsPerMetre;
  const t = Math.max(1, Math.round(0.12 * s));
  const rect = (X0: number, Y0: number, X1: number, Y1: number) => {
    const [x0, y0] = toCanvas(canvas, [X0, Y0]);
    const [x1, y1] = toCanvas(canvas, [X1, Y1]);
    strokeRect(raster, x0 - t / 2, y0 - t / 2, x1 + t / 2, y1 + t / 2, t, colour);
  };
  const spot = (X: number, Y: number) => {
    const [x, y] = toCanvas(canvas, [X, Y]);
    fillRect(raster, x - t, y - t, x + t, y + t, colour);
  };
  const arc = (X: number, Y: number, from: number, to: number) => {
    const [x, y] = toCanvas(canvas, [X, Y]);
    strokeArc(raster, x, y, CIRCLE_RADIUS * s, from, to, t, colour);
  };

  rect(extent.x0, extent.y0, extent.x1, extent.y1);
  if (!extent.standard) return;
  const length = extent.x1;
  const mid = extent.y1 / 2;
  const [halfway] = toCanvas(canvas, [length / 2, 0]);
  const [, top] = toCanvas(canvas, [0, 0]);
  const [, bottom] = toCanvas(canvas, [0, extent.y1]);
  fillRect(raster, halfway - t / 2, top, halfway + t / 2, bottom, colour);
  arc(length / 2, mid, 0, 2 * Math.PI);
  spot(length / 2, mid);
  const arcHalfAngle = Math.acos((PENALTY_AREA.depth - PENALTY_SPOT) / CIRCLE_RADIUS);
  for (const [goalX, inward] of [[0, 1], [length, -1]] as const) {
    const box = (depth: number, width: number) => {
      const inner = goalX + inward * depth;
      rect(Math.min(goalX, inner), mid - width / 2, Math.max(goalX, inner), mid + width / 2);
    };
    box(PENALTY_AREA.depth, PENALTY_AREA.width);
    box(GOAL_AREA.depth, GOAL_AREA.width);
    const spotX = goalX + inward * PENALTY_SPOT;
    spot(spotX, mid);
    const facing = inward > 0 ? 0 : Math.PI;
    arc(spotX, mid, facing - arcHalfAngle, facing + arcHalfAngle);
  }
}
