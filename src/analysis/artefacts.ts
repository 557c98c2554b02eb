import path from 'node:path';

export type ArtefactKind = 'trajectory' | 'heatmap' | 'clip' | 'overview';

/** One file the analysis produced, named relative to the job's results folder. */
export interface ArtefactFile {
  name: string;
  content_type: string;
  kind: ArtefactKind;
  bytes?: number;
  /** For a clip: the part of the video it shows. */
  start_sec?: number;
  end_sec?: number;
}

/** The fixed names inside a job's results folder; clips are clips/clip-001.mp4… (see clipFileName). */
export const ARTEFACT_NAMES = {
  trajectoryJson: 'trajectory.json',
  trajectoryCsv: 'trajectory.csv',
  heatmap: 'heatmap.png',
  overview: 'overview.mp4',
  clipsDir: 'clips',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.mp4': 'video/mp4',
};

/**
 * The content type of an artefact, from its extension.
 *
 * @example contentTypeOf('clips/clip-001.mp4'); // 'video/mp4'
 */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * An artefact entry with its content type filled in.
 *
 * @example artefact('heatmap.png', 'heatmap', { bytes: 40213 }); // { name: 'heatmap.png', content_type: 'image/png', kind: 'heatmap', bytes: 40213 }
 */
export function artefact(name: string, kind: ArtefactKind, extra: Pick<ArtefactFile, 'bytes' | 'start_sec' | 'end_sec'> = {}): ArtefactFile {
  return { name, content_type: contentTypeOf(name), kind, ...extra };
}
