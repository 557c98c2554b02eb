import type { TrajectoryPoint } from '../../analysis/trajectory';
import { type AppearanceDescriber, lookSimilarity } from '../appearance/appearance-describer';
import { type Box, iou } from '../tracking/box';
import type { FollowSeed } from './follow-types';
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
  /**
   * A link is taken only when it costs at most this share of every rival still free (a rival is
   * another link out of its first tracklet or into its second, within the limit).
   */
  rivalRatio: number;
  /** Rivals closer in cost than this (a share of the gate) are too near to tell apart, however small both costs are. */
  minRivalGap: number;
  /**
   * The pieces of one tracker id (see Tracklet) are joined again, whatever their distance, unless
   * a rival within the limit costs less than 1/trackerRivalRatio of their link.
   */
  trackerRivalRatio: number;
  /** Gaps up to this long between sure boxes are filled `interpolated`; longer ones stay `missing`. */
  interpolateSec: number;
  /** Seconds of a tracklet's end used to estimate its velocity. */
  velocityWindowSec: number;
  /** IoU a seed box needs with a detection to anchor on its tracklet. */
  seedIou: number;
  /**
   * A seed on no tracklet anchors on the tracklet starting or ending nearest it within this many
   * seconds, if its box there overlaps the seed at IoU ≥ seedIou.
   */
  seedNearSec: number;
  /** Seconds of a tracklet's end whose looks stand for it when it is linked. */
  lookWindowSec: number;
  /** What a look from `different` to `same` adds to a link's cost (a perfect match adds nothing). */
  lookWeight: number;
}

/** How looks are compared: the describer's similarity and thresholds. */
export type LookComparison = Pick<AppearanceDescriber, 'similarity' | 'same' | 'different' | 'identifies'>;

/**
 * Measured on the shared MOTChallenge sequences' public detections (`npm run eval:follow`): with
 * the tracker's ids cut at re-finds and jumps, a rival test by ratio and ends fitted over their
 * window, gates this wide keep claimed boxes ≥ 90 % right; the figures sit on a plateau (median
 * F1 within ±1 point) over cut IoU 0.4–0.5, trackerRivalRatio 1.5–3 and a tracker buffer of 2–3 s.
 */
export const DEFAULT_LINK_SETTINGS: LinkSettings = {
  maxGapSec: 5,
  driftPerSec: 0.15,
  baseRadius: 0.25,
  maxHeightRatio: 1.35,
  rivalRatio: 0.5,
  minRivalGap: 0.2,
  trackerRivalRatio: 2,
  interpolateSec: 2,
  velocityWindowSec: 0.6,
  seedIou: 0.5,
  seedNearSec: 0.5,
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
  /** Where the box centre is in the scene at the end, fitted over the end's window (pixels). */
  x: number;
  y: number;
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
    const anchor = anchorOf(tracklets, frame.index, seed.bbox, settings.seedIou) ?? nearestAnchor(tracklets, frame, seed.bbox, settings);
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
  // A tracklet never seen apart from others has no look to check: it is where trackers swap
  // people, and is not claimed (on PETS09 taking them cost 4 points of precision for 0.6 of recall).
  const likeTarget = (t: Tracklet) => {
    if (!compare || gallery.length === 0) return true;
    const looks = looksOf(t);
    return looks.length > 0 && lookSimilarity(looks, gallery, compare) >= compare.different;
  };
  const takes = (t: Tracklet | undefined): t is Tracklet => !!t && !chosen.has(t.id) && !overlapsChosen(t, chosen) && likeTarget(t);
  for (const anchor of [...chosen.values()]) {
    for (let t = next.get(anchor.id); takes(t); t = next.get(t.id)) chosen.set(t.id, t);
    for (let t = previous.get(anchor.id); takes(t); t = previous.get(t.id)) chosen.set(t.id, t);
  }
  return fillTimeline(frames, [...chosen.values()], settings);
}

/**
 * Everyone's tracklets linked into people (the same links linkTarget follows a player along):
 * each person is a chain of tracklets in time order, no two overlapping.
 *
 * @example people(tracklets, DEFAULT_LINK_SETTINGS, BODY_COLOURS).length // how many people
 */
