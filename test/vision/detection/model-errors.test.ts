import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PersonDetector, readRgbImage, SessionCache } from '../../../src/vision/detection';
import { VisionError } from '../../../src/vision/vision-error';
import { identityModel } from './support/tiny-onnx';

const dir = mkdtempSync(path.join(tmpdir(), 'spotlight-detector-'));
const sessions = new SessionCache();
afterAll(async () => {
  await sessions.releaseAll();
  rmSync(dir, { recursive: true, force: true });
});

async function loadError(modelPath: string): Promise<VisionError> {
  const error = await PersonDetector.load(modelPath, { threads: 1, sessions }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VisionError);
  expect((error as VisionError).retryable).toBe(false);
  expect((error as VisionError).message).toContain(modelPath);
  return error as VisionError;
}

describe('PersonDetector.load errors', () => {
  it('reports a missing model file as MODEL_NOT_FOUND', async () => {
    expect((await loadError(path.join(dir, 'absent.onnx'))).code).toBe('MODEL_NOT_FOUND');
  });

  it('reports a corrupt model file or a directory as MODEL_UNREADABLE', async () => {
    const corrupt = path.join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, Buffer.from('this is not a protobuf model \u0000\u0001\u0002'.repeat(20)));
    expect((await loadError(corrupt)).code).toBe('MODEL_UNREADABLE');
    const folder = path.join(dir, 'folder.onnx');
    mkdirSync(folder);
    expect((await loadError(folder)).code).toBe('MODEL_UNREADABLE');
  });

  it('reports a valid ONNX model with a non-detector signature as MODEL_UNSUPPORTED', async () => {
    const identity = path.join(dir, 'identity.onnx');
    writeFileSync(identity, identityModel([1, 3, 64, 64]));
    const error = await loadError(identity);
    expect(error.code).toBe('MODEL_UNSUPPORTED');
    expect(error.message).toContain('x[1,3,64,64]');
  });

  it('retries a load that failed once the file is fixed', async () => {
    const later = path.join(dir, 'later.onnx');
    expect((await loadError(later)).code).toBe('MODEL_NOT_FOUND');
    writeFileSync(later, identityModel([1, 3, 64, 64]));
    expect((await loadError(later)).code).toBe('MODEL_UNSUPPORTED');
  });
});

describe('readRgbImage errors', () => {
  it('reports an undecodable image as IMAGE_UNREADABLE naming the path', async () => {
    const bad = path.join(dir, 'bad.jpg');
    writeFileSync(bad, 'not a jpeg');
    await expect(readRgbImage(bad)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE', message: expect.stringContaining(bad) });
  });
});
