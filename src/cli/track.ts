/**
 * Runs ByteTrack on a MOTChallenge detection file and writes MOTChallenge results
 * (`frame,id,x,y,w,h,score,-1,-1,-1`). Bad arguments or unreadable inputs exit with code 2.
 *
 * @example npm run track -- --det MOT17-09-FRCNN/det/det.txt --seqinfo MOT17-09-FRCNN/seqinfo.ini --out out/MOT17-09-FRCNN.txt
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatResults } from '../vision/evaluation/mot-challenge-format';
import { readDetectionsFile, readSeqInfoFile } from '../vision/evaluation/mot-files';
import { trackMotSequence } from '../vision/evaluation/track-mot-sequence';
import { parseTrackArgs, TRACK_USAGE } from './track-args';
import { runCli } from './tracker-cli-options';

async function main(): Promise<void> {
  const args = parseTrackArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${TRACK_USAGE}\n`);
    return;
  }
  const seqInfo = args.seqinfo ? await readSeqInfoFile(args.seqinfo) : undefined;
  const detections = await readDetectionsFile(args.det);
  // parseTrackArgs guarantees a seqinfo or a frame rate.
  const frameRate = args.frameRate ?? (seqInfo as NonNullable<typeof seqInfo>).frameRate;
  const seqLength = seqInfo?.seqLength ?? detections.reduce((max, d) => Math.max(max, d.frame), 0);

  const start = performance.now();
  const rows = trackMotSequence(detections, { frameRate, seqLength, frameStep: args.frameStep, tracker: args.tracker });
  const seconds = (performance.now() - start) / 1000;

  await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
  await writeFile(args.out, formatResults(rows));
  const frames = Math.ceil(seqLength / args.frameStep);
  const ids = new Set(rows.map((r) => r.id)).size;
  process.stderr.write(
    `track: ${frames} frames, ${detections.length} detections → ${rows.length} boxes, ${ids} ids in ${seconds.toFixed(2)} s (${(frames / seconds).toFixed(0)} frames/s); wrote ${args.out}\n`,
  );
}

await runCli(main, 'track');
