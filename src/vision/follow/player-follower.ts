import type { Box, TrajectoryPoint, TrajectoryState } from '../../analysis/trajectory';
import { iou } from '../tracking/box';
import { ByteTracker, type TrackSnapshot } from '../tracking/byte-tracker';
import { AppearanceModel } from './appearance-model';
import { CameraMotion } from './camera-motion';
import { Companions, type TrackedBox } from './companions';
import { describeCandidates, rankBest, type FollowCandidate, type MotionGate } from './follow-candidates';
import type { FollowDetection, FollowFrame, FollowSeed } from './follow-types';
import { resolveFollowerConfig, type FollowerConfig } from './follower-config';
import { interpolateShortGaps } from './interpolate-gaps';
import { SeedSchedule } from './seed-schedule';
import { TargetMotion } from './target-motion';

/** What the follower needs to know about the video, the user's seeds, and optional tunables. */
export interface PlayerFollowerOptions extends Partial<FollowerConfig> {
  /** Nominal frame rate of the video (not the analysis rate): it sets the tracker's time unit. */
  frameRate: number;
  /** Frame size in pixels (0 when unknown): a target that leaves the picture is looked for at its edge. */
  frameWidth: number;
  frameHeight: number;
  seeds: readonly FollowSeed[];
}

/** What the tracker made of the current frame. */
interface FrameContext {
  frame: FollowFrame;
  tracks: TrackSnapshot[];
  lost: TrackSnapshot[];
  /** Detection index → confirmed track id that took it. */
  trackOf: Map<number, number>;
}

/** The target overlapping other people: where it was heading before, and who it met. */
interface ContactEpisode {
  beforeContact: TargetMotion;
  partners: Set<number>;
}

/** The follower's answer for one frame before it becomes a trajectory point. */
interface Decision {
  bbox: Box | null;
  state: TrajectoryState;
  confidence: number;
}

const MISSING: Decision = { bbox: null, state: 'missing', confidence: 0 };
/** A later seed agrees with what was followed when they overlap at least this much. */
const SEED_AGREEMENT_IOU = 0.5;
/** Confidence factors: a re-acquired box is trusted less than a continued one, an uncertain one much less. */
const REACQUIRED_FACTOR = 0.85;
const UNCERTAIN_FACTOR = 0.4;
/** Weight of motion next to appearance when ranking candidates that have appearance vectors. */
const MOTION_WEIGHT_WITH_APPEARANCE = 0.25;

/**
 * Follows one selected player through a video from per-frame person detections.
 *
 * - ByteTrack runs on every frame; the target starts as the detection best matching the user's
 *   earliest seed (or the seed box itself when none matches). Frames before that seed are
 *   `missing`: following backwards would need the whole video in memory. A later seed confirms
 *   the identity, or contradicts it: then it re-anchors the target and every sure box since the
 *   first risky moment (contact, re-acquisition, track jump) becomes `uncertain`.
 * - The follower keeps its own motion model of the target (a Kalman filter corrected only with
 *   the boxes it commits to), so a tracker ID switch shows as the target's track leaving the
 *   motion gate, or its appearance dropping below `appearanceReject`: the track is then let go.
 * - Lost, it searches the gate around where the target should be if it kept going (its radius
 *   growing with the time since the last commitment, moved with the camera's pan) and re-acquires
 *   only a clear winner. Appearance may also take a candidate where the target was last seen (it
 *   stopped or turned back) and, after `searchAnywhereAfterSec`, anywhere. Tracks seen at the same
 *   time as the sure target, apart from it, are other people and never candidates; at a seed, all
 *   other tracks are.
 * - Overlapping someone (a detection, or a person the tracker lost behind the target) is a
 *   contact: `uncertain`. When it ends, whoever fits where the target was heading before the
 *   contact (appearance first) is the target — a tracker swap is undone; while nobody fits
 *   clearly the contact stays open, and after `maxSureReacquireGapSec` the identity is in doubt.
 * - In doubt (an ambiguous contact, a re-acquisition far from the prediction or after a long
 *   absence without appearance), every box is `uncertain` until appearance or a seed confirms.
 * - `finish()` interpolates short gaps between sure observations.
 *
 * Deterministic; memory is the tracker's plus the output trajectory.
 *
 * @example
 * const follower = new PlayerFollower({ frameRate: 30, frameWidth: 1920, frameHeight: 1080, seeds: [{ timeSec: 0, bbox }] });
 * for (const frame of frames) follower.push(frame);
 * const trajectory = follower.finish();
 */
