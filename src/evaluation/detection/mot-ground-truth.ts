import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One MOTChallenge gt.txt row (`frame,id,x,y,w,h,consider,class,visibility`). */
export interface MotGroundTruthBox {
  frame: number;
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  consider: boolean;
  classId: number;
  visibility: number;
}

/** One MOTChallenge sequence folder: its frame images and ground truth by frame number. */
export interface MotSequence {
  name: string;
  /** Absolute image paths by 1-based frame number, for the images present. */
  images: Map<number, string>;
  groundTruth: Map<number, MotGroundTruthBox[]>;
}

/**
 * Parses a MOTChallenge gt.txt into boxes grouped by frame.
 *
 * @example parseMotGroundTruth('1,1,260,450,102,262,1,1,1.0\n').get(1)?.[0].classId // 1
 */
export function parseMotGroundTruth(text: string): Map<number, MotGroundTruthBox[]> {
  const byFrame = new Map<number, MotGroundTruthBox[]>();
  for (const line of text.split('\n')) {
    const cells = line.trim().split(',');
    if (cells.length < 9) continue;
    const [frame, id, x, y, w, h, consider, classId, visibility] = cells.map(Number);
    const box = { frame, id, x, y, w, h, consider: consider === 1, classId, visibility };
    const list = byFrame.get(frame);
    if (list) list.push(box);
    else byFrame.set(frame, [box]);
  }
  return byFrame;
}

/**
 * Reads a MOTChallenge sequence folder (`img1/NNNNNN.jpg`, `gt/gt.txt`).
 *
 * @example const seq = await readMotSequence('/data/MOT17-mini/train/MOT17-09-FRCNN') // seq.images.size === 4
 */
export async function readMotSequence(dir: string): Promise<MotSequence> {
  const imageDir = path.join(dir, 'img1');
  const images = new Map<number, string>();
  for (const file of (await readdir(imageDir)).sort()) {
    const match = /^(\d+)\.(jpe?g|png)$/i.exec(file);
    if (match) images.set(Number(match[1]), path.join(imageDir, file));
  }
  const groundTruth = parseMotGroundTruth(await readFile(path.join(dir, 'gt', 'gt.txt'), 'utf8'));
  return { name: path.basename(dir), images, groundTruth };
}
