// Demuxers whose fast seek lands on a keyframe at or before the target, from an index (MP4 sample
// tables, Matroska cues, AVI idx1…). Others (MPEG-TS, MPEG-PS, raw streams) land on any packet.
const INDEXED_DEMUXERS = new Set(['mov', 'mp4', 'matroska', 'webm', 'avi', 'asf', 'flv', 'nut', 'mxf', 'gxf']);

/**
 * Whether ffmpeg's fast input seek in this container starts decoding at a keyframe before the
 * target (so `-ss T -i` is exact), given ffprobe's format_name.
 *
 * @example
 * hasKeyframeIndex('mov,mp4,m4a,3gp,3g2,mj2'); // true
 * hasKeyframeIndex('mpegts');                  // false
 */
export function hasKeyframeIndex(container: string): boolean {
  return container.split(',').some((name) => INDEXED_DEMUXERS.has(name));
}