export class PlayerFollower {
  readonly config: FollowerConfig;
  private readonly frameRate: number;
  private readonly frameWidth: number;
  private readonly frameHeight: number;
  private readonly tracker: ByteTracker;
  private readonly lowScore: number;
  private readonly camera = new CameraMotion();
  private readonly seeds: SeedSchedule;
  private readonly appearance: AppearanceModel;
  private motion: TargetMotion | null = null;
  /** The tracker's id for the target, when a confirmed track holds it. */
  private trackId: number | null = null;
  private readonly companions: Companions;
  private contact: ContactEpisode | null = null;
  /** The identity may have been lost: sure boxes are reported `uncertain` until confirmed. */
  private doubt = false;
  /** The previous frame was committed to a box (a box after a gap is a re-acquisition). */
  private committedBefore = false;
  /** First point since the last seed at which the identity was at risk: where a contradicting seed's doubt starts. */
  private firstRiskIndex: number | null = null;
  private lastSeedIndex = -1;
  private lastTime: number | null = null;
  private readonly points: TrajectoryPoint[] = [];
  private finished = false;

  constructor(options: PlayerFollowerOptions) {
    const { frameRate, frameWidth, frameHeight, seeds, ...tunables } = options;
    if (!(frameRate > 0) || !Number.isFinite(frameRate)) throw new RangeError(`frameRate must be > 0, got ${frameRate}`);
    if (!(frameWidth >= 0) || !(frameHeight >= 0)) throw new RangeError(`frameWidth and frameHeight must be ≥ 0 (0 = unknown), got ${frameWidth}×${frameHeight}`);
    this.config = resolveFollowerConfig(tunables);
    this.frameRate = frameRate;
    this.frameWidth = frameWidth;
    this.frameHeight = frameHeight;
    this.tracker = new ByteTracker({ ...this.config.tracker, frameRate });
    this.lowScore = this.tracker.config.lowThresh;
    this.seeds = new SeedSchedule(seeds, frameRate);
    this.appearance = new AppearanceModel(this.config.appearanceMetric);
    const c = this.config;
    this.companions = new Companions({ moveBase: c.gateBase, movePerSec: c.gateGrowthPerSec, sizeBase: c.sizeGateBase, sizePerSec: c.sizeGateGrowthPerSec });
  }

  /**
   * Feeds the next analysed frame (strictly increasing time) and returns its trajectory point;
   * `finish()` may still revise it (interpolation, a contradicting seed).
   *
   * @example const point = follower.push({ index: 0, timeSec: 0, detections })
   */
  push(frame: FollowFrame): TrajectoryPoint {
    if (this.finished) throw new Error('push() after finish()');
    if (!Number.isFinite(frame.timeSec)) throw new RangeError(`timeSec must be finite, got ${frame.timeSec}`);
    if (this.lastTime !== null && frame.timeSec <= this.lastTime) throw new RangeError(`timeSec must increase: ${frame.timeSec} after ${this.lastTime}`);
    this.lastTime = frame.timeSec;

    const tracks = this.tracker.update(frame.detections, frame.timeSec);
    const trackOf = new Map<number, number>();
    for (const t of tracks) if (t.detectionIndex !== null) trackOf.set(t.detectionIndex, t.id);
    const context: FrameContext = { frame, tracks, lost: this.tracker.lostTracks(), trackOf };
    const shift = this.config.compensateCameraMotion
      ? this.camera.update(
          tracks.map((t) => ({ id: t.id, box: t.bbox })),
          new Set(this.trackId === null ? [] : [this.trackId]),
        )
      : { dx: 0, dy: 0 };

    const seed = this.seeds.take(frame.timeSec);
    let decision: Decision = MISSING;
    if (this.motion !== null) {
      this.motion.advance(frame.timeSec, shift);
      this.contact?.beforeContact.advance(frame.timeSec, shift);
    }
    if (seed !== null) decision = this.applySeed(context, seed);
    else if (this.motion !== null) decision = this.follow(context);
    this.companions.review(trackedBoxes(context), new Set([...tracks, ...context.lost].map((t) => t.id)), frame.timeSec);

    const point: TrajectoryPoint = { index: frame.index, time_sec: frame.timeSec, ...decision };
    this.points.push(point);
    return { ...point, bbox: point.bbox && { ...point.bbox } };
  }

