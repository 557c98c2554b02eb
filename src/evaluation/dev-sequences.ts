import path from 'node:path';
import type { MotBenchmark } from './evaluation-data';

/** Where one development sequence's files live inside the shared data folder. */
export interface DevSequence {
  name: string;
  benchmark: MotBenchmark;
  detPath: string;
  gtPath: string;
  seqInfoPath: string;
}

const MOT17_DEV = ['MOT17-02-FRCNN', 'MOT17-04-FRCNN', 'MOT17-09-FRCNN', 'MOT17-10-FRCNN', 'MOT17-11-FRCNN'];

/**
 * The tracker development set: public FRCNN detections of five MOT17 train sequences scored
 * against their full ground truth, plus MOT15 TUD-Stadtmitte (detections and ground truth),
 * laid out as described in the data folder's SOURCES.md.
 *
 * @example devSequences('/work/shared/data').map((s) => s.name)
 */
export function devSequences(dataDir: string): DevSequence[] {
  const mot17: DevSequence[] = MOT17_DEV.map((name) => ({
    name,
    benchmark: 'MOT17',
    detPath: path.join(dataDir, 'sequences/MOT17-mini/train', name, 'det/det.txt'),
    gtPath: path.join(dataDir, 'sequences/MOTChallenge-gt/MOT17-train', name, 'gt/gt.txt'),
    seqInfoPath: path.join(dataDir, 'sequences/MOTChallenge-gt/MOT17-train', name, 'seqinfo.ini'),
  }));
  const tud = path.join(dataDir, 'sequences/MOTChallenge-gt/MOT15-train/TUD-Stadtmitte');
  return [
    ...mot17,
    {
      name: 'TUD-Stadtmitte',
      benchmark: 'MOT15',
      detPath: path.join(tud, 'det/det.txt'),
      gtPath: path.join(tud, 'gt/gt.txt'),
      seqInfoPath: path.join(tud, 'seqinfo.ini'),
    },
  ];
}
