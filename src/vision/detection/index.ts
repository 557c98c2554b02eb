export { PersonDetector, type DetectionTimings, type PersonDetectorOptions } from './person-detector';
export { readRgbImage } from './read-image';
export { SessionCache, processSessionCache } from './session-cache';
export type { Detection, DetectOptions, RgbFrame, TilingOptions } from './types';
