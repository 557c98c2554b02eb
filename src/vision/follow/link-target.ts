import type { TrajectoryPoint } from '../../analysis/trajectory';
import type { AppearanceDescriber } from '../appearance/appearance-describer';
import { type Box, iou } from '../tracking/box';
import type { FollowSeed } from './follow-types';
import { median } from '../tracking/median';
import { interpolateShortGaps, lerpBox } from './interpolate-gaps';
import type { Tracklet, TrackletPoint } from './tracklets';

/** How the target's tracklets are chosen and joined (pass 2 of the follow engine). */
export interface LinkSettings {
  /** Longest gap between two of the target's tracklets that motion may bridge, in seconds. */
  maxGapSec: number;
  /**
   * How far the player may stray from where his velocity leads, in player heights per second of
   * gap (people turn and stop; the prediction's error grows with the gap).
   */
  driftPerSec: number;
  /** Distance always allowed between a predicted and a found position, in player heights. */
  baseRadius: number;
  /** Largest height ratio (either way) between the two ends of a link. */
  maxHeightRatio: number;
  /** A link is taken only when the next best candidate costs this much more (0..1 of the limit). */
  margin: number;
  /** Gaps up to this long between sure boxes are filled `interpolated`; longer ones stay `missing`. */
  interpolateSec: number;
  /** Seconds of a tracklet's end used to estimate its velocity. */
  velocityWindowSec: number;
  /** IoU a seed box needs with a detection to anchor on its tracklet. */
  seedIou: number;
  /** Seconds of a tracklet's end whose looks stand for it when it is linked. */
  lookWindowSec: number;
  /** What a look from `different` to `same` adds to a link's cost (a perfect match adds nothing). */
  lookWeight: number;
}

/** How looks are compared: the describer's similarity and thresholds. */
export type LookComparison = Pick<AppearanceDescriber, 'similarity' | 'same' | 'different'>;

/**
 * Measured on the shared MOTChallenge sequences' public detections (`npm run eval:follow`):
 * tighter gates and a wide margin keep claimed boxes ≥ 90 % right; wider ones link more often
 * to the wrong person than to the right one.
 */
export const DEFAULT_LINK_SETTINGS: LinkSettings = {
  maxGapSec: 3,
  driftPerSec: 0.1,
  baseRadius: 0.15,
  maxHeightRatio: 1.35,
  margin: 0.5,
  interpolateSec: 2,
  velocityWindowSec: 0.6,
  seedIou: 0.5,
  lookWindowSec: 2,
  lookWeight: 0.5,
};

/** One analysed frame of the timeline: every index from 0 gets a trajectory point. */
export interface TimelineFrame {
  index: number;
  timeSec: number;
}

interface End {
  point: TrackletPoint;
  shot: number;
  /** The looks sampled near this end (none without a describer). */
  looks: Float32Array[];
  /** Velocity of the box centre in the scene, pixels per second, in the direction of travel. */
  vx: number;
  vy: number;
}

/**
 * Pass 2: which tracklets are the player. Each seed anchors the tracklet it lies on (or stands
 * alone, as the user's own box, when the detector missed him there). Tracklets are linked into
 * people over the whole video at once (linkAll), and the player is every tracklet linked to an
 * anchor, forwards and backwards in time; no two chosen tracklets overlap in time. Frames between
 * sure boxes are filled `interpolated` up to `interpolateSec`; the rest stays `missing`.
 *
 * @example const points = linkTarget(tracklets, frames, seeds)
 */
