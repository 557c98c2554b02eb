import type { TrajectoryPoint } from '../../analysis/trajectory';
import type { AppearanceDescriber } from '../appearance/appearance-describer';
import { scaledBox } from '../tracking/box';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { FollowFrame, FollowSeed } from './follow-types';
import { DEFAULT_LINK_SETTINGS, type LinkSettings, linkTarget, type TimelineFrame } from './link-target';
import { type FramePicture, TrackletRecorder } from './tracklets';

/**
 * The tracker of pass 1 keeps a lost track for 2 s (ByteTrack's 1 s suits online tracking;
 * offline, what it joins across a gap is checked again by pass 2), and follows the camera.
 */
export const OFFLINE_TRACKER: Partial<ByteTrackerConfig> = { trackBuffer: 60, compensateCamera: true };

export interface FollowOfflineOptions {
  /** The video's frame rate (the tracker's clock). */
  frameRate: number;
  /** Frames analysed per second (the video's rate when omitted). */
  analysisFps?: number;
  /** The user's boxes of the player. */
  seeds: readonly FollowSeed[];
  /** What identifies people, from the frames' pictures; none: motion alone. */
  describer?: AppearanceDescriber;
  tracker?: Partial<ByteTrackerConfig>;
  link?: LinkSettings;
}

/**
 * The follow engine over frames known in advance (a finished video, a detection file): pass 1
 * (`push`, frame by frame, as they are decoded) records everyone's tracklets and their looks, and
 * the looks of the user's boxes on the frames nearest them; pass 2 (`finish`) chooses the
 * player's, forwards and backwards from every seed (see linkTarget). `finish` returns one point
 * per frame pushed, in order.
 *
 * @example const engine = new OfflineFollow({ frameRate: 25, seeds, describer: BODY_COLOURS }); for await (const f of frames) await engine.push(f, picture); const points = engine.finish();
 */
export class OfflineFollow {
  private readonly recorder: TrackletRecorder;
  private readonly timeline: TimelineFrame[] = [];
  private readonly seeds: Array<FollowSeed & { offBySec: number }>;

  constructor(private readonly options: FollowOfflineOptions) {
    this.recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...options.tracker, frameRate: options.frameRate }, options.describer, options.analysisFps);
    this.seeds = options.seeds.map((s) => ({ ...s, offBySec: Infinity }));
  }

  async push(frame: FollowFrame, picture?: FramePicture): Promise<void> {
    await this.recorder.push(frame, picture);
    this.timeline.push({ index: frame.index, timeSec: frame.timeSec });
    if (picture && this.options.describer) await this.describeSeeds(frame, picture, this.options.describer);
  }

  finish(): TrajectoryPoint[] {
    const seeds = this.seeds.map(({ offBySec: _, ...seed }) => seed);
    return linkTarget(this.recorder.finish(), this.timeline, seeds, this.options.link ?? DEFAULT_LINK_SETTINGS, this.options.describer);
  }

  /** The user's boxes described on the frame nearest each (a later frame nearer replaces an earlier). */
  private async describeSeeds(frame: FollowFrame, picture: FramePicture, describer: AppearanceDescriber): Promise<void> {
    const nearer = this.seeds.filter((s) => Math.abs(s.timeSec - frame.timeSec) < s.offBySec);
    if (nearer.length === 0) return;
    const looks = await describer.describe(picture.image, nearer.map((s) => scaledBox(s.bbox, picture.toImage)));
    nearer.forEach((seed, k) => {
      seed.offBySec = Math.abs(seed.timeSec - frame.timeSec);
      if (looks[k]) seed.appearance = looks[k];
    });
  }
}

/**
 * The engine over frames in memory, without pictures (motion alone).
 *
 * @example const points = await followOffline(frames, { frameRate: 30, seeds: [{ timeSec: 4.2, bbox }] })
 */
export async function followOffline(frames: Iterable<FollowFrame>, options: FollowOfflineOptions): Promise<TrajectoryPoint[]> {
  const engine = new OfflineFollow(options);
  for (const frame of frames) await engine.push(frame);
  return engine.finish();
}
