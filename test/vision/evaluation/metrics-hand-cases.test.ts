import { describe, expect, it } from 'vitest';
import { evaluateSequence, poolCounts } from '../../../src/evaluation/evaluate-sequence';
import { gt, span, trk } from './hand-cases';

const MOT17 = (seqLength: number) => ({ benchmark: 'MOT17' as const, seqLength });

describe('CLEAR-MOT and IDF1 on hand-made sequences', () => {
  it('counts an ID switch, a false positive and a miss', () => {
    // gt 1 static at x=0 for frames 1–4, followed by tracker 10 then tracker 11 (switch at frame 3);
    // gt 2 at x=100 followed by tracker 20 in frames 1–3 only (miss in frame 4);
    // tracker 30 alone far away in frame 2 (false positive).
    const truth = [...span(1, 4, (f) => gt(f, 1, 0)), ...span(1, 4, (f) => gt(f, 2, 100))];
    const results = [...span(1, 2, (f) => trk(f, 10, 0)), ...span(3, 4, (f) => trk(f, 11, 0)), ...span(1, 3, (f) => trk(f, 20, 100)), trk(2, 30, 500, 500)];
    const m = evaluateSequence(truth, results, MOT17(4));

    expect(m.clear).toMatchObject({ tp: 7, fn: 1, fp: 1, idsw: 1, frag: 0 });
    expect(m.clear.mota).toBeCloseTo(1 - 3 / 8, 12); // 0.625
    expect(m.clear.motp).toBe(1);
    // Trajectory matching: gt1 ↔ 10 (or 11) shares 2 frames, gt2 ↔ 20 shares 3: IDTP 5.
    expect(m.identity).toMatchObject({ idtp: 5, idfn: 3, idfp: 3 });
    expect(m.identity.idf1).toBeCloseTo(10 / 16, 12);
    expect(m.clear).toMatchObject({ mt: 1, pt: 1, ml: 0 }); // tracked 4/4 (> 80 %) and 3/4 of their frames
  });

  it('counts a fragmentation without an ID switch when the same id resumes', () => {
    // Tracker 9 sits far away in frame 3 so that frame is not empty (see the next test).
    const truth = span(1, 5, (f) => gt(f, 1, 0));
    const results = [...span(1, 2, (f) => trk(f, 7, 0)), trk(3, 9, 500), ...span(4, 5, (f) => trk(f, 7, 0))];
    const m = evaluateSequence(truth, results, MOT17(5));
    expect(m.clear).toMatchObject({ tp: 4, fn: 1, fp: 1, idsw: 0, frag: 1, mt: 0, pt: 1 }); // 4/5 is not > 80 %
    expect(m.clear.mota).toBeCloseTo(0.6, 12);
    expect(m.identity).toMatchObject({ idtp: 4, idfn: 1, idfp: 1 });
    expect(m.identity.idf1).toBeCloseTo(8 / 10, 12);
  });

  it('like TrackEval, keeps last frame’s pairs through a frame without tracker boxes (no Frag then)', () => {
    const truth = span(1, 5, (f) => gt(f, 1, 0));
    const results = [...span(1, 2, (f) => trk(f, 7, 0)), ...span(4, 5, (f) => trk(f, 7, 0))];
    const m = evaluateSequence(truth, results, MOT17(5));
    expect(m.clear).toMatchObject({ tp: 4, fn: 1, fp: 0, idsw: 0, frag: 0 });
    expect(m.clear.mota).toBeCloseTo(0.8, 12);
  });

  it('counts an ID switch across a gap (last matched id is remembered)', () => {
    const truth = span(1, 4, (f) => gt(f, 1, 0));
    const results = [...span(1, 2, (f) => trk(f, 7, 0)), trk(3, 9, 500), trk(4, 8, 0)];
    const m = evaluateSequence(truth, results, MOT17(4));
    expect(m.clear).toMatchObject({ tp: 3, fn: 1, fp: 1, idsw: 1, frag: 1 });
    expect(m.clear.mota).toBeCloseTo(0.25, 12);
  });

  it('prefers the previous frame’s pairs over a better IoU (CLEAR continuity)', () => {
    // Frame 2: tracker A sits exactly on gt 2 and B on gt 1, but each still overlaps its own gt
    // with IoU 8/12; keeping A↔gt1, B↔gt2 avoids two switches.
    const truth = [gt(1, 1, 0), gt(1, 2, 50), gt(2, 1, 0), gt(2, 2, 2)];
    const results = [trk(1, 1, 0), trk(1, 2, 50), trk(2, 1, 2), trk(2, 2, 0)];
    const m = evaluateSequence(truth, results, MOT17(2));
    expect(m.clear).toMatchObject({ tp: 4, idsw: 0, fp: 0, fn: 0 });
    expect(m.clear.motp).toBeCloseTo((1 + 1 + 8 / 12 + 8 / 12) / 4, 12);
  });

  it('matches at IoU ≥ 0.5 only', () => {
    const truth = [gt(1, 1, 0), gt(2, 1, 0)];
    const results = [trk(1, 1, 0, 0, 10, 5), trk(2, 1, 0, 0, 10, 4.9)]; // IoU 0.5 then 0.49
    const m = evaluateSequence(truth, results, MOT17(2));
    expect(m.clear).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(m.identity.idtp).toBe(1);
  });

  it('finds the globally best trajectory matching for IDF1, not the first-come one', () => {
    // X follows gt1 for frames 1–2 then gt2 for 3–6; Y does the opposite. Best: X↔gt2, Y↔gt1 (4 + 4).
    const truth = [...span(1, 6, (f) => gt(f, 1, 0)), ...span(1, 6, (f) => gt(f, 2, 100))];
    const results = [...span(1, 6, (f) => trk(f, 1, f <= 2 ? 0 : 100)), ...span(1, 6, (f) => trk(f, 2, f <= 2 ? 100 : 0))];
    const m = evaluateSequence(truth, results, MOT17(6));
    expect(m.identity).toMatchObject({ idtp: 8, idfn: 4, idfp: 4 });
    expect(m.identity.idf1).toBeCloseTo(2 / 3, 12);
    expect(m.clear.idsw).toBe(2);
    expect(m.clear.mota).toBeCloseTo(1 - 2 / 12, 12);
  });

  it('pools sequences by adding counts', () => {
    const a = evaluateSequence(span(1, 4, (f) => gt(f, 1, 0)), span(1, 4, (f) => trk(f, 1, 0)), MOT17(4));
    const b = evaluateSequence(span(1, 4, (f) => gt(f, 1, 0)), [], MOT17(4));
    const pooled = poolCounts([a.counts, b.counts]);
    expect(pooled.clear.mota).toBeCloseTo(0.5, 12);
    expect(pooled.identity.idf1).toBeCloseTo(8 / 12, 12);
    expect(pooled.gtDets).toBe(8);
  });
});