export function linkTarget(
  tracklets: readonly Tracklet[],
  frames: readonly TimelineFrame[],
  seeds: readonly FollowSeed[],
  settings: LinkSettings = DEFAULT_LINK_SETTINGS,
  compare?: LookComparison,
): TrajectoryPoint[] {
  const chosen = new Map<number, Tracklet>();
  // A seed on no tracklet (the detector missed him there) is a tracklet of its own: the user's box.
  let userId = 0;
  for (const seed of seeds) {
    const frame = nearestFrame(frames, seed.timeSec);
    if (!frame) continue;
    const userPoint = { index: frame.index, timeSec: frame.timeSec, box: seed.bbox, score: 1, panned: pannedAt(tracklets, frame.index) };
    const anchor = anchorOf(tracklets, frame.index, seed.bbox, settings.seedIou);
    const userLook = seed.appearance ? { ...userPoint, appearance: seed.appearance } : userPoint;
    const tracklet = anchor ? withPoint(anchor, userLook) : { id: --userId, shot: shotAt(tracklets, frame.index), points: [userLook] };
    if (!overlapsChosen(tracklet, chosen)) chosen.set(tracklet.id, tracklet);
  }
  // The chosen versions (with the user's boxes) stand in for the tracklets they anchor on.
  const all = [...tracklets.filter((t) => !chosen.has(t.id)), ...chosen.values()];
  // Every tracklet's successor, decided for all people at once (the best links first), so a
  // tracklet goes to whoever it continues best, not to whoever asked first.
  const { next, previous } = linkAll(all, settings, compare);
  // The gallery: what the user's picks look like. A tracklet that does not look like them is
  // somebody else, however well it moves: the chain stops before it.
  const gallery = [...chosen.values()].flatMap(looksOf);
  const likeTarget = (t: Tracklet) => !compare || gallery.length === 0 || lookSimilarity(looksOf(t), gallery, compare) >= compare.different;
  const takes = (t: Tracklet | undefined): t is Tracklet => !!t && !chosen.has(t.id) && !overlapsChosen(t, chosen) && likeTarget(t);
  for (const anchor of [...chosen.values()]) {
    for (let t = next.get(anchor.id); takes(t); t = next.get(t.id)) chosen.set(t.id, t);
    for (let t = previous.get(anchor.id); takes(t); t = previous.get(t.id)) chosen.set(t.id, t);
  }
  return fillTimeline(frames, [...chosen.values()], settings);
}

/** The camera's motion at a frame, from any tracklet point there (none: the nearest one before). */
function pannedAt(tracklets: readonly Tracklet[], index: number): TrackletPoint['panned'] {
  let best: TrackletPoint | undefined;
  for (const t of tracklets) for (const p of t.points) if (p.index <= index && (!best || p.index > best.index)) best = p;
  return best?.panned ?? { dx: 0, dy: 0 };
}

/** The shot of the tracklets around a frame (0 when there are none). */
function shotAt(tracklets: readonly Tracklet[], index: number): number {
  let best: Tracklet | undefined;
  for (const t of tracklets) if (first(t).index <= index && (!best || first(t).index > first(best).index)) best = t;
  return best?.shot ?? 0;
}

const looksOf = (t: Tracklet) => t.points.flatMap((p) => (p.appearance ? [p.appearance] : []));

/**
 * How alike two sets of looks are: the median similarity over their pairs (at most 8 of each,
 * spread over the set), so one occluded or blurred sample cannot decide.
 */
function lookSimilarity(a: readonly Float32Array[], b: readonly Float32Array[], compare: LookComparison): number {
  const sims: number[] = [];
  for (const x of spread(a, 8)) for (const y of spread(b, 8)) sims.push(compare.similarity(x, y));
  return median(sims);
}

function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]);
}

function nearestFrame(frames: readonly TimelineFrame[], timeSec: number): TimelineFrame | undefined {
  let best: TimelineFrame | undefined;
  for (const f of frames) if (!best || Math.abs(f.timeSec - timeSec) < Math.abs(best.timeSec - timeSec)) best = f;
  return best;
}

/**
 * The tracklet a seed box lies on: its box at that frame (interpolated across a frame the
 * tracker bridged) overlaps the seed best, at IoU ≥ minIou.
 */
function anchorOf(tracklets: readonly Tracklet[], index: number, box: Box, minIou: number): Tracklet | undefined {
  let best: Tracklet | undefined;
  let bestIou = minIou;
  for (const t of tracklets) {
    const at = boxAt(t, index);
    if (!at) continue;
    const overlap = iou(at, box);
    if (overlap >= bestIou) {
      bestIou = overlap;
      best = t;
    }
  }
  return best;
}

/** The tracklet with the user's box where the detector had none (a frame the tracker bridged), or with the user's look. */
function withPoint(t: Tracklet, point: TrackletPoint): Tracklet {
  const own = t.points.find((p) => p.index === point.index);
  if (!own) return { ...t, points: [...t.points, point].sort((a, b) => a.index - b.index) };
  if (!point.appearance) return t;
  // The tracklet's detection there stays; the user's look of it joins the gallery.
  return { ...t, points: t.points.map((p) => (p === own ? { ...p, appearance: point.appearance } : p)) };
}

