/**
 * `npm run candidates -- --video match.mp4 --model yolox_nano.onnx --out sheet.jpg [--previews 12] [--tile 416]`
 *
 * Runs preview extraction and candidate tracking on one video, outside any job, and draws every
 * candidate on every preview (one colour and label per track id) into one contact sheet, to see
 * what autodetection proposes. Prints the candidates as JSON lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Candidate, PreviewFrame } from '../../machines/job.types';
import { extractFrames } from '../media/extract-frames';
import { resolveFfmpegBinaries } from '../media/ffmpeg-binaries';
import { planPreviews } from '../media/preview-plan';
import { probeVideo } from '../media/probe';
import { trackCandidatesService } from '../services/track-candidates';
import { localMediaStore } from '../storage/media-store';
import { candidateSettings, detectorSettings, loadConfig } from '../config';

const COLUMNS = 4;
const TILE_WIDTH = 640;

function usage(message: string): never {
  console.error(`${message}\nusage: npm run candidates -- --video FILE --out SHEET.jpg [--model MODEL.onnx] [--previews N] [--tile SIZE]`);
  process.exit(2);
}

function colour(trackId: number): string {
  return `hsl(${(trackId * 137.5) % 360}, 90%, 55%)`;
}

async function drawPreview(file: string, preview: PreviewFrame, candidates: Candidate[]): Promise<Buffer> {
  const scale = TILE_WIDTH / preview.width;
  const height = Math.round(preview.height * scale);
  const boxes = candidates.flatMap((c) =>
    c.frames
      .filter((f) => f.frame_key === preview.frame_key)
      .map((f) => {
        const [x, y, w, h] = [f.bbox.x * scale, f.bbox.y * scale, f.bbox.w * scale, f.bbox.h * scale];
        return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour(c.track_id)}" stroke-width="2"/>
          <text x="${x}" y="${Math.max(10, y - 2)}" font-size="11" font-family="sans-serif" fill="${colour(c.track_id)}">${c.track_id}</text>`;
      }),
  );
  const svg = `<svg width="${TILE_WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">
    <text x="4" y="${height - 6}" font-size="13" font-family="sans-serif" fill="white">${preview.frame_key} · ${preview.frame_time_sec.toFixed(2)} s</text>
    ${boxes.join('\n')}</svg>`;
  return sharp(file).resize(TILE_WIDTH, height).composite([{ input: Buffer.from(svg) }]).jpeg().toBuffer();
}

async function main() {
  const { values } = parseArgs({
    options: { video: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' }, previews: { type: 'string' }, tile: { type: 'string' } },
  });
  if (!values.video || !values.out) usage('--video and --out are required');
  const env = { ...process.env, ...(values.model ? { DETECTOR_MODEL: values.model } : {}), ...(values.tile ? { DETECTOR_TILE_SIZE: values.tile } : {}) };
  const binaries = resolveFfmpegBinaries();
  const work = await mkdtemp(path.join(tmpdir(), 'spotlight-candidates-'));
  try {
    const video = await probeVideo(values.video, { binaries });
    const plan = planPreviews(video, Number(values.previews ?? 12));
    const extracted = await extractFrames(values.video, plan, { binaries, outputDir: work, concurrency: 2, startTimeSec: video.start_time_sec, container: video.container });
    const previews: PreviewFrame[] = extracted.map(({ file: _file, ...frame }) => frame);
    const store = localMediaStore(path.dirname(path.resolve(values.video)));
    const config = loadConfig(env);
    const service = trackCandidatesService({ store, binaries, detector: detectorSettings(config), candidates: candidateSettings(config) });
    const started = performance.now();
    const { candidates } = (await service(
      { jobId: 'sheet', source: { key: path.basename(values.video), kind: 'import', filename: null }, video, previews },
      { jobId: 'sheet', attempt: 1, signal: new AbortController().signal, reportProgress: () => {}, publish: async () => {} },
    )) as { candidates: Candidate[] };
    console.error(`${candidates.length} candidates in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const c of candidates) console.log(JSON.stringify({ track_id: c.track_id, length: c.length, mean_score: c.mean_score }));

    const tiles = await Promise.all(extracted.map((frame, i) => drawPreview(frame.file, previews[i], candidates)));
    const tileHeight = Math.round((video.height * TILE_WIDTH) / video.width);
    const rows = Math.ceil(tiles.length / COLUMNS);
    await sharp({ create: { width: COLUMNS * TILE_WIDTH, height: rows * tileHeight, channels: 3, background: '#000' } })
      .composite(tiles.map((input, i) => ({ input, left: (i % COLUMNS) * TILE_WIDTH, top: Math.floor(i / COLUMNS) * tileHeight })))
      .jpeg({ quality: 85 })
      .toFile(values.out);
    console.error(`sheet written to ${values.out}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? `${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}` : error);
  process.exit(1);
});
