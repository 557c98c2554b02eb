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
 * (`push`, frame by frame, as they are decoded) records everyone's tracklets; pass 2 (`finish`)
 * chooses the player's, forwards and backwards from every seed (see linkTarget). `finish`
 * returns one point per frame pushed, in order.
 *
 * @example const engine = new OfflineFollow({ frameRate: 25 }); for await (const f of frames) engine.push(f); const points = engine.finish(seeds);
 */
export class OfflineFollow {
  private readonly recorder: TrackletRecorder;
  private readonly timeline: TimelineFrame[] = [];

  constructor(private readonly options: FollowOfflineOptions) {
    this.recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...options.tracker, frameRate: options.frameRate });
  }

  push(frame: FollowFrame): void {
    this.recorder.push(frame);
    this.timeline.push({ index: frame.index, timeSec: frame.timeSec });
  }

  finish(seeds: readonly FollowSeed[]): TrajectoryPoint[] {
    return linkTarget(this.recorder.finish(), this.timeline, seeds, this.options.link ?? DEFAULT_LINK_SETTINGS);
  }
}

/**
 * The engine over frames in memory.
 *
 * @example const points = followOffline(frames, [{ timeSec: 4.2, bbox }], { frameRate: 30 })
 */
export function followOffline(frames: Iterable<FollowFrame>, seeds: readonly FollowSeed[], options: FollowOfflineOptions): TrajectoryPoint[] {
  const engine = new OfflineFollow(options);
  for (const frame of frames) engine.push(frame);
  return engine.finish(seeds);
}
