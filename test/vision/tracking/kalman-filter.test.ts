import { describe, expect, it } from 'vitest';
import { boxToMeasurement, correctKalman, initiateKalman, measurementToBox, predictKalman } from '../../../src/vision/tracking/kalman-filter';

const at = (cov: Float64Array, i: number, j: number) => cov[i * 8 + j];

describe('Kalman filter (ByteTrack noise model)', () => {
  it('converts boxes to (cx, cy, w/h, h) and back', () => {
    const m = boxToMeasurement({ x: 10, y: 20, w: 50, h: 100 });
    expect(Array.from(m)).toEqual([35, 70, 0.5, 100]);
    expect(measurementToBox(m)).toEqual({ x: 10, y: 20, w: 50, h: 100 });
  });

  it('starts with height-proportional uncertainty and zero velocity', () => {
    const { mean, covariance } = initiateKalman([35, 70, 0.5, 100]);
    expect(Array.from(mean)).toEqual([35, 70, 0.5, 100, 0, 0, 0, 0]);
    expect(at(covariance, 0, 0)).toBeCloseTo(100, 10); // (2 · h/20)²
    expect(at(covariance, 2, 2)).toBeCloseTo(1e-4, 15);
    expect(at(covariance, 4, 4)).toBeCloseTo(39.0625, 10); // (10 · h/160)²
    expect(at(covariance, 0, 4)).toBe(0);
  });

  it('predicts one frame exactly as F P Fᵀ + Q, values worked out by hand', () => {
    const state = initiateKalman([35, 70, 0.5, 100]);
    state.mean[4] = 3; // vx = 3 px/frame
    predictKalman(state, 1);
    expect(state.mean[0]).toBe(38);
    // P00 = 100 + 39.0625 (velocity variance carried over) + (h/20)² = 164.0625
    expect(at(state.covariance, 0, 0)).toBeCloseTo(164.0625, 10);
    expect(at(state.covariance, 0, 4)).toBeCloseTo(39.0625, 10);
    expect(at(state.covariance, 4, 0)).toBeCloseTo(39.0625, 10);
    // P44 = 39.0625 + (h/160)² = 39.453125
    expect(at(state.covariance, 4, 4)).toBeCloseTo(39.453125, 10);
  });

  it('scales the prediction with elapsed frames', () => {
    const one = initiateKalman([35, 70, 0.5, 100]);
    const three = initiateKalman([35, 70, 0.5, 100]);
    one.mean[4] = three.mean[4] = 3;
    predictKalman(three, 3);
    expect(three.mean[0]).toBe(44);
    // P00 = 100 + 9 · 39.0625 + 3 · 25
    expect(at(three.covariance, 0, 0)).toBeCloseTo(100 + 9 * 39.0625 + 75, 9);
    predictKalman(one, 1);
    expect(at(three.covariance, 0, 0)).toBeGreaterThan(at(one.covariance, 0, 0));
  });

  it('corrects toward the measurement by the Kalman gain', () => {
    const state = initiateKalman([35, 70, 0.5, 100]);
    predictKalman(state, 1);
    correctKalman(state, [45, 70, 0.5, 100]);
    // Gain for cx: P00 / (P00 + R) = 164.0625 / (164.0625 + 25).
    expect(state.mean[0]).toBeCloseTo(35 + (164.0625 / 189.0625) * 10, 9);
    // Velocity picks up part of the jump: P40 / (P00 + R) · 10.
    expect(state.mean[4]).toBeCloseTo((39.0625 / 189.0625) * 10, 9);
    expect(at(state.covariance, 0, 0)).toBeCloseTo(164.0625 - (164.0625 * 164.0625) / 189.0625, 9);
    expect(state.mean[1]).toBeCloseTo(70, 12);
  });

  it('learns a constant velocity', () => {
    const state = initiateKalman([100, 200, 0.5, 100]);
    for (let f = 1; f <= 40; f++) {
      predictKalman(state, 1);
      correctKalman(state, [100 + 4 * f, 200 - 2 * f, 0.5, 100]);
    }
    expect(state.mean[4]).toBeCloseTo(4, 1);
    expect(state.mean[5]).toBeCloseTo(-2, 1);
    predictKalman(state, 10);
    expect(state.mean[0]).toBeCloseTo(100 + 4 * 50, 0);
  });
});
