/**
 * Keeps only the end of a process's stderr: enough to explain a failure, bounded in memory however
 * much ffmpeg writes.
 *
 * @example
 * const tail = new StderrTail();
 * child.stderr.on('data', (chunk) => tail.push(chunk));
 * tail.text(); // 'moov atom not found\nfile:/tmp/x.mp4: Invalid data found when processing input'
 */
export class StderrTail {
  private buffer = '';

  constructor(
    private readonly maxChars = 4000,
    private readonly maxLines = 12,
  ) {}

  push(chunk: Buffer | string): void {
    this.buffer += chunk.toString();
    if (this.buffer.length > this.maxChars * 2) this.buffer = this.buffer.slice(-this.maxChars);
  }

  /** The last non-empty lines, trimmed; '' when nothing was written. */
  text(): string {
    const lines = this.buffer
      .slice(-this.maxChars)
      .split(/\r?\n|\r/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    return lines.slice(-this.maxLines).join('\n');
  }
}
