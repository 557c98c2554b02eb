import type { Box } from './box';

/**
 * Constant-velocity Kalman filter over (cx, cy, aspect = w/h, h) and their velocities, with the
 * noise model of SORT/DeepSORT/ByteTrack: standard deviations proportional to the box height
 * (position 1/20, velocity 1/160), fixed small ones for the aspect ratio.
 *
 * Time is measured in frames at the tracker's nominal frame rate, so `dtFrames = 1` reproduces
 * ByteTrack exactly and `dtFrames = 3` (every third frame processed) moves the box three frames
 * ahead.
 *
 * State arrays are mutated in place: this runs for every track on every frame.
 */
export interface KalmanState {
  /** [cx, cy, a, h, vcx, vcy, va, vh]. */
  mean: Float64Array;
  /** 8×8 covariance, row-major. */
  covariance: Float64Array;
}

const STD_POSITION = 1 / 20;
const STD_VELOCITY = 1 / 160;
const N = 8;

/**
 * Converts a box to the filter's measurement vector (cx, cy, w/h, h).
 *
 * @example boxToMeasurement({ x: 0, y: 0, w: 50, h: 100 }) // Float64Array [25, 50, 0.5, 100]
 */
export function boxToMeasurement(box: Box): Float64Array {
  const m = new Float64Array(4);
  m[0] = box.x + box.w / 2;
  m[1] = box.y + box.h / 2;
  m[2] = box.w / box.h;
  m[3] = box.h;
  return m;
}

/**
 * Reads the box (top-left + size) out of a state mean or a measurement vector.
 *
 * @example measurementToBox(state.mean) // { x, y, w, h }
 */
export function measurementToBox(xyah: ArrayLike<number>): Box {
  const h = xyah[3];
  const w = xyah[2] * h;
  return { x: xyah[0] - w / 2, y: xyah[1] - h / 2, w, h };
}

/**
 * Starts a track at a first measurement with zero velocity and ByteTrack's initial uncertainty.
 *
 * @example const state = initiateKalman(boxToMeasurement(detection))
 */
export function initiateKalman(measurement: ArrayLike<number>): KalmanState {
  const mean = new Float64Array(N);
  for (let i = 0; i < 4; i++) mean[i] = measurement[i];
  const h = measurement[3];
  const std = [
    2 * STD_POSITION * h,
    2 * STD_POSITION * h,
    1e-2,
    2 * STD_POSITION * h,
    10 * STD_VELOCITY * h,
    10 * STD_VELOCITY * h,
    1e-5,
    10 * STD_VELOCITY * h,
  ];
  const covariance = new Float64Array(N * N);
  for (let i = 0; i < N; i++) covariance[i * N + i] = std[i] * std[i];
  return { mean, covariance };
}

/**
 * Moves the state `dtFrames` frames ahead: x ← x + dt·v, P ← F P Fᵀ + dt·Q.
 * Q is ByteTrack's per-frame process noise (from the height before the step); scaling it by dt
 * treats the noise as a random walk, so dt = 1 is exactly ByteTrack's predict.
 *
 * @example predictKalman(track.kalman, 1) // one frame at the nominal rate
 */
export function predictKalman(state: KalmanState, dtFrames: number): void {
  const { mean: m, covariance: p } = state;
  const dt = dtFrames;
  const h = m[3];
  const sp = STD_POSITION * h;
  const sv = STD_VELOCITY * h;
  const q0 = sp * sp;
  const q1 = sv * sv;

  for (let i = 0; i < 4; i++) m[i] += dt * m[i + 4];

  // F = [[I, dt·I], [0, I]]: rows i<4 gain dt × row i+4, then columns j<4 gain dt × column j+4.
  for (let i = 0; i < 4; i++) {
    const r = i * N;
    const rv = (i + 4) * N;
    for (let j = 0; j < N; j++) p[r + j] += dt * p[rv + j];
  }
  for (let i = 0; i < N; i++) {
    const r = i * N;
    for (let j = 0; j < 4; j++) p[r + j] += dt * p[r + j + 4];
  }

  p[0] += dt * q0;
  p[1 * N + 1] += dt * q0;
  p[2 * N + 2] += dt * 1e-4;
  p[3 * N + 3] += dt * q0;
  p[4 * N + 4] += dt * q1;
  p[5 * N + 5] += dt * q1;
  p[6 * N + 6] += dt * 1e-10;
  p[7 * N + 7] += dt * q1;
}

/**
 * Corrects the state with a measurement (cx, cy, a, h); measurement noise follows ByteTrack's
 * `project` (height-proportional position noise, 0.1 for the aspect ratio).
 *
 * @example correctKalman(track.kalman, boxToMeasurement(detection))
 */
export function correctKalman(state: KalmanState, measurement: ArrayLike<number>): void {
  const { mean: m, covariance: p } = state;
  const sp = STD_POSITION * m[3];
  const positionNoise = sp * sp;
  const { s, l, gain, rhs, correction } = scratch;

  // S = H P Hᵀ + R (upper-left 4×4 block), factorised S = L Lᵀ.
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) s[i * 4 + j] = p[i * N + j];
    s[i * 4 + i] += i === 2 ? 1e-2 : positionNoise;
  }
  cholesky4(s, l);

  // K = P Hᵀ S⁻¹, i.e. each row k of K solves S kᵀ = (row of P Hᵀ)ᵀ (S is symmetric).
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < 4; j++) rhs[j] = p[i * N + j];
    solveCholesky4(l, rhs);
    for (let j = 0; j < 4; j++) gain[i * 4 + j] = rhs[j];
  }

  // P ← P − K S Kᵀ = P − K (P Hᵀ)ᵀ; compute the correction from the old P before writing.
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let k = 0; k < 4; k++) acc += gain[i * 4 + k] * p[j * N + k];
      correction[i * N + j] = acc;
    }
  }
  const d0 = measurement[0] - m[0];
  const d1 = measurement[1] - m[1];
  const d2 = measurement[2] - m[2];
  const d3 = measurement[3] - m[3];
  for (let i = 0; i < N; i++) {
    const g = i * 4;
    m[i] += gain[g] * d0 + gain[g + 1] * d1 + gain[g + 2] * d2 + gain[g + 3] * d3;
  }
  for (let i = 0; i < N * N; i++) p[i] -= correction[i];
}

// Work buffers for correctKalman: it runs for every matched track on every frame, and nothing
// here outlives a call (no state is carried between calls).
const scratch = {
  s: new Float64Array(16),
  l: new Float64Array(16),
  gain: new Float64Array(N * 4),
  rhs: new Float64Array(4),
  correction: new Float64Array(N * N),
};

/** Writes into `l` the lower-triangular Cholesky factor of a symmetric positive-definite 4×4 matrix. */
function cholesky4(a: Float64Array, l: Float64Array): void {
  l.fill(0);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * 4 + j];
      for (let k = 0; k < j; k++) sum -= l[i * 4 + k] * l[j * 4 + k];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('Kalman innovation covariance is not positive definite');
        l[i * 4 + i] = Math.sqrt(sum);
      } else {
        l[i * 4 + j] = sum / l[j * 4 + j];
      }
    }
  }
}

/** Solves (L Lᵀ) x = b in place. */
function solveCholesky4(l: Float64Array, b: Float64Array): void {
  for (let i = 0; i < 4; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * 4 + k] * b[k];
    b[i] = sum / l[i * 4 + i];
  }
  for (let i = 3; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < 4; k++) sum -= l[k * 4 + i] * b[k];
    b[i] = sum / l[i * 4 + i];
  }
}
