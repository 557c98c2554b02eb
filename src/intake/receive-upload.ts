import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';

export interface ReceivedUpload {
  /** The temporary file holding the upload; the caller moves or deletes it. */
  file: string;
  filename: string | null;
  bytes: number;
  fields: Record<string, string>;
}

export type UploadProblem =
  | { kind: 'too_large'; limit: number }
  | { kind: 'invalid'; field: string; message: string };

export class UploadRejected extends Error {
  constructor(readonly problem: UploadProblem) {
    super(problem.kind === 'too_large' ? `upload larger than ${problem.limit} bytes` : `${problem.field}: ${problem.message}`);
  }
}

export interface ReceiveOptions {
  headers: Record<string, string>;
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null;
  /** Folder for the temporary file. */
  tempDir: string;
  maxBytes: number;
  /** The file field's name. */
  fileField: string;
  /** Text fields that may come with it. */
  allowedFields: string[];
}

/**
 * Streams a multipart/form-data upload to a temporary file: never held in memory whole, cut off
 * (and deleted) past `maxBytes`. Throws UploadRejected naming what is wrong.
 *
 * @example const upload = await receiveUpload({ headers, body: c.req.raw.body, tempDir, maxBytes, fileField: 'video', allowedFields: [] })
 */
export async function receiveUpload(options: ReceiveOptions): Promise<ReceivedUpload> {
  const { maxBytes, fileField } = options;
  const declared = Number(options.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    throw new UploadRejected({ kind: 'too_large', limit: maxBytes });
  }
  if (!options.body) throw new UploadRejected({ kind: 'invalid', field: fileField, message: 'required: the video file' });

  const file = path.join(options.tempDir, `${randomUUID()}.upload`);
  const fields: Record<string, string> = {};
  let filename: string | null = null;
  let bytes = 0;
  let problem: UploadProblem | undefined;
  let sawFile = false;
  let fileWritten: Promise<void> = Promise.resolve();

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: options.headers,
      limits: { files: 1, fileSize: maxBytes, fields: options.allowedFields.length, fieldSize: 64 * 1024, parts: options.allowedFields.length + 1 },
    });
  } catch (error) {
    // busboy throws at once on a content-type it cannot parse (no boundary, not multipart).
    throw new UploadRejected({ kind: 'invalid', field: '(content-type)', message: `not a usable multipart/form-data content type: ${(error as Error).message}` });
  }
  parser.on('file', (name, stream, info) => {
    if (name !== fileField || sawFile) {
      problem ??= { kind: 'invalid', field: name, message: `unexpected file field (send the video as '${fileField}')` };
      stream.resume();
      return;
    }
    sawFile = true;
    filename = safeFilename(info.filename);
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('limit', () => {
      problem ??= { kind: 'too_large', limit: maxBytes };
    });
    fileWritten = pipeline(stream, createWriteStream(file));
    // When the body ends early, this rejects before the parser's pipeline does and is awaited only
    // afterwards: without a handler now, that gap is an unhandled rejection, which ends the process.
    fileWritten.catch(() => {});
  });
  parser.on('field', (name, value, info) => {
    if (!options.allowedFields.includes(name)) {
      problem ??= { kind: 'invalid', field: name, message: 'unknown field' };
      return;
    }
    if (info.valueTruncated) {
      problem ??= { kind: 'invalid', field: name, message: 'longer than 64 KiB' };
      return;
    }
    fields[name] = value;
  });
  parser.on('filesLimit', () => {
    problem ??= { kind: 'invalid', field: fileField, message: 'send exactly one file' };
  });
  parser.on('fieldsLimit', () => {
    problem ??= { kind: 'invalid', field: '(form)', message: `too many fields; allowed: ${options.allowedFields.join(', ') || 'none'}` };
  });

  try {
    await pipeline(Readable.fromWeb(options.body as WebReadableStream<Uint8Array>), parser);
    await fileWritten;
  } catch (error) {
    // Wait for the write stream to close first, or it could create the file after the removal.
    await fileWritten.catch(() => {});
    await rm(file, { force: true });
    if (problem) throw new UploadRejected(problem);
    throw new UploadRejected({ kind: 'invalid', field: '(body)', message: `not a readable multipart body: ${(error as Error).message}` });
  }
  if (!problem && !sawFile) problem = { kind: 'invalid', field: fileField, message: 'required: the video file' };
  if (!problem && bytes === 0) problem = { kind: 'invalid', field: fileField, message: 'the file is empty' };
  if (problem) {
    await rm(file, { force: true });
    throw new UploadRejected(problem);
  }
  return { file, filename, bytes, fields };
}

/**
 * The client's file name as something safe to keep: its last path part, without control
 * characters or broken UTF-16 (which PostgreSQL text refuses), at most 255 characters.
 */
function safeFilename(name: string | undefined): string | null {
  if (!name) return null;
  const cleaned = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, 255)
    .toWellFormed();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? null : cleaned;
}
