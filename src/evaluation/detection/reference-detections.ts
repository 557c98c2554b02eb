import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { xywhIou } from '../../vision/detection/box-iou';
import type { Detection } from '../../vision/detection/types';

const referenceSchema = z.object({
  frames: z.array(
    z.object({
      video: z.string(),
      frameIndex0: z.number().int().nonnegative(),
      persons: z.array(z.object({ score: z.number(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) })),
    }),
  ),
});

/** One reference frame: persons (score ≥ 0.3) found by the reference YOLOX-Nano pipeline. */
export interface ReferenceFrame {
  /** Video path relative to the shared data folder. */
  video: string;
  frameIndex: number;
  persons: Detection[];
}

/** How a detector's output compares to a reference frame. */
export interface ReferenceComparison {
  /** One entry per reference person, with the best-overlapping detection (if any). */
  pairs: { reference: Detection; detection?: Detection; iou: number; scoreDelta: number; maxEdgeDelta: number }[];
  /** Detections scoring at least `extraScore` that overlap no reference person. */
  extra: Detection[];
}

/**
 * Reads `reference/yolox_nano_video_detections.json` (boxes as x1,y1,x2,y2) into detections.
 *
 * @example const frames = await readReferenceDetections('/data/reference/yolox_nano_video_detections.json')
 */
export async function readReferenceDetections(file: string): Promise<ReferenceFrame[]> {
  const parsed = referenceSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  return parsed.frames.map((f) => ({
    video: f.video,
    frameIndex: f.frameIndex0,
    persons: f.persons.map(({ score, box: [x1, y1, x2, y2] }) => ({ x: x1, y: y1, w: x2 - x1, h: y2 - y1, score })),
  }));
}

/**
 * Pairs each reference person with the detection that overlaps it most and lists unmatched
 * detections at or above `extraScore`.
 *
 * @example compareToReference(detections, frame.persons, 0.33).pairs.every((p) => p.iou > 0.8)
 */
export function compareToReference(detections: readonly Detection[], reference: readonly Detection[], extraScore: number): ReferenceComparison {
  const used = new Set<Detection>();
  const pairs = reference.map((ref) => {
    let detection: Detection | undefined;
    let best = 0;
    for (const d of detections) {
      const value = xywhIou(ref, d);
      if (!used.has(d) && value > best) {
        best = value;
        detection = d;
      }
    }
    if (detection) used.add(detection);
    const scoreDelta = detection ? Math.abs(detection.score - ref.score) : Infinity;
    const maxEdgeDelta = detection
      ? Math.max(
          Math.abs(detection.x - ref.x),
          Math.abs(detection.y - ref.y),
          Math.abs(detection.x + detection.w - (ref.x + ref.w)),
          Math.abs(detection.y + detection.h - (ref.y + ref.h)),
        )
      : Infinity;
    return { reference: ref, detection, iou: best, scoreDelta, maxEdgeDelta };
  });
  const extra = detections.filter((d) => d.score >= extraScore && !used.has(d));
  return { pairs, extra };
}
