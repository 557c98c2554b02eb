import { open } from 'node:fs/promises';

const HEAD_BYTES = 4096;

/**
 * Whether a file's first 4 KB read as text: valid UTF-8 without control characters other than
 * tab, newline, carriage return and form feed. Every video container and raw stream has binary
 * bytes (box sizes, sync bytes, start codes 00 00 01) well within that.
 *
 * @example
 * await looksLikeText('notes.mp4'); // true for meeting notes given a video's name
 */
export async function looksLikeText(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    if (bytesRead === 0) return false;
    // stream: true, so a character cut by the 4 KB boundary is not taken for invalid UTF-8.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