describe('MOTChallenge preprocessing', () => {
  it('MOT17: ignores non-pedestrian and zero-marked gt; drops tracker boxes on distractors', () => {
    const truth = [
      gt(1, 1, 0), // pedestrian, tracked
      gt(1, 2, 100, 0, { classId: 7 }), // static person: a box on it is neither TP nor FP
      gt(1, 3, 200, 0, { consider: 0 }), // zero-marked pedestrian: never a miss…
      gt(1, 4, 300, 0, { classId: 11 }), // occluder: not a distractor, a box on it is an FP
      gt(1, 5, 400, 0, { classId: 8 }), // distractor, untracked: not a miss
    ];
    const results = [trk(1, 1, 0), trk(1, 2, 100), trk(1, 3, 200), trk(1, 4, 300)];
    const m = evaluateSequence(truth, results, { benchmark: 'MOT17', seqLength: 1 });
    // …but a box on it is still a false positive (only distractor classes excuse one).
    expect(m.clear).toMatchObject({ tp: 1, fn: 0, fp: 2 });
    expect(m.gtDets).toBe(1);
  });

  it('MOT15: keeps every consider-flagged row whatever column 8 holds', () => {
    const truth = [gt(1, 1, 0, 0, { classId: 10.05 }), gt(1, 2, 100, 0, { classId: 7 }), gt(1, 3, 200, 0, { consider: 0 })];
    const results = [trk(1, 1, 0), trk(1, 2, 100), trk(1, 3, 200)];
    const m = evaluateSequence(truth, results, { benchmark: 'MOT15', seqLength: 1 });
    expect(m.clear).toMatchObject({ tp: 2, fn: 0, fp: 1 });
  });

  it('only scores frames 1..seqLength and rejects an id used twice in a frame', () => {
    const m = evaluateSequence([gt(1, 1, 0), gt(3, 1, 0)], [trk(1, 1, 0), trk(3, 1, 0)], { benchmark: 'MOT17', seqLength: 2 });
    expect(m.gtDets).toBe(1);
    expect(() => evaluateSequence([gt(1, 1, 0)], [trk(1, 5, 0), trk(1, 5, 50)], { benchmark: 'MOT17', seqLength: 1 })).toThrow(/id 5 more than once in frame 1/);
  });
});
