import type { FfprobeOutput, FfprobeStream } from './ffprobe-output';
import { MediaError } from './media-error';

/** What the rest of Spotlight needs to know about an uploaded video. */
export interface VideoInfo {
  duration_sec: number;
  fps: number;
  /** As displayed: rotation applied (a portrait phone video is taller than wide). Sample aspect ratio is not applied. */
  width: number;
  height: number;
  codec: string;
  frame_count: number;
  /** Clockwise rotation applied for display (the classic `rotate` tag: 90 for a phone held upright). */
  rotation: 0 | 90 | 180 | 270;
  has_audio: boolean;
  /** Timestamp of the video stream's first frame; frame k is at start_time_sec + k / fps. */
  start_time_sec: number;
  /** ffmpeg's demuxer name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2' or 'matroska,webm'. */
  container: string;
  bit_rate: number | null;
}

// Demuxers that open things which are not camera footage.
const TEXT_FORMATS = new Set(['tty']);
const TEXT_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf']);
const PLAYLIST_FORMATS = new Set(['hls', 'concat', 'ffconcat']);

/**
 * Turns ffprobe's metadata into a VideoInfo, or throws MediaError('UNSUPPORTED_MEDIA') naming why
 * the file is not a video: text, still image, no video stream, zero duration, a single frame.
 * Pure: the decode check is done separately (see decode-check.ts). `packetCount`, the counted
 * frames of the video stream, gives the duration (count / fps) when the metadata states none, as
 * with raw H.264 (see statesDuration).
 *
 * @example
 * videoInfoFromProbe(await readFfprobeOutput('match.mp4', { binaries })).fps; // 25
 */
export function videoInfoFromProbe(probe: FfprobeOutput, packetCount?: number): VideoInfo {
  const container = probe.format.format_name ?? 'unknown';
  const formats = container.split(',');
  if (formats.some((name) => TEXT_FORMATS.has(name))) unsupported('a text file, not a video');
  if (formats.some(isImageFormat)) unsupported(`a still image (${container}), not a video`);
  if (formats.some((name) => PLAYLIST_FORMATS.has(name))) unsupported(`a playlist (${container}), not a video file`);

  const video = probe.streams.find(isMotionVideo);
  if (!video) unsupported(noVideoReason(probe.streams));
  const codec = video.codec_name ?? 'unknown';
  if (TEXT_CODECS.has(codec)) unsupported('a text file, not a video');
  if (!(video.width! > 0) || !(video.height! > 0)) unsupported(`the video stream (${codec}) has no picture size`);

  const fps = positiveRate(video.avg_frame_rate) ?? positiveRate(video.r_frame_rate);
  if (fps === null) unsupported(`the video stream (${codec}) has no frame rate`);

  const duration = statedDuration(probe, video) ?? (packetCount ? packetCount / fps : null);
  if (duration === null) unsupported('zero duration: the video holds no playable time');

  const frameCount = frameCountOf(video, duration, fps);
  if (frameCount < 2) unsupported(`a single frame (${codec}) is a still image, not a video`);

  const rotation = rotationOf(video);
  const sideways = rotation === 90 || rotation === 270;
  return {
    duration_sec: duration,
    fps,
    width: sideways ? video.height! : video.width!,
    height: sideways ? video.width! : video.height!,
    codec,
    frame_count: frameCount,
    rotation,
    has_audio: probe.streams.some((stream) => stream.codec_type === 'audio'),
    start_time_sec: finiteNumber(video.start_time) ?? finiteNumber(probe.format.start_time) ?? 0,
    container,
    bit_rate: positiveNumber(probe.format.bit_rate),
  };
}

/**
 * Whether the metadata gives the video a duration; when not (raw streams: Annex B H.264, raw HEVC),
 * count its packets and hand the count to videoInfoFromProbe.
 *
 * @example
 * statesDuration(await readFfprobeOutput('camera.h264', { binaries })); // false
 */
export function statesDuration(probe: FfprobeOutput): boolean {
  const video = probe.streams.find(isMotionVideo);
  return video === undefined || statedDuration(probe, video) !== null;
}

function statedDuration(probe: FfprobeOutput, video: FfprobeStream): number | null {
  return positiveNumber(video.duration) ?? durationTag(video.tags) ?? positiveNumber(probe.format.duration);
}

function unsupported(reason: string): never {
  throw new MediaError('UNSUPPORTED_MEDIA', reason);
}

function isImageFormat(name: string): boolean {
  return name === 'image2' || name === 'image2pipe' || name.endsWith('_pipe');
}

// Cover art in an audio file is a video stream too, but not footage.
function isMotionVideo(stream: FfprobeStream): boolean {
  return stream.codec_type === 'video' && !stream.disposition?.attached_pic && !stream.disposition?.still_image;
}

function noVideoReason(streams: FfprobeStream[]): string {
  if (streams.length === 0) return 'no video stream: the file holds no streams (zero duration)';
  if (streams.some((stream) => stream.codec_type === 'audio')) return 'no video stream (audio only)';
  return `no video stream (only ${[...new Set(streams.map((stream) => stream.codec_type ?? 'unknown'))].join(', ')})`;
}

/**
 * nb_frames counts packets, which overcounts when an edit list hides some of them (the soccer
 * sample: 772 packets, 630 shown): trust it only when it agrees with duration × fps.
 */
function frameCountOf(video: FfprobeStream, duration: number, fps: number): number {
  const fromDuration = Math.floor(duration * fps + 0.01);
  const packets = positiveNumber(video.nb_frames);
  if (packets !== null && Math.abs(packets - duration * fps) <= Math.max(2, 0.01 * packets)) return Math.round(packets);
  return fromDuration;
}

function rotationOf(video: FfprobeStream): VideoInfo['rotation'] {
  // The display matrix gives the counter-clockwise angle; the legacy tag the clockwise one.
  const matrix = video.side_data_list?.find((side) => typeof side.rotation === 'number')?.rotation;
  const tag = finiteNumber(video.tags?.rotate);
  const clockwise = matrix !== undefined ? -matrix : (tag ?? 0);
  const quarterTurns = ((Math.round(clockwise / 90) % 4) + 4) % 4;
  return (quarterTurns * 90) as VideoInfo['rotation'];
}

// Matroska keeps a stream's duration in a tag: "DURATION": "00:00:10.040000000".
function durationTag(tags: Record<string, string> | undefined): number | null {
  const value = tags?.DURATION ?? tags?.duration;
  const match = value ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value) : null;
  if (!match) return null;
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return seconds > 0 ? seconds : null;
}

function positiveRate(rate: string | undefined): number | null {
  const match = rate ? /^(\d+)\/(\d+)$/.exec(rate) : null;
  if (!match) return positiveNumber(rate);
  const value = Number(match[1]) / Number(match[2]);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function positiveNumber(text: string | undefined): number | null {
  const value = finiteNumber(text);
  return value !== null && value > 0 ? value : null;
}

function finiteNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
