import type { RgbFrame } from '../../../../src/vision/detection';

/**
 * Straightforward half-pixel-centre bilinear resize with replicated borders (OpenCV
 * INTER_LINEAR semantics), the yardstick the sharp-based resize is checked against.
 *
 * @example const expected = referenceBilinear(frame, 416, 234)
 */
export function referenceBilinear(frame: RgbFrame, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  const sx = frame.width / width;
  const sy = frame.height / height;
  const at = (x: number, y: number, c: number) => frame.data[(y * frame.width + x) * 3 + c];
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(Math.floor(fy), frame.height - 1);
    const y1 = Math.min(y0 + 1, frame.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(Math.floor(fx), frame.width - 1);
      const x1 = Math.min(x0 + 1, frame.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - wx) + at(x1, y0, c) * wx;
        const bottom = at(x0, y1, c) * (1 - wx) + at(x1, y1, c) * wx;
        out[(y * width + x) * 3 + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/** A deterministic noisy test image (hash of the byte index), harsher on resamplers than a gradient. */
export function noiseFrame(width: number, height: number): RgbFrame {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (Math.imul(i + 1, 2654435761) >>> 24) & 255;
  return { data, width, height };
}
