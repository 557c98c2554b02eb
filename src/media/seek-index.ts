// Demuxers whose fast seek lands on a keyframe at or before the target, from an index (MP4 sample
// tables, Matroska cues, AVI idx1…). Others (MPEG-TS, MPEG-PS, raw streams) land on any packet.
const INDEXED_DEMUXERS = new Set(['mov', 'mp4', 'matroska', 'webm', 'avi', 'asf', 'flv', 'nut', 'mxf', 'gxf']);

// Raw elementary streams: no container, no timestamps (ffmpeg makes them up from the frame rate),
// and no seeking at all: any input `-ss`, even `-ss 0`, makes ffmpeg 5.1 say "could not seek to
// position" and then output no frame.
const UNSEEKABLE_DEMUXERS = new Set(['h264', 'hevc', 'vvc', 'm4v', 'mpegvideo', 'cavsvideo', 'vc1', 'dirac', 'avs2', 'avs3', 'h261', 'h263', 'obu', 'mjpeg']);

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

/**
 * Whether ffmpeg can seek in this container at all (given ffprobe's format_name): false for raw
 * streams such as Annex B H.264, which must be decoded from their first frame, without `-ss`.
 *
 * @example
 * canSeek('mpegts'); // true
 * canSeek('h264');   // false
 */
export function canSeek(container: string): boolean {
  return !container.split(',').some((name) => UNSEEKABLE_DEMUXERS.has(name));
}
