import type { CalibrationPoint } from '../../../src/analysis/homography';

/**
 * A known pitch → image perspective (a camera on the near touchline looking across a 105 × 68
 * pitch: the far side is smaller and higher up). Image = G · [X, Y, 1].
 */
export const G = [10, 2, 100, 0, -5, 600, 0, 0.004, 1];

/** Where pitch point (X, Y) metres appears in the image (pixels). */
export function pitchToImage([X, Y]: readonly [number, number]): [number, number] {
  const w = G[6]! * X + G[7]! * Y + G[8]!;
  return [(G[0]! * X + G[1]! * Y + G[2]!) / w, (G[3]! * X + G[4]! * Y + G[5]!) / w];
}

/** The four pitch corners as a calibration, exact. */
export const cornerCalibration: CalibrationPoint[] = (
  [
    [0, 0],
    [105, 0],
    [105, 68],
    [0, 68],
  ] as const
).map((pitch) => ({ image: pitchToImage(pitch), pitch }));
