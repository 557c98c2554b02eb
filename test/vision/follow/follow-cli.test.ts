import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFollowArgs } from '../../../src/cli/follow';
import { groupByFrame, parseResults } from '../../../src/evaluation/mot-challenge-format';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../../../src/evaluation/mot-files';
import { evaluateIdentities } from '../../../src/evaluation/follow-identities';
import type { MotTrajectoryPoint } from '../../../src/evaluation/follow-mot-sequence';
import { evaluatedPedestrians, followTargets, scoreFollowing } from '../../../src/evaluation/follow-score';
import { linkTarget } from '../../../src/vision/follow/link-target';
import { describeWithData, testDataPath } from '../../support/test-data';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = mkdtempSync(path.join(tmpdir(), 'spotlight-follow-cli-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function follow(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/follow.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('follow CLI arguments', () => {
  it('parses a command line with two seeds', () => {
    const args = ['--det', 'd.txt', '--seqinfo', 's.ini', '--seed-frame', '5', '--seed-box', '1,2,30,80', '--seed-frame', '90', '--seed-box', '4,5,31,81'];
    expect(parseFollowArgs([...args, '--out', 'o.txt', '--frame-step', '3', '--last-frame', '100'])).toEqual({
      det: 'd.txt',
      out: 'o.txt',
      seqinfo: 's.ini',
      frameRate: undefined,
      seeds: [
        { frame: 5, box: { x: 1, y: 2, w: 30, h: 80 } },
        { frame: 90, box: { x: 4, y: 5, w: 31, h: 81 } },
      ],
      frameStep: 3,
      firstFrame: 1,
      lastFrame: 100,
      uncertain: false,
    });
    expect(parseFollowArgs(['--help'])).toBe('help');
  });

  it('names the mistake', () => {
    const base = ['--det', 'd.txt', '--frame-rate', '30', '--out', 'o.txt'];
    const cases: Array<[string[], RegExp]> = [
      [['--frame-rate', '30', '--out', 'o.txt', '--seed-frame', '1', '--seed-box', '1,2,3,4'], /--det is required/],
      [[...base], /--seed-frame and --seed-box are required/],
      [[...base, '--seed-frame', '1', '--seed-box', '1,2,3'], /--seed-box must be x,y,w,h/],
      [[...base, '--seed-frame', '1', '--seed-box', '1,2,0,4'], /width and height must be > 0/],
      [[...base, '--seed-frame', '1', '--seed-frame', '2', '--seed-box', '1,2,3,4'], /2 --seed-frame but 1 --seed-box/],
      [[...base, '--seed-frame', '0', '--seed-box', '1,2,3,4'], /--seed-frame must be ≥ 1/],
      [[...base, '--seed-frame', '1', '--seed-box', '1,2,3,4', '--frame-step', '0'], /--frame-step must be ≥ 1/],
      [['--det', 'd.txt', '--out', 'o.txt', '--seed-frame', '1', '--seed-box', '1,2,3,4'], /--seqinfo or --frame-rate is required/],
      [[...base, '--seed-frame', '1', '--seed-box', '1,2,3,4', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) expect(() => parseFollowArgs(args), args.join(' ')).toThrow(message);
  });

  it('exits with 2 and a one-line message for a missing file or a bad argument', () => {
    const missing = follow(['--det', path.join(outDir, 'missing.txt'), '--frame-rate', '30', '--seed-frame', '1', '--seed-box', '1,2,3,4', '--out', path.join(outDir, 'x.txt')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^follow: detection file .*missing\.txt: not found\n/);
    const bad = follow(['--det', 'd.txt', '--frame-rate', '30', '--seed-frame', '1', '--seed-box', 'a,b,c,d', '--out', 'x.txt']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^follow: --seed-box must be x,y,w,h/);
  });
});

describeWithData('follow CLI on a MOT17-09 pedestrian', ['sequences', 'MOT17-mini', 'train', 'MOT17-09-FRCNN'], () => {
  describeWithData('with the MOTChallenge ground truth', ['sequences', 'MOTChallenge-gt', 'MOT17-train', 'MOT17-09-FRCNN'], () => {
    it('follows forwards and backwards from the seed and scores exactly like the in-process evaluation', async () => {
      const seq = testDataPath('sequences/MOT17-mini/train/MOT17-09-FRCNN');
      const [detections, gt, info] = await Promise.all([
        readDetectionsFile(path.join(seq, 'det/det.txt')),
        readGroundTruthFile(testDataPath('sequences/MOTChallenge-gt/MOT17-train/MOT17-09-FRCNN/gt/gt.txt')),
        readSeqInfoFile(path.join(seq, 'seqinfo.ini')),
      ]);
      const pedestrians = evaluatedPedestrians(gt, 'MOT17');
      const targets = followTargets(pedestrians, 100);
      const index = targets.findIndex((t) => t.id === 13);
      const target = targets[index];
      if (target === undefined) throw new Error('MOT17-09 identity 13 not found');
      // His most visible box, as the evaluation seeds (the earliest of equals).
      const visibility = (f: number) => pedestrians.find((r) => r.id === 13 && r.frame === f)?.visibility ?? 0;
      const seedFrame = [...target.boxes.keys()].sort((a, b) => a - b).reduce((best, f) => (visibility(f) > visibility(best) ? f : best));
      const seed = target.boxes.get(seedFrame)!;
      expect(seedFrame).toBeGreaterThan(target.firstFrame); // so frames before the seed are scored too

      const out = path.join(outDir, 'nested', 'id13.txt');
      const run = follow([
        ...['--det', path.join(seq, 'det/det.txt'), '--seqinfo', path.join(seq, 'seqinfo.ini')],
        // The = form lets the box start with a negative x.
        ...['--seed-frame', String(seedFrame), `--seed-box=${seed.x},${seed.y},${seed.w},${seed.h}`, '--out', out],
      ]);
      expect(run.stderr).toMatch(/^follow: \d+ frames: \d+ observed, \d+ interpolated, \d+ uncertain, \d+ missing; wrote /);
      expect(run.status).toBe(0);

      const text = await readFile(out, 'utf8');
      expect(text.split('\n')[0]).toMatch(/^\d+,1,-?[\d.]+,-?[\d.]+,[\d.]+,[\d.]+,[\d.]+,-1,-1,-1$/);
      const rows = parseResults(text);
      expect(rows.some((r) => r.frame < seedFrame)).toBe(true); // the backward half
      const byFrame = new Map(rows.map((r) => [r.frame, r]));
      const points: MotTrajectoryPoint[] = [];
      for (let frame = target.firstFrame; frame <= target.lastFrame; frame++) {
        const row = byFrame.get(frame);
        points.push({ frame, index: frame - 1, time_sec: (frame - 1) / info.frameRate, bbox: row?.bbox ?? null, confidence: row?.score ?? 0, state: row ? 'observed' : 'missing' });
      }
      const fromCli = scoreFollowing(points, target, groupByFrame(pedestrians, info.seqLength));
      const inProcess = evaluateIdentities({ detections, gt, info, benchmark: 'MOT17' }, { engine: (pass, s) => linkTarget(pass.tracklets, pass.frames, [s]) }).engine[index];
      expect({ tp: fromCli.tp, fp: fromCli.fp, fn: fromCli.fn }).toEqual({ tp: inProcess.tp, fp: inProcess.fp, fn: inProcess.fn });
      expect(inProcess.tp).toBeGreaterThan(0.6 * (target.lastFrame - target.firstFrame + 1));
      expect(inProcess.fp).toBeLessThan(0.25 * inProcess.tp);
    });
  });
});
