import type { RgbFrame } from '../detection/types';
import type { Box } from '../tracking/box';

/** 12 hues × 2 saturations for coloured pixels, 4 grey levels for the rest (kits are often white or black). */
const HUE_BINS = 12;
const SAT_BINS = 2;
const GREY_BINS = 4;
const PART_BINS = HUE_BINS * SAT_BINS + GREY_BINS;

/**
 * The parts of a person box described, as shares of its width and height: the shirt (15–50 % of
 * the height) and the shorts and socks (50–85 %), both over the middle half of the width, where
 * the player is and the pitch behind him mostly is not.
 */
const PARTS = [
  { top: 0.15, bottom: 0.5 },
  { top: 0.5, bottom: 0.85 },
] as const;

/** Length of a bodyColours vector. */
export const BODY_COLOURS_SIZE = PARTS.length * PART_BINS;

/** Pixels sampled per part at most: enough for a stable histogram, cheap on a 1080p frame. */
const MAX_SAMPLES = 400;

/**
 * The colours a person wears, upper and lower body apart: per part an HSV histogram (hue and
 * saturation for coloured pixels, which a change of light moves little; four grey levels for the
 * rest), each part L1-normalised to 1. Two kits differ in shirt or shorts; teammates do not, so
 * it tells teams (and referees) apart, not players. Undefined when a part lies outside the frame.
 *
 * @example const a = bodyColours(frame, { x: 100, y: 50, w: 30, h: 70 })
 */
export function bodyColours(frame: RgbFrame, box: Box): Float32Array | undefined {
  const out = new Float32Array(BODY_COLOURS_SIZE);
  for (let part = 0; part < PARTS.length; part++) {
    const { top, bottom } = PARTS[part];
    const x0 = Math.max(0, Math.floor(box.x + box.w * 0.25));
    const x1 = Math.min(frame.width, Math.ceil(box.x + box.w * 0.75));
    const y0 = Math.max(0, Math.floor(box.y + box.h * top));
    const y1 = Math.min(frame.height, Math.ceil(box.y + box.h * bottom));
    if (x1 <= x0 || y1 <= y0) return undefined;
    const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / MAX_SAMPLES)));
    const histogram = out.subarray(part * PART_BINS, (part + 1) * PART_BINS);
    let count = 0;
    for (let y = y0; y < y1; y += step) {
      for (let x = x0; x < x1; x += step) {
        const i = (y * frame.width + x) * 3;
        histogram[colourBin(frame.data[i], frame.data[i + 1], frame.data[i + 2])] += 1;
        count += 1;
      }
    }
    for (let b = 0; b < PART_BINS; b++) histogram[b] /= count;
  }
  return out;
}

/**
 * How alike two bodyColours are: the mean over the parts of their Bhattacharyya coefficients
 * (1: the same colours; 0: none shared).
 *
 * @example bodyColourSimilarity(a, a) // 1
 */
export function bodyColourSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.sqrt(a[i] * b[i]);
  return sum / PARTS.length;
}

function colourBin(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const value = max / 255;
  const saturation = max === 0 ? 0 : (max - min) / max;
  if (saturation < 0.25 || value < 0.2) return HUE_BINS * SAT_BINS + Math.min(GREY_BINS - 1, Math.floor(value * GREY_BINS));
  let hue: number;
  if (max === r) hue = ((g - b) / (max - min) + 6) % 6;
  else if (max === g) hue = (b - r) / (max - min) + 2;
  else hue = (r - g) / (max - min) + 4;
  const hueBin = Math.min(HUE_BINS - 1, Math.floor((hue / 6) * HUE_BINS));
  return hueBin * SAT_BINS + (saturation < 0.6 ? 0 : 1);
}