export function people(tracklets: readonly Tracklet[], settings: LinkSettings = DEFAULT_LINK_SETTINGS, compare?: LookComparison): Tracklet[][] {
  const { next, previous } = linkAll(tracklets, settings, compare);
  const chains: Tracklet[][] = [];
  for (const head of tracklets) {
    if (previous.has(head.id)) continue;
    const chain = [head];
    for (let t = next.get(head.id); t; t = next.get(t.id)) chain.push(t);
    chains.push(chain);
  }
  return chains;
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

/**
 * The tracklet starting or ending nearest a seed that lies on none (within seedNearSec), whose
 * box at that end overlaps the seed at IoU ≥ seedIou.
 */
function nearestAnchor(tracklets: readonly Tracklet[], frame: TimelineFrame, box: Box, settings: LinkSettings): Tracklet | undefined {
  let best: Tracklet | undefined;
  let bestScore = Infinity;
  for (const t of tracklets) {
    const end = frame.index < first(t).index ? first(t) : frame.index > last(t).index ? last(t) : undefined;
    if (!end) continue;
    const dt = Math.abs(end.timeSec - frame.timeSec);
    const overlap = iou(end.box, box);
    if (dt > settings.seedNearSec || overlap < settings.seedIou) continue;
    if (dt - overlap < bestScore) {
      bestScore = dt - overlap;
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

/**
 * The tracklet's end in `direction` (+1: its last point, moving forwards; −1: its first, moving
 * backwards): position and velocity of a straight line fitted (least squares) to the box centres
 * of its last `windowSec`, so one jittery box at the end does not throw the prediction.
 */
function endOf(t: Tracklet, direction: 1 | -1, windowSec: number, lookWindowSec: number): End {
  const points = direction === 1 ? t.points : [...t.points].reverse();
  const end = points[points.length - 1];
  const window = points.filter((p) => Math.abs(end.timeSec - p.timeSec) <= windowSec);
  const looks = points.filter((p) => p.appearance && Math.abs(end.timeSec - p.timeSec) <= lookWindowSec).map((p) => p.appearance!);
  const base = { point: end, shot: t.shot, looks };
  const c1 = inScene(end);
  if (Math.abs(end.timeSec - window[0].timeSec) < 1e-6) return { ...base, x: c1.x, y: c1.y, vx: 0, vy: 0 };
  if (window.length < 3) {
    const c0 = inScene(window[0]);
    const dt = Math.abs(end.timeSec - window[0].timeSec);
    return { ...base, x: c1.x, y: c1.y, vx: (c1.x - c0.x) / dt, vy: (c1.y - c0.y) / dt };
  }
  // Time runs in the direction of travel, 0 at the end.
  const ts = window.map((p) => (p.timeSec - end.timeSec) * direction);
  const cs = window.map(inScene);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mt = mean(ts);
  const mx = mean(cs.map((c) => c.x));
  const my = mean(cs.map((c) => c.y));
  let stt = 0;
  let stx = 0;
  let sty = 0;
  for (let i = 0; i < ts.length; i++) {
    stt += (ts[i] - mt) ** 2;
    stx += (ts[i] - mt) * (cs[i].x - mx);
    sty += (ts[i] - mt) * (cs[i].y - my);
  }
  const vx = stx / stt;
  const vy = sty / stt;
  return { ...base, x: mx - vx * mt, y: my - vy * mt, vx, vy };
}

/**
 * The cost of linking two tracklet ends (< 1: possible): how far `to`'s end lies from where
 * `from` predicts the player, as a share of the distance allowed for that gap (Infinity when the
 * sizes disagree), plus how unlike their looks are. Looks of two people (below `different`)
 * forbid the link; across a camera cut positions mean nothing, so only looks that identify one
 * person (an embedding, not colours: teammates share them) at ≥ `same` link, at the cost of the
 * most distant move allowed.
 */
function linkCost(from: End, to: End, settings: LinkSettings, compare: LookComparison | undefined): number {
  const similarity = compare && from.looks.length > 0 && to.looks.length > 0 ? lookSimilarity(from.looks, to.looks, compare) : undefined;
  if (similarity !== undefined && similarity < compare!.different) return Infinity;
  const unlike = similarity === undefined ? 0 : settings.lookWeight * Math.min(1, Math.max(0, (compare!.same - similarity) / (compare!.same - compare!.different)));
  if (from.shot !== to.shot) {
    const gap = Math.abs(to.point.timeSec - from.point.timeSec);
    return compare?.identifies && similarity !== undefined && similarity >= compare.same && gap <= settings.maxGapSec ? 0.9 : Infinity;
  }
  return Math.max(motionCost(from, to, settings), motionCost(to, from, settings)) + unlike;
}

/**
 * How far the `candidate` end lies from where `end` predicts the player, as a share of the
 * distance allowed for that gap (≥ 1: out of reach); Infinity when the sizes disagree.
 */
function motionCost(end: End, candidate: End, settings: LinkSettings): number {
  const gap = Math.abs(candidate.point.timeSec - end.point.timeSec);
  if (gap > settings.maxGapSec) return Infinity;
  const ratio = candidate.point.box.h / end.point.box.h;
  if (ratio > settings.maxHeightRatio || ratio < 1 / settings.maxHeightRatio) return Infinity;
  const predicted = { x: end.x + end.vx * gap, y: end.y + end.vy * gap };
  const height = (end.point.box.h + candidate.point.box.h) / 2;
  const distance = Math.hypot(candidate.x - predicted.x, candidate.y - predicted.y) / height;
  const allowed = settings.baseRadius + settings.driftPerSec * gap;
  return distance / allowed;
}

/**
 * Links tracklets into people: every pair (a ends, b starts after it within the gap) is costed
 * (linkCost). First the pieces of each tracker id are joined again unless a rival is clearly
 * closer (the tracker's own choice, checked); then links are taken cheapest first, each tracklet
 * getting at most one successor and one predecessor. A link whose tracklets have a rival still
 * free costing less than 1/rivalRatio of it, or within minRivalGap of it, is a guess, and is not taken.
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
  // The tracker's own joins first: kept unless a rival within reach is clearly closer.
  const unlimited = { ...settings, maxGapSec: Infinity, maxHeightRatio: Infinity };
  const bySource = new Map<number, Tracklet[]>();
  for (const t of tracklets) if (t.source !== undefined) (bySource.get(t.source) ?? bySource.set(t.source, []).get(t.source)!).push(t);
  for (const pieces of bySource.values()) {
    pieces.sort((x, y) => first(x).index - first(y).index);
    for (let i = 1; i < pieces.length; i++) {
      const [a, b] = [pieces[i - 1], pieces[i]];
      const cost = linkCost(ends.get(a.id)!.forward, ends.get(b.id)!.backward, unlimited, compare);
      if (!Number.isFinite(cost)) continue;
      const closer = (q: (typeof pairs)[number]) => cost > settings.trackerRivalRatio * q.cost;
      if ((outOf.get(a.id) ?? []).some((q) => q.b !== b && closer(q)) || (into.get(b.id) ?? []).some((q) => q.a !== a && closer(q))) continue;
      next.set(a.id, b);
      previous.set(b.id, a);
    }
  }
  // A rival still free and nearly as cheap makes the link a guess: it is not taken.
  const near = (p: (typeof pairs)[number], q: (typeof pairs)[number]) => p.cost > settings.rivalRatio * q.cost || q.cost - p.cost < settings.minRivalGap;
  // Across a cut, looks are all there is: a look-alike rival counts even when linked elsewhere.
  const acrossCut = (p: (typeof pairs)[number]) => p.a.shot !== p.b.shot;
  const rivalled = (p: (typeof pairs)[number]) =>
    (outOf.get(p.a.id) ?? []).some((q) => q !== p && (acrossCut(p) || !previous.has(q.b.id)) && near(p, q)) ||
    (into.get(p.b.id) ?? []).some((q) => q !== p && (acrossCut(p) || !next.has(q.a.id)) && near(p, q));
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