  /**
   * Ends the run: bridges short gaps between sure, motion-consistent observations and returns the
   * whole trajectory, one point per pushed frame.
   *
   * @example const trajectory = follower.finish()
   */
  finish(): TrajectoryPoint[] {
    this.finished = true;
    const c = this.config;
    return interpolateShortGaps(this.points, {
      maxGapSec: c.maxInterpolationGapSec,
      maxSpeed: c.maxSpeed,
      sizeBase: c.sizeGateBase,
      sizePerSec: c.sizeGateGrowthPerSec,
    });
  }

  private applySeed(context: FrameContext, seed: FollowSeed): Decision {
    const { frame, trackOf } = context;
    const match = bestOverlap(frame.detections, seed.bbox, this.config.seedMatchIou);
    const box = match === null ? { ...seed.bbox } : boxOf(frame.detections[match]);
    const matchTrack = match === null ? null : (trackOf.get(match) ?? null);
    if (this.motion === null) {
      this.motion = new TargetMotion(box, frame.timeSec, this.frameRate);
    } else {
      const agrees = (matchTrack !== null && matchTrack === this.trackId) || iou(this.motion.predicted(), box) >= SEED_AGREEMENT_IOU;
      if (!agrees) {
        this.markUncertainSince(this.firstRiskIndex ?? this.lastSeedIndex + 1);
        this.motion.reset(box);
        this.companions.clear();
      } else {
        this.motion.observe(box);
      }
    }
    this.trackId = matchTrack;
    const appearance = seed.appearance ?? (match === null ? undefined : frame.detections[match].appearance);
    if (appearance !== undefined) this.appearance.addSeed(appearance);
    this.doubt = false;
    this.contact = null;
    this.firstRiskIndex = null;
    this.lastSeedIndex = this.points.length;
    this.committedBefore = true;
    // The user vouched for this box: every other tracked person in the frame is someone else, however close.
    this.noteCompanions(context, box, Infinity);
    return { bbox: box, state: 'observed', confidence: 1 };
  }

  private follow(context: FrameContext): Decision {
    const motion = this.motion as TargetMotion;
    const candidates = describeCandidates(context.frame.detections, context.trackOf, this.gateAround(motion), this.appearance, this.lowScore);

    const continued = this.trackId === null ? undefined : candidates.find((x) => x.trackId === this.trackId);
    if (continued !== undefined) {
      if (continued.inGate && !this.rejectedByAppearance(continued)) return this.commit(context, continued, 'continued', candidates);
      // The tracker's track left the target's motion or appearance: an ID switch. Let it go.
      this.trackId = null;
      this.markRisk();
    }
    return this.reacquire(context, candidates, motion.secondsUnseen());
  }

  private reacquire(context: FrameContext, candidates: FollowCandidate[], unseen: number): Decision {
    const c = this.config;
    const anywhere = unseen >= c.searchAnywhereAfterSec;
    const eligible = candidates.filter(
      (x) => !this.isCompanion(x) && !this.rejectedByAppearance(x) && (x.inGate || (x.similarity !== null && x.similarity >= c.appearanceAccept && (anywhere || x.nearLastSeen))),
    );
    // Appearance decides when it is clear; otherwise motion does, when it is clear, among the
    // candidates in the gate that appearance did not reject. A candidate alone in the gate need not
    // look like the model: a seed drawn on a blurred or cross-faded frame gives a poor model.
    const byAppearance = rankBest(
      eligible.filter((x) => x.similarity !== null),
      (x) => (x.similarity ?? 0) + MOTION_WEIGHT_WITH_APPEARANCE * Math.max(0, x.motion),
    );
    const appearanceClear = byAppearance !== null && byAppearance.lead >= c.appearanceMargin && (byAppearance.best.similarity ?? 0) >= c.appearanceAccept;
    const byMotion = rankBest(
      eligible.filter((x) => x.inGate),
      (x) => x.motion,
    );
    const afterGap = !this.committedBefore;
    // After a gap, an appearance that identifies people, seen and not accepting, outweighs motion.
    const motionDecides =
      byMotion !== null && byMotion.lead >= c.motionMargin && !(afterGap && c.appearanceIdentifies && byMotion.best.similarity !== null);
    const chosen = appearanceClear ? byAppearance.best : motionDecides ? byMotion.best : null;
    if (chosen === null) return this.miss();

    if (afterGap) {
      this.markRisk();
      const sureByMotion = unseen <= c.maxSureReacquireGapSec && chosen.motion >= c.sureMotionScore;
      const sure = (appearanceClear && c.appearanceIdentifies) || sureByMotion;
      if (!sure) this.doubt = true;
    }
    return this.commit(context, chosen, afterGap ? 'reacquired' : 'continued', candidates);
  }

