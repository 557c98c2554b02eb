import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PitchCalibration } from '../../analysis/calibration';
import { type ArtefactFile, ARTEFACT_NAMES, artefact } from '../../analysis/artefacts';
import type { FailedStep } from '../../analysis/analysis-results';
import { writeFileAtomic } from '../../analysis/atomic-file';
import { trajectoryCsv, trajectoryJson } from '../../analysis/exports';
import { renderHeatmap } from '../../analysis/heatmap';
import type { Presence } from '../../analysis/presence';
import { renderClips } from '../../analysis/render-clips';
import { renderOverview } from '../../analysis/render-overview';
import type { TrajectoryPoint } from '../../analysis/trajectory';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import type { VideoInfo } from '../../media/video-info';

export interface ArtefactInput {
  source: string;
  /** The job's results folder. */
  outputDir: string;
  points: TrajectoryPoint[];
  presence: Presence;
  video: Pick<VideoInfo, 'width' | 'height' | 'fps' | 'duration_sec'>;
  staticCamera: boolean;
  calibration: PitchCalibration | null;
  /** A preview frame shown under an image-space heatmap. */
  backgroundJpeg: string | null;
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface RenderedArtefacts {
  artefacts: ArtefactFile[];
  heatmap: { name: string; space: 'pitch' | 'image'; warnings: string[] } | null;
  failedSteps: FailedStep[];
}

/**
 * Writes every artefact of an analysis into the results folder: trajectory JSON and CSV, heatmap,
 * highlight clips, annotated overview. A step that fails is reported in `failedSteps` (the job
 * ends PARTIAL) and the others still run; a cancellation stops them all.
 *
 * @example const { artefacts, failedSteps } = await renderArtefacts({ source, outputDir, points, presence, ... })
 */
export async function renderArtefacts(input: ArtefactInput): Promise<RenderedArtefacts> {
  const { outputDir, points, video, binaries, signal } = input;
  await mkdir(outputDir, { recursive: true });
  const artefacts: ArtefactFile[] = [];
  const failedSteps: FailedStep[] = [];
  let heatmap: RenderedArtefacts['heatmap'] = null;
  const sized = async (name: string, kind: ArtefactFile['kind'], extra: Partial<ArtefactFile> = {}) =>
    artefact(name, kind, { ...extra, bytes: (await stat(path.join(outputDir, name))).size });

  const step = async (name: FailedStep['step'], work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (signal?.aborted) throw error;
      failedSteps.push({ step: name, message: error instanceof Error ? error.message : String(error) });
    }
  };

  await step('exports', async () => {
    await writeFileAtomic(path.join(outputDir, ARTEFACT_NAMES.trajectoryJson), trajectoryJson(points, { fps: 1 / input.presence.frame_interval_sec, video }));
    await writeFileAtomic(path.join(outputDir, ARTEFACT_NAMES.trajectoryCsv), trajectoryCsv(points));
    artefacts.push(await sized(ARTEFACT_NAMES.trajectoryJson, 'trajectory'), await sized(ARTEFACT_NAMES.trajectoryCsv, 'trajectory'));
  });
  await step('heatmap', async () => {
    const rendered = await renderHeatmap(points, {
      video,
      staticCamera: input.staticCamera,
      calibration: input.calibration,
      backgroundJpeg: input.backgroundJpeg,
    });
    await writeFileAtomic(path.join(outputDir, ARTEFACT_NAMES.heatmap), rendered.png);
    artefacts.push(await sized(ARTEFACT_NAMES.heatmap, 'heatmap'));
    heatmap = { name: ARTEFACT_NAMES.heatmap, space: rendered.space, warnings: rendered.warnings };
  });
  input.onProgress?.(0.05);
  await step('clips', async () => {
    const clips = await renderClips(input.source, points, input.presence.spans, {
      binaries,
      outputDir: path.join(outputDir, ARTEFACT_NAMES.clipsDir),
      video,
      signal,
      onProgress: (f) => input.onProgress?.(0.05 + 0.65 * f),
    });
    for (const clip of clips) {
      const name = `${ARTEFACT_NAMES.clipsDir}/${clip.file}`;
      artefacts.push(artefact(name, 'clip', { bytes: clip.bytes, start_sec: clip.start_sec, end_sec: clip.end_sec }));
    }
  });
  await step('overview', async () => {
    await renderOverview(input.source, points, {
      binaries,
      file: path.join(outputDir, ARTEFACT_NAMES.overview),
      video,
      signal,
      onProgress: (f) => input.onProgress?.(0.7 + 0.3 * f),
    });
    artefacts.push(await sized(ARTEFACT_NAMES.overview, 'overview'));
  });
  return { artefacts, heatmap, failedSteps };
}
