/**
 * Why a media operation failed. The orchestrator decides retries from `retryable`:
 * - UNSUPPORTED_MEDIA: the file is not a usable video (text, still image, audio only, truncated…).
 * - DECODE_FAILED: ffmpeg could not decode the frames asked for.
 * - FFMPEG_NOT_FOUND: no ffmpeg/ffprobe binary could be found or started.
 * - ABORTED: the caller's AbortSignal fired; the work can be redone later.
 * - FFMPEG_FAILED: ffmpeg died for a reason that is not the file's fault (signal, timeout, I/O).
 */
export type MediaErrorCode = 'UNSUPPORTED_MEDIA' | 'DECODE_FAILED' | 'FFMPEG_NOT_FOUND' | 'ABORTED' | 'FFMPEG_FAILED';

// A bad file stays bad, and a missing binary stays missing until someone fixes the machine.
const RETRYABLE: Record<MediaErrorCode, boolean> = {
  UNSUPPORTED_MEDIA: false,
  DECODE_FAILED: false,
  FFMPEG_NOT_FOUND: false,
  ABORTED: true,
  FFMPEG_FAILED: true,
};

export interface MediaErrorOptions {
  cause?: unknown;
  /** The last lines ffmpeg/ffprobe wrote to stderr, when there are any. */
  stderrTail?: string;
}

/**
 * The one error type thrown by src/media.
 *
 * @example
 * throw new MediaError('UNSUPPORTED_MEDIA', 'no video stream (audio only)');
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;
  readonly retryable: boolean;
  readonly stderrTail?: string;

  constructor(code: MediaErrorCode, message: string, options: MediaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = RETRYABLE[code];
    if (options.stderrTail) this.stderrTail = options.stderrTail;
  }
}

/**
 * True when `error` is a MediaError, optionally of the given code.
 *
 * @example
 * if (isMediaError(err, 'ABORTED')) return;
 */
export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.code === code);
}
