import sharp from 'sharp';
import { applyHomography, CalibrationError, fitHomography, type Homography, type PitchCalibration } from './homography';
import { paintHeat } from './heat-layer';
import { drawPitch, pitchCanvas, toCanvas } from './pitch-drawing';
import { pitchExtentOf } from './pitch-extent';
import type { TrajectoryPoint } from './trajectory';
import { groundPoint, type Point2 } from './track-segments';
import { isTrusted } from './trajectory-sampling';

export type HeatmapSpace = 'pitch' | 'image';

export interface HeatmapOptions {
  /** Display size of the source video: the boxes' pixel space. */
  video: { width: number; height: number };
  staticCamera: boolean;
  calibration?: PitchCalibration | null;
  /** A preview frame (JPEG) shown darkened under an image-space heatmap; else a plain background. */
  backgroundJpeg?: string | null;
  /** Output width in pixels: default 900 on the pitch, min(640, video width) in image space. */
  width?: number;
  /** Blob size (Gaussian σ): default 1.5 m on the pitch, 1.5% of the width in image space. */
  sigmaMetres?: number;
  sigmaFraction?: number;
}

export interface Heatmap {
  png: Buffer;
  width: number;
  height: number;
  /** `pitch`: top view of the pitch in metres; `image`: the camera's view (source pixels scaled). */
  space: HeatmapSpace;
  /** Ground points painted. */
  point_count: number;
  warnings: string[];
}

const PITCH_MARGIN_M = 3;
const PITCH_GREEN = [22, 58, 34, 255];
const PLAIN_BACKGROUND = [28, 28, 28, 255];
const LINE_COLOUR = [235, 235, 235];
// A preview frame is dimmed to this share of its brightness so the heat stands out.
const BACKGROUND_DIM = 0.35;

/**
 * Where the player was, as a PNG heatmap of the ground points (bottom-centre of observed and
 * interpolated boxes; uncertain ones may be someone else), painted by paintHeat. On the pitch
 * (top view with its lines, 105 × 68 m or the calibration's extent) when a calibration is given,
 * the camera static and the calibration usable; otherwise in image space, over a darkened
 * preview frame when one is given. The result says which space was used and why not the pitch.
 *
 * @example
 * const heatmap = await renderHeatmap(points, { video: info, staticCamera: true, calibration });
 * heatmap.space; // 'pitch'
 * await writeFileAtomic('heatmap.png', heatmap.png);
 */
export async function renderHeatmap(points: readonly TrajectoryPoint[], options: HeatmapOptions): Promise<Heatmap> {
  const warnings: string[] = [];
  const ground = points.filter(isTrusted).map((point) => groundPoint(point.bbox!));
  let homography: Homography | null = null;
  if (options.calibration && options.staticCamera) {
    try {
      homography = fitHomography(options.calibration.points);
    } catch (error) {
      if (!(error instanceof CalibrationError)) throw error;
      warnings.push(`heatmap drawn in image space: the pitch calibration is unusable (${error.message})`);
    }
  }
  if (!options.staticCamera) {
    warnings.push(
      'heatmap drawn in image space and static_camera is not set: it shows where the player was on screen, not on the pitch; a moving camera mixes different parts of the pitch',
    );
  }
  if (homography) return pitchHeatmap(ground, homography, options, warnings);
  return imageHeatmap(ground, options, warnings);
}

async function pitchHeatmap(ground: Point2[], homography: Homography, options: HeatmapOptions, warnings: string[]): Promise<Heatmap> {
  const canvas = pitchCanvas(pitchExtentOf(options.calibration), options.width ?? 900, PITCH_MARGIN_M);
  const { width, height } = canvas;
  const rgba = solid(width, height, PITCH_GREEN);
  const onCanvas = ground.flatMap((point) => {
    const onPitch = applyHomography(homography.matrix, point);
    return onPitch ? [toCanvas(canvas, onPitch)] : [];
  });
  const used = paintHeat(rgba, width, height, onCanvas, (options.sigmaMetres ?? 1.5) * canvas.pixelsPerMetre);
  if (used < ground.length) warnings.push(`${ground.length - used} ground point(s) map off the heatmap's pitch area and are not shown`);
  drawPitch({ data: rgba, width, height, channels: 4 }, canvas, LINE_COLOUR);
  return { png: await encodePng(rgba, width, height), width, height, space: 'pitch', point_count: used, warnings };
}

async function imageHeatmap(ground: Point2[], options: HeatmapOptions, warnings: string[]): Promise<Heatmap> {
  const width = Math.round(options.width ?? Math.min(640, options.video.width));
  const height = Math.max(1, Math.round((width * options.video.height) / options.video.width));
  const scale = width / options.video.width;
  const rgba = options.backgroundJpeg ? await dimmedFrame(options.backgroundJpeg, width, height, warnings) : solid(width, height, PLAIN_BACKGROUND);
  const used = paintHeat(
    rgba,
    width,
    height,
    ground.map(([x, y]) => [x * scale, y * scale] as const),
    (options.sigmaFraction ?? 0.015) * width,
  );
  return { png: await encodePng(rgba, width, height), width, height, space: 'image', point_count: used, warnings };
}

async function dimmedFrame(file: string, width: number, height: number, warnings: string[]): Promise<Uint8Array> {
  try {
    const rgb = await sharp(file).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i]! * BACKGROUND_DIM;
      rgba[j + 1] = rgb[i + 1]! * BACKGROUND_DIM;
      rgba[j + 2] = rgb[i + 2]! * BACKGROUND_DIM;
      rgba[j + 3] = 255;
    }
    return rgba;
  } catch (error) {
    warnings.push(`heatmap background frame unreadable (${(error as Error).message}): drawn on a plain background`);
    return solid(width, height, PLAIN_BACKGROUND);
  }
}

function solid(width: number, height: number, colour: readonly number[]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set(colour, i);
  return rgba;
}

function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
}
