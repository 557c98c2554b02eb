import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const metricsSchema = z.object({
  MOTA: z.number(),
  IDF1: z.number(),
  IDSW: z.number(),
  FP: z.number(),
  FN: z.number(),
  GT: z.number(),
  HOTA: z.number().optional(),
});

const referenceSchema = z.object({
  what: z.string(),
  sequences: z.record(z.string(), metricsSchema),
  combined: metricsSchema,
  tracker_speed: z.string().optional(),
});

/** Scores of the reference tracker (MOTA/IDF1/HOTA in percent), per sequence and pooled. */
export type ReferenceResults = z.infer<typeof referenceSchema>;
export type ReferenceMetrics = z.infer<typeof metricsSchema>;

/**
 * Reads and validates a reference result file such as `reference/bytetrack_dev_reference.json`.
 *
 * @example (await readReferenceResults(path)).combined.MOTA
 */
export async function readReferenceResults(path: string): Promise<ReferenceResults> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`reference results ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'unreadable'}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`reference results ${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = referenceSchema.safeParse(json);
  if (!parsed.success) throw new Error(`reference results ${path}: unexpected shape: ${parsed.error.message}`);
  return parsed.data;
}
