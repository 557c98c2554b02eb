import { openAsBlob } from 'node:fs';
import path from 'node:path';

/** A multipart form holding a file as field `video`, streamed from disk. */
export async function videoForm(file: string, fields: Record<string, string> = {}, field = 'video'): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(field, await openAsBlob(file), path.basename(file));
  return form;
}
