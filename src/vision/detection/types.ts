/** A person box in source-frame pixels (top-left x,y, width, height) with its confidence 0..1. */
export interface Detection {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

/** A packed rgb24 frame: `data.length === width * height * 3`. */
export interface RgbFrame {
  data: Buffer;
  width: number;
  height: number;
}

/** A box as x1,y1,x2,y2 corners with its score and class, as the decoders and NMS work on it. */
export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classId: number;
}

/**
 * Overlapping-tile inference for small people. `tileSize` and `overlap` are in source pixels;
 * `includeFullFrame` (default true) also runs the whole frame so that people taller than the
 * overlap are still seen whole once.
 */
export interface TilingOptions {
  tileSize: number;
  overlap: number;
  includeFullFrame?: boolean;
}

export interface DetectOptions {
  /** Minimum person score kept (default 0.3). */
  scoreThreshold?: number;
  /** IoU above which the lower-scored of two same-class boxes is dropped (default 0.45). */
  nmsIou?: number;
  tiling?: TilingOptions;
}