/** A tracklet's box at a frame it spans: its detection there, or between the two around it. */
function boxAt(t: Tracklet, index: number): Box | undefined {
  if (index < first(t).index || index > last(t).index) return undefined;
  const after = t.points.findIndex((p) => p.index >= index);
  const b = t.points[after];
  if (b.index === index) return b.box;
  const a = t.points[after - 1];
  return lerpBox(a.box, b.box, (index - a.index) / (b.index - a.index));
}

const first = (t: Tracklet) => t.points[0];
const last = (t: Tracklet) => t.points[t.points.length - 1];

function overlapsChosen(t: Tracklet, chosen: ReadonlyMap<number, Tracklet>): boolean {
  for (const c of chosen.values()) {
    if (c.id !== t.id && first(t).index <= last(c).index && first(c).index <= last(t).index) return true;
  }
  return false;
}

/** The tracklet's end in `direction` (+1: its last point, moving forwards; −1: its first, moving backwards). */
function endOf(t: Tracklet, direction: 1 | -1, windowSec: number, lookWindowSec: number): End {
  const points = direction === 1 ? t.points : [...t.points].reverse();
  const end = points[points.length - 1];
  const window = points.filter((p) => Math.abs(end.timeSec - p.timeSec) <= windowSec);
  const looks = points.filter((p) => p.appearance && Math.abs(end.timeSec - p.timeSec) <= lookWindowSec).map((p) => p.appearance!);
  const start = window[0];
  const dt = Math.abs(end.timeSec - start.timeSec);
  if (dt < 1e-6) return { point: end, shot: t.shot, looks, vx: 0, vy: 0 };
  const c0 = inScene(start);
  const c1 = inScene(end);
  return { point: end, shot: t.shot, looks, vx: (c1.x - c0.x) / dt, vy: (c1.y - c0.y) / dt };
}

/**
 * The cost of linking two tracklet ends (< 1: possible): how far `to`'s end lies from where
 * `from` predicts the player, as a share of the distance allowed for that gap (Infinity when the
 * sizes disagree), plus how unlike their looks are. Looks of two people (below `different`)
 * forbid the link; across a camera cut positions mean nothing, so only looks that are surely the
 * same person (≥ `same`) link, at the cost of the most distant move allowed.
 */
function linkCost(from: End, to: End, settings: LinkSettings, compare: LookComparison | undefined): number {
  const similarity = compare && from.looks.length > 0 && to.looks.length > 0 ? lookSimilarity(from.looks, to.looks, compare) : undefined;
  if (similarity !== undefined && similarity < compare!.different) return Infinity;
  const unlike = similarity === undefined ? 0 : settings.lookWeight * Math.min(1, Math.max(0, (compare!.same - similarity) / (compare!.same - compare!.different)));
  if (from.shot !== to.shot) {
    const gap = Math.abs(to.point.timeSec - from.point.timeSec);
    return similarity !== undefined && similarity >= compare!.same && gap <= settings.maxGapSec ? 0.9 : Infinity;
  }
  return Math.max(motionCost(from, to.point, settings), motionCost(to, from.point, settings)) + unlike;
}

/**
 * How far `candidate` lies from where `end` predicts the player, as a share of the distance
 * allowed for that gap (≥ 1: out of reach); Infinity when the sizes disagree.
 */
function motionCost(end: End, candidate: TrackletPoint, settings: LinkSettings): number {
  const gap = Math.abs(candidate.timeSec - end.point.timeSec);
  if (gap > settings.maxGapSec) return Infinity;
  const ratio = candidate.box.h / end.point.box.h;
  if (ratio > settings.maxHeightRatio || ratio < 1 / settings.maxHeightRatio) return Infinity;
  const from = inScene(end.point);
  const predicted = { x: from.x + end.vx * gap, y: from.y + end.vy * gap };
  const to = inScene(candidate);
  const height = (end.point.box.h + candidate.box.h) / 2;
  const distance = Math.hypot(to.x - predicted.x, to.y - predicted.y) / height;
  const allowed = settings.baseRadius + settings.driftPerSec * gap;
  return distance / allowed;
}

