/**
 * Runs ByteTrack on a MOTChallenge detection file and writes MOTChallenge results
 * (`frame,id,x,y,w,h,score,-1,-1,-1`). Bad arguments or unreadable inputs exit with code 2.
 *
 * @example npm run track -- --det MOT17-09-FRCNN/det/det.txt --seqinfo MOT17-09-FRCNN/seqinfo.ini --out out/MOT17-09-FRCNN.txt
 */
import { trackMotSequence } from '../evaluation/track-mot-sequence';
import { readMotSequenceInput, writeMotResults } from './mot-sequence-cli';
import { parseTrackArgs, TRACK_USAGE } from './track-args';
import { runCli } from './tracker-cli-options';

async function main(): Promise<void> {
  const args = parseTrackArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${TRACK_USAGE}\n`);
    return;
  }
  const { detections, frameRate, seqLength } = await readMotSequenceInput(args);

  const start = performance.now();
  const rows = trackMotSequence(detections, { frameRate, seqLength, frameStep: args.frameStep, tracker: args.tracker });
  const seconds = (performance.now() - start) / 1000;

  await writeMotResults(args.out, rows);
  const frames = Math.ceil(seqLength / args.frameStep);
  const ids = new Set(rows.map((r) => r.id)).size;
  process.stderr.write(
    `track: ${frames} frames, ${detections.length} detections → ${rows.length} boxes, ${ids} ids in ${seconds.toFixed(2)} s (${(frames / seconds).toFixed(0)} frames/s); wrote ${args.out}\n`,
  );
}

await runCli(main, 'track');
