import type { Candidate } from './types';

/** Where the letterboxed content sits: YOLOX pastes it top-left, Ultralytics centres it. */
export type LetterboxAlign = 'top-left' | 'center';

/** A rectangle of the source frame, in integer pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** How a region of `scale`·size was placed inside the model input. */
export interface Letterbox {
  scale: number;
  /** Size of the resized content: (round(W·scale), round(H·scale)). */
  width: number;
  height: number;
  padLeft: number;
  padTop: number;
  padRight: number;
  padBottom: number;
}

/**
 * Keep-aspect fit of a `sourceWidth`×`sourceHeight` region into the model input.
 *
 * @example letterboxGeometry(1280, 720, 416, 416, 'top-left') // { scale: 0.325, width: 416, height: 234, padTop: 0, padBottom: 182, ... }
 */
export function letterboxGeometry(
  sourceWidth: number,
  sourceHeight: number,
  inputWidth: number,
  inputHeight: number,
  align: LetterboxAlign,
): Letterbox {
  const scale = Math.min(inputWidth / sourceWidth, inputHeight / sourceHeight);
  const width = Math.min(inputWidth, Math.round(sourceWidth * scale));
  const height = Math.min(inputHeight, Math.round(sourceHeight * scale));
  const dw = inputWidth - width;
  const dh = inputHeight - height;
  if (align === 'top-left') {
    return { scale, width, height, padLeft: 0, padTop: 0, padRight: dw, padBottom: dh };
  }
  // Ultralytics LetterBox: the odd pixel goes right/bottom (round(d/2 - 0.1) on the left/top).
  const padLeft = Math.max(0, Math.round(dw / 2 - 0.1));
  const padTop = Math.max(0, Math.round(dh / 2 - 0.1));
  return { scale, width, height, padLeft, padTop, padRight: dw - padLeft, padBottom: dh - padTop };
}

/**
 * Maps a box from model-input pixels back to source-frame pixels: undo the padding and scale,
 * add the region's offset (non-zero for a tile), and clip to the region.
 *
 * @example toSourceBox({ x1: 10, y1: 0, x2: 20, y2: 30, score: 0.9, classId: 0 }, letterbox, { left: 320, top: 0, width: 416, height: 416 })
 */
export function toSourceBox(box: Candidate, letterbox: Letterbox, region: Region): Candidate {
  const { scale, padLeft, padTop } = letterbox;
  const right = region.left + region.width;
  const bottom = region.top + region.height;
  return {
    x1: clamp(region.left + (box.x1 - padLeft) / scale, region.left, right),
    y1: clamp(region.top + (box.y1 - padTop) / scale, region.top, bottom),
    x2: clamp(region.left + (box.x2 - padLeft) / scale, region.left, right),
    y2: clamp(region.top + (box.y2 - padTop) / scale, region.top, bottom),
    score: box.score,
    classId: box.classId,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
