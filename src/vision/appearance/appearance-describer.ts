import type { RgbFrame } from '../detection/types';
import type { Box } from '../tracking/box';
import { median } from '../tracking/median';
import { bodyColours, bodyColourSimilarity } from './body-colours';
import { ReidEmbedder } from './reid-embedder';

/**
 * What identifies a person in a frame, and how to compare two of them. `same` and `different`
 * are the similarities at or above which two looks are taken for one person, and below which
 * they are two people; between them appearance is no evidence either way.
 */
export interface AppearanceDescriber {
  readonly kind: 'body-colours' | 'reid';
  /** One look per box (frame pixels), undefined where the box gives none (too small, outside). */
  describe(frame: RgbFrame, boxes: readonly Box[]): Promise<Array<Float32Array | undefined>>;
  similarity(a: Float32Array, b: Float32Array): number;
  readonly same: number;
  readonly different: number;
  /** How often a tracklet's look is sampled, in seconds: re-identification costs a detector run per few crops. */
  readonly sampleEverySec: number;
  /**
   * Whether a look ≥ `same` identifies one person among look-alikes (an embedding), or only a kit
   * (colours: teammates score as high as the player himself).
   */
  readonly identifies: boolean;
}

/**
 * How alike two sets of looks are: the median similarity over their pairs (at most 8 of each,
 * spread over the set), so one occluded or blurred sample cannot decide.
 *
 * @example lookSimilarity(looksOfA, looksOfB, BODY_COLOURS) >= BODY_COLOURS.different
 */
export function lookSimilarity(a: readonly Float32Array[], b: readonly Float32Array[], compare: Pick<AppearanceDescriber, 'similarity'>): number {
  const sims: number[] = [];
  for (const x of spread(a, 8)) for (const y of spread(b, 8)) sims.push(compare.similarity(x, y));
  return median(sims);
}

function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]);
}

/**
 * The default, with no model: upper and lower body colours. Measured on the tracklets of the
 * shared clips (pass 1 at 10 fps): one person 0.5 s or more apart scores ≥ 0.83 in 95 % of
 * pairs on the soccer clip (≥ 0.68 on the crosswalk); two players on screen at once score 0.48 at
 * the median (the other kit), but teammates reach 0.84–0.95: the colours tell teams apart, and
 * motion tells teammates apart.
 *
 * @example const looks = await BODY_COLOURS.describe(frame, boxes)
 */
export const BODY_COLOURS: AppearanceDescriber = {
  kind: 'body-colours',
  describe: async (frame, boxes) => boxes.map((box) => bodyColours(frame, box)),
  similarity: bodyColourSimilarity,
  same: 0.9,
  different: 0.6,
  sampleEverySec: 0.2,
  identifies: false,
};

/**
 * A re-identification model's embeddings (cosine). Measured with OSNet x0.25: on the one-by-one
 * clip (people 200–400 px tall) one person across seconds 0.88–0.99, two people dressed alike
 * 0.70–0.76; on the soccer clip's 30–80 px players it is weaker — one player 0.5 s or more apart
 * ≥ 0.69 in 95 % of pairs (median 0.84), two players at once 0.62 at the median, 0.82 at the 90th
 * percentile.
 *
 * @example const describer = reidDescriber(await ReidEmbedder.load(path, { threads: 2 }))
 */
export function reidDescriber(reid: ReidEmbedder): AppearanceDescriber {
  return {
    kind: 'reid',
    describe: (frame, boxes) => reid.embed(frame, boxes),
    similarity: cosine,
    same: 0.85,
    different: 0.6,
    sampleEverySec: 0.5,
    identifies: true,
  };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/**
 * The describer a configuration asks for: the re-identification model when one is set, else
 * the body colours.
 *
 * @example const describer = await loadDescriber(settings.reidModel, { threads: 2 })
 */
export async function loadDescriber(reidModel: string | undefined, options: { threads: number }): Promise<AppearanceDescriber> {
  return reidModel ? reidDescriber(await ReidEmbedder.load(reidModel, options)) : BODY_COLOURS;
}
