import type { Box } from '../tracking/box';
import type { RgbFrame } from '../detection/types';

/** 12 hues × 2 saturations for coloured pixels, 4 grey levels for the rest (kits are often white or black). */
const HUE_BINS = 12;
const SAT_BINS = 2;
const GREY_BINS = 4;
export const TORSO_HISTOGRAM_SIZE = HUE_BINS * SAT_BINS + GREY_BINS;

/** Pixels sampled per box at most: enough for a stable histogram, cheap on a 1080p frame. */
const MAX_SAMPLES = 600;

/**
 * The colour signature of a player's shirt: an HSV histogram of the torso (the middle half of the
 * box's width, 15–50 % of its height, where the shirt is and the background and legs are not),
 * L1-normalised. Two teams' kits fall in different bins; teammates do not, so it tells teams
 * apart, not players.
 *
 * @example const a = torsoHistogram(frame, { x: 100, y: 50, w: 30, h: 70 })
 */
export function torsoHistogram(frame: RgbFrame, box: Box): Float32Array {
  const histogram = new Float32Array(TORSO_HISTOGRAM_SIZE);
  const x0 = Math.max(0, Math.floor(box.x + box.w * 0.25));
  const x1 = Math.min(frame.width, Math.ceil(box.x + box.w * 0.75));
  const y0 = Math.max(0, Math.floor(box.y + box.h * 0.15));
  const y1 = Math.min(frame.height, Math.ceil(box.y + box.h * 0.5));
  if (x1 <= x0 || y1 <= y0) return histogram;
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / MAX_SAMPLES)));
  const { data, width } = frame;
  let count = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      const i = (y * width + x) * 3;
      histogram[colourBin(data[i], data[i + 1], data[i + 2])] += 1;
      count += 1;
    }
  }
  for (let b = 0; b < histogram.length; b++) histogram[b] /= count;
  return histogram;
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

/**
 * Bhattacharyya coefficient of two normalised histograms: 1 for the same colours, 0 for none shared.
 *
 * @example histogramSimilarity(a, a) // 1
 */
export function histogramSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.sqrt(a[i] * b[i]);
  return sum;
}

/** Running mean of histograms (in place on `into`), weighting the new one by `weight`. */
export function blendHistogram(into: Float32Array, sample: Float32Array, weight: number): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i] * (1 - weight) + sample[i] * weight;
}
