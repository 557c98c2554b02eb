import { describe, expect, it } from 'vitest';
import { applyHomography, CalibrationError, fitHomography, type CalibrationPoint } from '../../src/analysis/homography';
import { cornerCalibration, pitchToImage } from './support/camera';
import { noise } from './support/trajectories';

const grid: Array<[number, number]> = [];
for (let X = 0; X <= 105; X += 15) for (let Y = 0; Y <= 68; Y += 17) grid.push([X, Y]);

function expectCalibrationError(points: CalibrationPoint[], code: string, message: RegExp): void {
  try {
    fitHomography(points);
  } catch (error) {
    expect(error).toBeInstanceOf(CalibrationError);
    expect((error as CalibrationError).code).toBe(code);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected CalibrationError ${code}`);
}

describe('fitHomography', () => {
  it('recovers a known perspective exactly from 4 points', () => {
    const h = fitHomography(cornerCalibration);
    expect(h.point_count).toBe(4);
    expect(h.reprojection_error.max_m).toBeLessThan(1e-8);
    expect(h.reprojection_error.max_px).toBeLessThan(1e-7);
    for (const pitch of grid) {
      const mapped = applyHomography(h.matrix, pitchToImage(pitch))!;
      expect(mapped[0]).toBeCloseTo(pitch[0], 6);
      expect(mapped[1]).toBeCloseTo(pitch[1], 6);
    }
  });

  it('fits many noisy points in the least-squares sense and reports the residual', () => {
    const jitter = noise(3);
    const pitchPoints: Array<[number, number]> = [[0, 0], [105, 0], [105, 68], [0, 68], [52.5, 0], [52.5, 68], [52.5, 34], [16.5, 13.84], [16.5, 54.16], [88.5, 13.84], [88.5, 54.16], [11, 34]];
    const points = pitchPoints.map((pitch) => {
      const [u, v] = pitchToImage(pitch);
      return { image: [u + 1.5 * jitter(), v + 1.5 * jitter()] as [number, number], pitch };
    });
    const h = fitHomography(points);
    expect(h.point_count).toBe(12);
    // ±1.5 px of noise: the residual shows it, but stays around that size.
    expect(h.reprojection_error.rms_px).toBeGreaterThan(0.1);
    expect(h.reprojection_error.rms_px).toBeLessThan(1.5);
    expect(h.reprojection_error.rms_m).toBeLessThan(0.5);
    for (const pitch of grid) {
      const mapped = applyHomography(h.matrix, pitchToImage(pitch))!;
      expect(Math.hypot(mapped[0] - pitch[0], mapped[1] - pitch[1])).toBeLessThan(0.6);
    }
  });

  it('returns null beyond the horizon', () => {
    const h = fitHomography(cornerCalibration);
    // The horizon of G is where 0.004·Y + 1 = 0, i.e. image v → -5/0.004 = -1250 px; far above it nothing maps.
    expect(applyHomography(h.matrix, [640, -5000])).toBeNull();
    expect(applyHomography(h.matrix, [640, 400])).not.toBeNull();
  });

  it('refuses fewer than 4 pairs, bad numbers and repeated points', () => {
    expectCalibrationError(cornerCalibration.slice(0, 3), 'TOO_FEW_POINTS', /at least 4 .* got 3/);
    expectCalibrationError([...cornerCalibration.slice(0, 3), { image: [Number.NaN, 3], pitch: [1, 1] }], 'INVALID_POINT', /point 4: image must be two finite numbers/);
    expectCalibrationError([...cornerCalibration, { image: [5, 5], pitch: [105, 68] }], 'DUPLICATE_POINT', /points 3 and 5 have the same pitch position/);
  });

  it('refuses collinear points and names them', () => {
    const onALine: CalibrationPoint[] = [
      { image: [100, 600], pitch: [0, 0] },
      { image: [400, 600], pitch: [30, 0] },
      { image: [700, 600.5], pitch: [60, 0] },
      { image: [500, 300], pitch: [45, 60] },
    ];
    expectCalibrationError(onALine, 'COLLINEAR', /points 1, 2 and 3 are \(nearly\) on one line/);
    const allOnALine = [0, 10, 20, 30, 40, 50].map((X) => ({ image: pitchToImage([X, 0]), pitch: [X, 0] as [number, number] }));
    expectCalibrationError(allOnALine, 'COLLINEAR', /no 4 of the 6 points are in general position/);
  });

  it('accepts more points when some are collinear but 4 are not', () => {
    const points = [0, 35, 70, 105].map((X) => ({ image: pitchToImage([X, 0]), pitch: [X, 0] as [number, number] }));
    points.push({ image: pitchToImage([105, 68]), pitch: [105, 68] }, { image: pitchToImage([0, 68]), pitch: [0, 68] });
    expect(fitHomography(points).reprojection_error.max_m).toBeLessThan(1e-6);
  });

  it('refuses points listed in different orders (the mapping would fold)', () => {
    const swapped = cornerCalibration.map((p) => ({ ...p }));
    [swapped[1]!.pitch, swapped[2]!.pitch] = [swapped[2]!.pitch, swapped[1]!.pitch];
    expectCalibrationError(swapped, 'FOLDED', /folds the plane: points? \d.* same order/);
  });
});
