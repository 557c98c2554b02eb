export type VisionErrorCode = 'MODEL_NOT_FOUND' | 'MODEL_UNREADABLE' | 'MODEL_UNSUPPORTED' | 'IMAGE_UNREADABLE' | 'INVALID_FRAME';

/**
 * A failure of the vision layer that retrying will not fix (a missing or broken model, an
 * unsupported signature, a bad image). The job orchestrator reads `code` and `retryable`.
 *
 * @example throw new VisionError('MODEL_NOT_FOUND', `model file not found: ${path}`)
 */
export class VisionError extends Error {
  readonly retryable = false;

  constructor(
    readonly code: VisionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VisionError';
  }
}
