import type { PersonDetector } from './person-detector';
import type { DetectOptions } from './types';

/**
 * The width to decode video frames at for this detector: without tiling it sees a letterboxed
 * input of a few hundred pixels, so frames at twice that width lose nothing it uses (and keep
 * enough for torso colours) while sparing the scaling, the pipe and the copies of full frames.
 * With tiling, full resolution. `toSource` turns boxes found at that width back into source pixels.
 *
 * @example decodeWidthFor(detector, {}, 1920) // { width: 832, toSource: 2.307… }
 */
export function decodeWidthFor(
  detector: Pick<PersonDetector, 'inputSize'>,
  detectOptions: DetectOptions,
  videoWidth: number,
): { width: number | undefined; toSource: number } {
  const wanted = 2 * detector.inputSize.width;
  if (detectOptions.tiling || videoWidth <= wanted) return { width: undefined, toSource: 1 };
  const width = Math.round(wanted / 2) * 2;
  return { width, toSource: videoWidth / width };
}
