import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { AppearanceMetric } from './appearance-model';
import { withOverrides } from '../with-overrides';

/**
 * Tunables of {@link PlayerFollower}. Distances are in target box sizes — sideways in box widths,
 * vertically in box heights — so they hold for a player 40 px or 400 px tall; durations are in
 * seconds so they hold at any analysis rate.
 */
export interface FollowerConfig {
  /** ByteTrack settings (the frame rate comes from the follower). */
  tracker: Partial<Omit<ByteTrackerConfig, 'frameRate'>>;
  /** A seed box starts from the detection it overlaps most when that IoU is at least this. */
  seedMatchIou: number;
  /** Motion gate radius (centre distance, box sizes) around the prediction right after a committed observation. */
  gateBase: number;
  /** How fast the gate widens with the time since the last committed observation (box sizes per second). */
  gateGrowthPerSec: number;
  /** Largest radius the gate may grow to (box sizes). */
  gateMax: number;
  /** Largest height change accepted inside the gate, as |ln(h / predicted h)|, right after a committed observation… */
  sizeGateBase: number;
  /** …growing this much per second without one. */
  sizeGateGrowthPerSec: number;
  /** Another person's box overlapping the target's at least this much (IoU) makes the frame `uncertain` (a possible swap). */
  contactIou: number;
  /** Re-acquisition by motion alone needs the best candidate's motion score (1 at the prediction, 0 at the gate's edge) this much above the runner-up's. */
  motionMargin: number;
  /** A motion-only re-acquisition is sure only with a motion score at least this (nearer the prediction than the gate's edge). */
  sureMotionScore: number;
  /**
   * Longest absence after which a motion-only re-acquisition is still trusted (beyond it the
   * identity is in doubt); also how long a contact may wait for evidence of who is who.
   */
  maxSureReacquireGapSec: number;
  /** How appearance vectors are compared: `cosine` (embeddings), `bhattacharyya` (L1-normalised histograms). */
  appearanceMetric: AppearanceMetric;
  /** Similarity to the target model needed to accept a candidate by appearance. */
  appearanceAccept: number;
  /** Below this similarity a candidate is rejected, and a continued track is taken for an ID switch. */
  appearanceReject: number;
  /** The best candidate's similarity must exceed the runner-up's by this much to be taken on appearance. */
  appearanceMargin: number;
  /** Weight of a new sure observation in the running appearance model (slow, so a bad frame cannot take over). */
  appearanceLearningRate: number;
  /** After this long without the target, candidates anywhere in the frame are considered on appearance alone. */
  searchAnywhereAfterSec: number;
  /**
   * Whether appearance vectors tell one person from another (a re-identification embedding) or
   * only a kind of person (colour histograms: a team's kit). When false, appearance still helps
   * choose, but never makes a re-acquisition after a gap sure nor clears a doubt: only motion
   * and seeds do.
   */
  appearanceIdentifies: boolean;
  /** Gaps up to this long between two sure, motion-consistent observations are interpolated by `finish()`. */
  maxInterpolationGapSec: number;
  /** Fastest plausible player, in box heights per second: a gap needing more is not interpolated (a sprinter covers about 4). */
  maxSpeed: number;
  /** Estimate the camera's motion from the other tracks and move the target's prediction with it. */
  compensateCameraMotion: boolean;
}

/** Defaults tuned on the MOT17 public detections (see `npm run eval:follow`). @example new PlayerFollower({ ...frame, seeds, ...DEFAULT_FOLLOWER_CONFIG }) */
export const DEFAULT_FOLLOWER_CONFIG: Readonly<FollowerConfig> = Object.freeze({
  tracker: {},
  seedMatchIou: 0.5,
  gateBase: 0.7,
  gateGrowthPerSec: 0.25,
  gateMax: 1,
  sizeGateBase: Math.log(1.4),
  sizeGateGrowthPerSec: 0.2,
  contactIou: 0.3,
  motionMargin: 0.25,
  sureMotionScore: 0.5,
  maxSureReacquireGapSec: 1,
  appearanceMetric: 'cosine',
  appearanceAccept: 0.8,
  appearanceReject: 0.5,
  appearanceMargin: 0.1,
  appearanceLearningRate: 0.05,
  searchAnywhereAfterSec: 2,
  appearanceIdentifies: true,
  maxInterpolationGapSec: 0.5,
  maxSpeed: 5,
  compensateCameraMotion: true,
});

/**
 * Fills defaults and rejects impossible settings with a message naming the field.
 *
 * @example resolveFollowerConfig({ maxInterpolationGapSec: 1 })
 */
export function resolveFollowerConfig(overrides: Partial<FollowerConfig> = {}): FollowerConfig {
  const config = withOverrides<FollowerConfig>({ ...DEFAULT_FOLLOWER_CONFIG, tracker: { ...DEFAULT_FOLLOWER_CONFIG.tracker } }, overrides);
  const nonNegative: Array<keyof FollowerConfig> = [
    'seedMatchIou',
    'gateBase',
    'gateGrowthPerSec',
    'gateMax',
    'sizeGateBase',
    'sizeGateGrowthPerSec',
    'contactIou',
    'motionMargin',
    'sureMotionScore',
    'maxSureReacquireGapSec',
    'appearanceMargin',
    'appearanceLearningRate',
    'searchAnywhereAfterSec',
    'maxInterpolationGapSec',
    'maxSpeed',
  ];
  for (const key of nonNegative) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`follower config ${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  for (const key of ['appearanceAccept', 'appearanceReject'] as const) {
    if (!Number.isFinite(config[key])) throw new RangeError(`follower config ${key} must be a finite number, got ${String(config[key])}`);
  }
  if (config.gateMax < config.gateBase) throw new RangeError(`follower config gateMax (${config.gateMax}) must be ≥ gateBase (${config.gateBase})`);
  if (config.appearanceReject > config.appearanceAccept) {
    throw new RangeError(`follower config appearanceReject (${config.appearanceReject}) must not exceed appearanceAccept (${config.appearanceAccept})`);
  }
  if (config.appearanceLearningRate > 1) throw new RangeError(`follower config appearanceLearningRate must be ≤ 1, got ${config.appearanceLearningRate}`);
  if (config.appearanceMetric !== 'cosine' && config.appearanceMetric !== 'bhattacharyya') {
    throw new RangeError(`follower config appearanceMetric must be "cosine" or "bhattacharyya", got ${String(config.appearanceMetric)}`);
  }
  if (typeof config.compensateCameraMotion !== 'boolean') throw new RangeError('follower config compensateCameraMotion must be a boolean');
  if (typeof config.appearanceIdentifies !== 'boolean') throw new RangeError('follower config appearanceIdentifies must be a boolean');
  return config;
}
