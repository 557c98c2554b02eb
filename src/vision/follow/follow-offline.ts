import type { TrajectoryPoint } from '../../analysis/trajectory';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { FollowFrame, FollowSeed } from './follow-types';
import { DEFAULT_LINK_SETTINGS, type LinkSettings, linkTarget, type TimelineFrame } from './link-target';
import { TrackletRecorder } from './tracklets';

/**
 * The tracker of pass 1 keeps a lost track for 2 s (ByteTrack's 1 s suits online tracking;
 * offline, what it joins across a gap is checked again by pass 2).
 */
export const OFFLINE_TRACKER: Partial<ByteTrackerConfig> = { trackBuffer: 60 };

export interface FollowOfflineOptions {
  frameRate: number;
  tracker?: Partial<ByteTrackerConfig>;
  link?: LinkSettings;
}

/**
 * The follow engine over frames known in advance (a finished video, a detection file): pass 1
 * records everyone's tracklets, pass 2 chooses the player's, forwards and backwards from every
 * seed (see linkTarget). Returns one point per frame given, in order.
 *
 * @example const points = followOffline(frames, [{ timeSec: 4.2, bbox }], { frameRate: 30 })
 */
export function followOffline(frames: Iterable<FollowFrame>, seeds: readonly FollowSeed[], options: FollowOfflineOptions): TrajectoryPoint[] {
  const recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...options.tracker, frameRate: options.frameRate });
  const timeline: TimelineFrame[] = [];
  for (const frame of frames) {
    recorder.push(frame);
    timeline.push({ index: frame.index, timeSec: frame.timeSec });
  }
  return linkTarget(recorder.finish(), timeline, seeds, options.link ?? DEFAULT_LINK_SETTINGS);
}