/**
 * Links tracklets into people: every pair (a ends, b starts after it within the gap) is costed
 * both ways (a's end moving forwards to b's start, b's start moving backwards to a's end; the
 * worse of the two counts), and links are taken cheapest first, each tracklet getting at most one
 * successor and one predecessor. A link whose tracklets have a rival almost as cheap is not taken.
 */
function linkAll(tracklets: readonly Tracklet[], settings: LinkSettings, compare: LookComparison | undefined) {
  const endsOf = (t: Tracklet) => ({ forward: endOf(t, 1, settings.velocityWindowSec, settings.lookWindowSec), backward: endOf(t, -1, settings.velocityWindowSec, settings.lookWindowSec) });
  const ends = new Map(tracklets.map((t) => [t.id, endsOf(t)]));
  const pairs: Array<{ a: Tracklet; b: Tracklet; cost: number }> = [];
  const byStart = [...tracklets].sort((x, y) => first(x).index - first(y).index);
  for (const a of tracklets) {
    const aEnd = ends.get(a.id)!.forward;
    for (const b of byStart) {
      if (first(b).index <= aEnd.point.index) continue;
      if (first(b).timeSec - aEnd.point.timeSec > settings.maxGapSec) break;
      const cost = linkCost(aEnd, ends.get(b.id)!.backward, settings, compare);
      if (cost < 1) pairs.push({ a, b, cost });
    }
  }
  pairs.sort((x, y) => x.cost - y.cost);
  const outOf = new Map<number, typeof pairs>();
  const into = new Map<number, typeof pairs>();
  for (const p of pairs) {
    (outOf.get(p.a.id) ?? outOf.set(p.a.id, []).get(p.a.id)!).push(p);
    (into.get(p.b.id) ?? into.set(p.b.id, []).get(p.b.id)!).push(p);
  }
  const next = new Map<number, Tracklet>();
  const previous = new Map<number, Tracklet>();
  // A rival still free and almost as cheap makes the link a guess: it is not taken.
  const rivalled = (p: (typeof pairs)[number]) =>
    (outOf.get(p.a.id) ?? []).some((q) => q !== p && !previous.has(q.b.id) && q.cost - p.cost < settings.margin) ||
    (into.get(p.b.id) ?? []).some((q) => q !== p && !next.has(q.a.id) && q.cost - p.cost < settings.margin);
  for (const p of pairs) {
    if (next.has(p.a.id) || previous.has(p.b.id) || rivalled(p)) continue;
    next.set(p.a.id, p.b);
    previous.set(p.b.id, p.a);
  }
  return { next, previous };
}

/** Where a box's centre is in the scene: the camera's own motion taken out. */
function inScene(p: TrackletPoint) {
  return { x: p.box.x + p.box.w / 2 - p.panned.dx, y: p.box.y + p.box.h / 2 - p.panned.dy };
}

/**
 * The trajectory over every analysed frame: the chosen tracklets' boxes `observed` (the user's own
 * box where no detection matched it), gaps between sure boxes up to
 * `interpolateSec` `interpolated` (linear), the rest `missing`.
 */
function fillTimeline(frames: readonly TimelineFrame[], chosen: readonly Tracklet[], settings: LinkSettings): TrajectoryPoint[] {
  const sure = new Map<number, { box: Box; confidence: number }>();
  for (const t of chosen) for (const p of t.points) sure.set(p.index, { box: p.box, confidence: Math.min(1, Math.max(0.5, p.score)) });
  const points: TrajectoryPoint[] = frames.map((f) => {
    const s = sure.get(f.index);
    return s
      ? { index: f.index, time_sec: f.timeSec, bbox: { ...s.box }, confidence: s.confidence, state: 'observed' }
      : { index: f.index, time_sec: f.timeSec, bbox: null, confidence: 0, state: 'missing' };
  });
  // The gaps lie within a tracklet or across a link, both already gated by motion: only their
  // length limits the filling.
  return interpolateShortGaps(points, { maxGapSec: settings.interpolateSec, maxSpeed: Infinity, sizeBase: Infinity, sizePerSec: 0 });
}
