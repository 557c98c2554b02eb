/** Packed pixels, rows top to bottom: rgb24 (3 channels) or RGBA (4). */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

export type Colour = readonly number[];

/**
 * Fills [x0, x1) × [y0, y1) (clipped to the raster) with an opaque colour, row by row, so only
 * the covered pixels are touched.
 *
 * @example fillRect(frame, 10, 10, 20, 12, [0, 255, 0]); // a 10 × 2 green bar
 */
export function fillRect(raster: Raster, x0: number, y0: number, x1: number, y1: number, colour: Colour): void {
  const { width, height, channels, data } = raster;
  const left = Math.max(0, Math.round(x0));
  const right = Math.min(width, Math.round(x1));
  const top = Math.max(0, Math.round(y0));
  const bottom = Math.min(height, Math.round(y1));
  if (left >= right || top >= bottom) return;
  const pixel = Uint8Array.from({ length: channels }, (_, c) => colour[c] ?? 255);
  const rowPattern = new Uint8Array((right - left) * channels);
  for (let x = 0; x < right - left; x += 1) rowPattern.set(pixel, x * channels);
  for (let y = top; y < bottom; y += 1) data.set(rowPattern, (y * width + left) * channels);
}

/**
 * The border of the rectangle [x0, x1) × [y0, y1), `thickness` pixels wide on its inside;
 * only the border pixels are written.
 *
 * @example strokeRect(frame, 96, 56, 184, 184, 4, [0, 255, 0]);
 */
export function strokeRect(raster: Raster, x0: number, y0: number, x1: number, y1: number, thickness: number, colour: Colour): void {
  fillRect(raster, x0, y0, x1, y0 + thickness, colour);
  fillRect(raster, x0, y1 - thickness, x1, y1, colour);
  fillRect(raster, x0, y0 + thickness, x0 + thickness, y1 - thickness, colour);
  fillRect(raster, x1 - thickness, y0 + thickness, x1, y1 - thickness, colour);
}

/**
 * An arc of a circle (angles in radians, 0 along +x, clockwise on screen since y points down),
 * stamped as small squares every half pixel along it.
 *
 * @example strokeArc(image, 450, 300, 74, 0, 2 * Math.PI, 2, [230, 230, 230]); // a full circle
 */
export function strokeArc(raster: Raster, cx: number, cy: number, radius: number, from: number, to: number, thickness: number, colour: Colour): void {
  const steps = Math.max(8, Math.ceil((Math.abs(to - from) * radius) / 0.5));
  const half = thickness / 2;
  for (let i = 0; i <= steps; i += 1) {
    const angle = from + ((to - from) * i) / steps;
    const x = cx + radius * Math.cos(angle);
    const y = cy + radius * Math.sin(angle);
    fillRect(raster, x - half, y - half, x + half, y + half, colour);
  }
}