  private commit(context: FrameContext, chosen: FollowCandidate, how: 'continued' | 'reacquired', candidates: FollowCandidate[]): Decision {
    const c = this.config;
    const partners = this.contactPartners(context, chosen, candidates);
    if (partners !== null) {
      if (this.contact === null) this.contact = { beforeContact: (this.motion as TargetMotion).clone(), partners: new Set() };
      for (const id of partners) {
        this.contact.partners.add(id);
        this.companions.forget(id);
      }
      this.markRisk();
    } else if (this.contact !== null) {
      chosen = this.resolveContact(context, chosen, candidates);
    }
    const inContact = this.contact !== null;
    this.trackId = chosen.trackId;
    (this.motion as TargetMotion).observe(chosen.box);
    this.committedBefore = true;

    if (this.doubt && !inContact && c.appearanceIdentifies && this.appearanceConfirms(chosen, candidates)) this.doubt = false;
    const sure = !inContact && !this.doubt;
    if (sure) {
      if (chosen.appearance !== undefined) this.appearance.learn(chosen.appearance, c.appearanceLearningRate);
      this.noteCompanions(context, chosen.box, c.contactIou);
    }
    const base = Math.min(1, Math.max(0, chosen.score)) * (how === 'continued' ? 1 : REACQUIRED_FACTOR);
    return sure ? { bbox: chosen.box, state: 'observed', confidence: base } : { bbox: chosen.box, state: 'uncertain', confidence: base * UNCERTAIN_FACTOR };
  }

  /** Track ids (possibly none) of the people overlapping the chosen box, or null when it overlaps nobody. */
  private contactPartners(context: FrameContext, chosen: FollowCandidate, candidates: FollowCandidate[]): number[] | null {
    const limit = this.config.contactIou;
    let touching = false;
    const ids: number[] = [];
    for (const x of candidates) {
      if (x === chosen || iou(x.box, chosen.box) < limit) continue;
      touching = true;
      if (x.trackId !== null) ids.push(x.trackId);
    }
    // Someone the tracker lost right behind the target may come out as the target's "continuation".
    // The target's own lost track counts too, when the chosen box is on another: the target may be right behind it.
    for (const t of context.lost) {
      if (t.id === chosen.trackId || iou(t.bbox, chosen.box) < limit) continue;
      touching = true;
      ids.push(t.id);
    }
    return touching ? ids : null;
  }

  /**
   * Nobody overlaps the target any more: among the chosen box, the partners and newcomers where the
   * target was heading before the contact, the one that fits that course (or the target's
   * appearance) is the target, and the contact is over. While none fits clearly the contact stays
   * open (boxes `uncertain`), for at most `maxSureReacquireGapSec` since the contact began; then
   * the identity is in doubt. Returns the candidate to follow.
   */
  private resolveContact(context: FrameContext, chosen: FollowCandidate, candidates: FollowCandidate[]): FollowCandidate {
    const c = this.config;
    const { beforeContact, partners } = this.contact as ContactEpisode;
    const around = describeCandidates(context.frame.detections, context.trackOf, this.gateAround(beforeContact), this.appearance, this.lowScore);
    // The target may come out as its old track, a partner's track, or a new one where it was heading.
    const options = around.filter(
      (x) => x.index === chosen.index || (x.trackId !== null && partners.has(x.trackId)) || (x.inGate && !this.isCompanion(x) && !this.rejectedByAppearance(x)),
    );
    const byAppearance = options.length > 1 && options.every((x) => x.similarity !== null);
    const stale = beforeContact.secondsUnseen() > c.maxSureReacquireGapSec;
    const ranked = byAppearance ? rankBest(options, (x) => x.similarity as number) : rankBest(options, (x) => x.motion);
    if (ranked === null || (stale && !byAppearance)) {
      // Too long since the target was seen apart for its old course to say who is who.
      this.contact = null;
      if (ranked !== null) this.doubt = true;
      return chosen;
    }
    // Alone, the chosen box may be the partner while the target is still hidden: motion must vouch for it.
    const clear = byAppearance
      ? ranked.lead >= c.appearanceMargin
      : ranked.best.motion >= 0 &&
        (options.length > 1 ? ranked.lead >= c.motionMargin : ranked.best.motion >= c.sureMotionScore && !(chosen.trackId !== null && partners.has(chosen.trackId)));
    if (!clear) {
      if (stale) {
        this.contact = null;
        this.doubt = true;
      }
      return chosen;
    }
    this.contact = null;
    if (ranked.best.index === chosen.index) return chosen;
    // The tracker swapped identities during the contact: follow the one that kept the target's course.
    this.motion = beforeContact;
    return candidates.find((x) => x.index === ranked.best.index) as FollowCandidate;
  }

