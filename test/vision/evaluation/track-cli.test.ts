import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrackArgs } from '../../../src/cli/track-args';
import { evaluateSequence } from '../../../src/evaluation/evaluate-sequence';
import { parseResults } from '../../../src/evaluation/mot-challenge-format';
import { readGroundTruthFile } from '../../../src/evaluation/mot-files';
import { describeWithData, testDataPath } from '../../support/test-data';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = mkdtempSync(path.join(tmpdir(), 'spotlight-track-cli-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function track(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/track.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('track CLI arguments', () => {
  it('parses a full command line', () => {
    expect(parseTrackArgs(['--det', 'd.txt', '--seqinfo', 's.ini', '--out', 'o.txt', '--track-thresh', '0.6', '--frame-step', '2'])).toEqual({
      det: 'd.txt',
      out: 'o.txt',
      seqinfo: 's.ini',
      frameRate: undefined,
      frameStep: 2,
      tracker: { highThresh: 0.6, lowThresh: undefined, newTrackThresh: 0.7, matchThresh: undefined, trackBuffer: undefined, referenceQuirks: false },
    });
    expect(parseTrackArgs(['--help'])).toBe('help');
  });

  it('names the mistake', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--out', 'x.txt', '--frame-rate', '30'], /--det is required/],
      [['--det', 'd.txt', '--frame-rate', '30'], /--out is required/],
      [['--det', 'd.txt', '--out', 'x.txt'], /--seqinfo or --frame-rate is required/],
      [['--det', 'd.txt', '--frame-rate', 'fast', '--out', 'x.txt'], /--frame-rate must be a number/],
      [['--det', 'd.txt', '--frame-rate', '30', '--out', 'x.txt', '--frame-step', '1.5'], /--frame-step must be an integer/],
      [['--det', 'd.txt', '--frame-rate', '30', '--out', 'x.txt', '--low-thresh', '0.9'], /--low-thresh \(0.9\) must not exceed --track-thresh \(0.5\)/],
      [['--det', 'd.txt', '--frame-rate', '30', '--out', 'x.txt', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) expect(() => parseTrackArgs(args), args.join(' ')).toThrow(message);
  });

  it('exits with 2 and a one-line message when an input file is missing', () => {
    const run = track(['--det', path.join(outDir, 'missing.txt'), '--frame-rate', '30', '--out', path.join(outDir, 'x.txt')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^track: detection file .*missing\.txt: not found\n/);
  });
});

describeWithData('track CLI on MOT17-09', ['sequences', 'MOT17-mini'], () => {
  describeWithData('with the MOTChallenge ground truth', ['sequences', 'MOTChallenge-gt', 'MOT17-train', 'MOT17-09-FRCNN'], () => {
    it('writes a MOTChallenge results file that parses and scores like the reference', async () => {
      const out = path.join(outDir, 'nested', 'MOT17-09-FRCNN.txt');
      const seq = testDataPath('sequences/MOT17-mini/train/MOT17-09-FRCNN');
      const run = track(['--det', path.join(seq, 'det/det.txt'), '--seqinfo', path.join(seq, 'seqinfo.ini'), '--out', out]);
      expect(run.stderr).toMatch(/525 frames/);
      expect(run.status).toBe(0);

      const text = await readFile(out, 'utf8');
      expect(text.split('\n')[0]).toMatch(/^1,\d+,-?[\d.]+,-?[\d.]+,[\d.]+,[\d.]+,[\d.]+,-1,-1,-1$/);
      const gt = await readGroundTruthFile(testDataPath('sequences/MOTChallenge-gt/MOT17-train/MOT17-09-FRCNN/gt/gt.txt'));
      const m = evaluateSequence(gt, parseResults(text), { benchmark: 'MOT17', seqLength: 525 });
      // Reference ByteTrack on the same detections: MOTA 54.4 %, IDF1 56.8 %.
      expect(m.clear.mota).toBeGreaterThanOrEqual(0.53);
      expect(m.identity.idf1).toBeGreaterThanOrEqual(0.55);
    });
  });
});
