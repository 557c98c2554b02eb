import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { lavfiVideo } from '../support/videos';

/**
 * Uploads that end early or lie about themselves, sent as raw bytes to a real HTTP listener: each
 * is refused or dropped, the process keeps serving, and no temporary file is left behind.
 * (An error escaping here is an unhandled rejection, which vitest reports as a failure.)
 */
describe('broken uploads over a real socket', () => {
  let s: TestSpotlight;
  let server: ServerType;
  let port: number;
  const uploadsDir = () => path.join(s.config.mediaDir, 'uploads');

  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    // Node ends a request that takes longer than this (300 s by default) by erroring its stream.
    (server as import('node:http').Server).requestTimeout = 1500;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await s?.stop();
  });

  /** Writes `head` then `body` parts on one connection; resolves with the answer, or '' if none. */
  function send(head: string, parts: Buffer[], opts: { thenClose?: boolean } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      socket.on('connect', async () => {
        try {
          socket.write(head);
          for (const part of parts) {
            socket.write(part);
            await new Promise((r) => setTimeout(r, 20));
          }
          if (opts.thenClose) socket.destroy();
          else setTimeout(() => socket.end(), 3000);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  const request = (headers: Record<string, string | number>) =>
    `POST /jobs HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;
  const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  const filePart = '--XB\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n\r\nhello\r\n';

  async function expectAliveAndClean() {
    const health = await s.app.request('/health');
    expect(health.status).toBe(200);
    await waitFor('the temporary uploads to be removed', async () => ((await readdir(uploadsDir())).length === 0 ? true : undefined), 5000);
  }

  it('an unterminated form answers 400 naming the body', async () => {
    const body = Buffer.from(filePart);
    const answer = await send(request({ 'content-type': 'multipart/form-data; boundary=XB', 'content-length': body.length }), [body]);
    expect(status(answer)).toBe(400);
    expect(answer).toMatch(/Unexpected end of form/);
    await expectAliveAndClean();
  });

  it('a content-length shorter than the body answers 400', async () => {
    const body = Buffer.from(`${filePart}--XB--\r\n`);
    const answer = await send(request({ 'content-type': 'multipart/form-data; boundary=XB', 'content-length': 40 }), [body]);
    expect(status(answer)).toBe(400);
    await expectAliveAndClean();
  });

  it('a client that goes away mid-upload leaves nothing behind', async () => {
    const head = Buffer.from('--XB\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n\r\n');
    const chunk = Buffer.alloc(256 * 1024, 7);
    await send(request({ 'content-type': 'multipart/form-data; boundary=XB', 'content-length': 50 * 1024 * 1024 }), [head, chunk, chunk, chunk], {
      thenClose: true,
    });
    await expectAliveAndClean();
  });

  it('an upload slower than the request timeout is cut off and cleaned up', async () => {
    const head = Buffer.from('--XB\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n\r\n');
    const trickle = Array.from({ length: 100 }, () => Buffer.from('x'));
    await send(request({ 'content-type': 'multipart/form-data; boundary=XB', 'content-length': 10_000 }), [head, ...trickle]);
    await expectAliveAndClean();
  });

  it('multipart/form-data without a boundary answers 400 naming the content type', async () => {
    const body = Buffer.from(filePart);
    const answer = await send(request({ 'content-type': 'multipart/form-data', 'content-length': body.length }), [body]);
    expect(status(answer)).toBe(400);
    expect(answer).toMatch(/content-type/);
    await expectAliveAndClean();
  });

  it('a file name with NUL, control characters and a path (RFC 5987 encoded) is kept as a plain name', async () => {
    const video = await readFile(await lavfiVideo({ seconds: 1, width: 160, height: 120, fps: 10 }));
    const body = Buffer.concat([
      Buffer.from('--XB\r\nContent-Disposition: form-data; name="video"; filename*=UTF-8\'\'..%2F..%2Fa%00b%07.mp4\r\n\r\n'),
      video,
      Buffer.from('\r\n--XB--\r\n'),
    ]);
    const answer = await send(request({ 'content-type': 'multipart/form-data; boundary=XB', 'content-length': body.length }), [body]);
    expect(status(answer), answer).toBe(201);
    const jobId = /"job_id":"([^"]+)"/.exec(answer)?.[1];
    const job = await s.call('GET', `/jobs/${jobId}`);
    expect(job.body.source.filename).toBe('ab.mp4');
    await expectAliveAndClean();
  });
});
