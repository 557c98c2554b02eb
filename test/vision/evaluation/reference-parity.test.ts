import { expect, it } from 'vitest';
import { devSequences } from '../../../src/evaluation/dev-sequences';
import { evaluateSequence } from '../../../src/evaluation/evaluate-sequence';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../../../src/evaluation/mot-files';
import { readReferenceResults } from '../../../src/evaluation/reference-results';
import { trackMotSequence } from '../../../src/evaluation/track-mot-sequence';
import { describeWithData, testDataDir, testDataPath } from '../../support/test-data';

// The two shortest dev sequences (525 and 179 frames) keep this to about a second; `npm run eval:tracker`
// covers all six.
const SEQUENCES = ['MOT17-09-FRCNN', 'TUD-Stadtmitte'];

async function score(name: string, referenceQuirks: boolean) {
  const seq = devSequences(testDataDir).find((s) => s.name === name);
  if (!seq) throw new Error(`unknown dev sequence ${name}`);
  const [detections, gt, info] = await Promise.all([readDetectionsFile(seq.detPath), readGroundTruthFile(seq.gtPath), readSeqInfoFile(seq.seqInfoPath)]);
  const results = trackMotSequence(detections, { frameRate: info.frameRate, seqLength: info.seqLength, tracker: { referenceQuirks } });
  return evaluateSequence(gt, results, { benchmark: seq.benchmark, seqLength: info.seqLength });
}

describeWithData('ByteTrack and the metrics against the reference Python ByteTrack + TrackEval', ['reference', 'bytetrack_dev_reference.json'], () => {
  describeWithData('on the dev sequences', ['sequences', 'MOTChallenge-gt'], () => {
    for (const name of SEQUENCES) {
      it(`${name}: reproduces the reference counts exactly with referenceQuirks`, async () => {
        const reference = (await readReferenceResults(testDataPath('reference', 'bytetrack_dev_reference.json'))).sequences[name];
        const m = await score(name, true);
        expect({ IDSW: m.clear.idsw, FP: m.clear.fp, FN: m.clear.fn, GT: m.gtDets }).toEqual({ IDSW: reference.IDSW, FP: reference.FP, FN: reference.FN, GT: reference.GT });
        expect(100 * m.clear.mota).toBeCloseTo(reference.MOTA, 3);
        expect(100 * m.identity.idf1).toBeCloseTo(reference.IDF1, 3);
      });

      it(`${name}: stays within half a point of the reference by default`, async () => {
        const reference = (await readReferenceResults(testDataPath('reference', 'bytetrack_dev_reference.json'))).sequences[name];
        const m = await score(name, false);
        expect(Math.abs(100 * m.clear.mota - reference.MOTA)).toBeLessThan(0.5);
        expect(Math.abs(100 * m.identity.idf1 - reference.IDF1)).toBeLessThan(0.5);
      });
    }
  });
});