  private gateAround(motion: TargetMotion): MotionGate {
    const c = this.config;
    const unseen = motion.secondsUnseen();
    return {
      predicted: this.clampToFrame(motion.predicted()),
      stopped: motion.stopped(),
      radius: Math.min(c.gateMax, c.gateBase + c.gateGrowthPerSec * unseen),
      sizeRadius: c.sizeGateBase + c.sizeGateGrowthPerSec * unseen,
    };
  }

  private miss(): Decision {
    this.committedBefore = false;
    return MISSING;
  }

  private isCompanion(x: FollowCandidate): boolean {
    return x.trackId !== null && this.companions.has(x.trackId);
  }

  private rejectedByAppearance(x: FollowCandidate): boolean {
    return x.similarity !== null && x.similarity < this.config.appearanceReject;
  }

  /** Appearance alone says it is the target: similar enough, and clearly more so than anyone else in the gate. */
  private appearanceConfirms(chosen: FollowCandidate, candidates: FollowCandidate[]): boolean {
    const c = this.config;
    const similarity = chosen.similarity;
    if (similarity === null || similarity < c.appearanceAccept) return false;
    return candidates.every((x) => x === chosen || !x.inGate || x.similarity === null || x.similarity <= similarity - c.appearanceMargin);
  }

  private markRisk(): void {
    this.firstRiskIndex ??= this.points.length;
  }

  /** A later seed showed the follower was on someone else: what it reported as sure since `from` is not. */
  private markUncertainSince(from: number): void {
    for (let k = Math.max(0, from); k < this.points.length; k++) {
      const p = this.points[k];
      if (p.state === 'observed') this.points[k] = { ...p, state: 'uncertain', confidence: p.confidence * UNCERTAIN_FACTOR };
    }
  }

  private noteCompanions(context: FrameContext, target: Box, maxOverlap: number): void {
    const apart = trackedBoxes(context).filter((t) => t.id !== this.trackId && iou(t.box, target) < maxOverlap);
    this.companions.note(apart, context.frame.timeSec);
  }

  /** A target that left the picture is looked for where it left, not further along its path. */
  private clampToFrame(box: Box): Box {
    if (this.frameWidth <= 0 || this.frameHeight <= 0) return box;
    const cx = Math.min(this.frameWidth, Math.max(0, box.x + box.w / 2));
    const cy = Math.min(this.frameHeight, Math.max(0, box.y + box.h / 2));
    return { x: cx - box.w / 2, y: cy - box.h / 2, w: box.w, h: box.h };
  }
}

/** This frame's confirmed tracks with the detection box each took. */
function trackedBoxes({ frame, tracks }: FrameContext): TrackedBox[] {
  return tracks.flatMap((t) => (t.detectionIndex === null ? [] : [{ id: t.id, box: boxOf(frame.detections[t.detectionIndex]) }]));
}

function boxOf(d: FollowDetection): Box {
  return { x: d.x, y: d.y, w: d.w, h: d.h };
}

/** Index of the detection overlapping `box` most, if at least `minIou`; the first wins ties. */
function bestOverlap(detections: readonly FollowDetection[], box: Box, minIou: number): number | null {
  let best: number | null = null;
  let bestIou = minIou;
  detections.forEach((d, i) => {
    if (!(d.w > 0 && d.h > 0)) return;
    const v = iou(d, box);
    if (v > bestIou || (best === null && v >= bestIou)) {
      best = i;
      bestIou = v;
    }
  });
  return best;
}
