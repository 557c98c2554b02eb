/**
 * The time to give ffmpeg's input `-ss` so that the first frame it keeps is the frame shown at
 * `frameTimeSec` (seconds from the video's first frame).
 *
 * Why half a frame early: ffmpeg keeps the first frame whose timestamp is >= the seek time, and
 * both are rounded (stream time base, microseconds), so seeking to exactly k/fps lands on frame k
 * or k+1 depending on the rounding (e.g. at 30000/1001 fps). Half a frame before frame k lies
 * between frames k-1 and k, far from either rounding edge.
 * `startTimeSec` (the video stream's first timestamp) makes the result an absolute timestamp, for
 * use with `-seek_timestamp 1`.
 *
 * @example
 * seekTimeForFrame(4, 1 / 25); // 3.98  (frame 100 at 25 fps is at 4.00 s, frame 99 at 3.96 s)
 */
export function seekTimeForFrame(frameTimeSec: number, frameDurationSec: number, startTimeSec = 0): number {
  const time = startTimeSec + frameTimeSec - frameDurationSec / 2;
  return Math.max(0, Math.round(time * 1e6) / 1e6);
}

/**
 * Seconds as ffmpeg reads them, to the microsecond (ffmpeg's own time unit).
 *
 * @example
 * ffmpegSeconds(3.98); // '3.980000'
 */
export function ffmpegSeconds(seconds: number): string {
  return seconds.toFixed(6);
}
