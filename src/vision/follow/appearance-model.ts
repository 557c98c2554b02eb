/**
 * How two appearance vectors are compared:
 * - `cosine`: cosine similarity, for embeddings (any sign);
 * - `bhattacharyya`: Bhattacharyya coefficient Σ√(aᵢbᵢ) of L1-normalised non-negative histograms.
 * Both give 1 for identical appearance.
 */
export type AppearanceMetric = 'cosine' | 'bhattacharyya';

/**
 * Similarity of two appearance vectors under `metric`; 0 when either is empty, all zero or the
 * lengths differ (nothing to compare is no evidence either way, and callers treat it as such).
 *
 * @example appearanceSimilarity(Float32Array.of(1, 0), Float32Array.of(1, 1), 'cosine') // ≈ 0.707
 */
export function appearanceSimilarity(a: Float32Array, b: Float32Array, metric: AppearanceMetric): number {
  if (a.length !== b.length || a.length === 0) return 0;
  if (metric === 'bhattacharyya') {
    const sa = sum(a);
    const sb = sum(b);
    if (!(sa > 0) || !(sb > 0)) return 0;
    let acc = 0;
    for (let i = 0; i < a.length; i++) acc += Math.sqrt(Math.max(0, a[i] / sa) * Math.max(0, b[i] / sb));
    return acc;
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The target's appearance: a running mean of normalised vectors (L2 for cosine, L1 for
 * histograms). Seeds set it firmly; sure observations move it slowly, so a few frames of a
 * wrong or occluded box cannot take it over.
 *
 * @example
 * const model = new AppearanceModel('cosine');
 * model.addSeed(seed.appearance);
 * model.similarity(detection.appearance) // 0..1
 */
export class AppearanceModel {
  private mean: Float32Array | null = null;

  constructor(readonly metric: AppearanceMetric) {}

  /** True once a seed or an observation gave the model a vector. @example if (model.ready) … */
  get ready(): boolean {
    return this.mean !== null;
  }

  /**
   * Adds a user-confirmed appearance: it makes up half of the model (all of it for the first
   * seed), far more than an observation, because the user saw it.
   *
   * @example model.addSeed(seed.appearance)
   */
  addSeed(vector: Float32Array): void {
    const v = this.normalise(vector);
    if (v === null) return;
    this.blend(v, this.mean === null ? 1 : 0.5);
  }

  /**
   * Moves the model towards a sure observation by `rate` (0..1).
   *
   * @example model.learn(detection.appearance, 0.05)
   */
  learn(vector: Float32Array, rate: number): void {
    const v = this.normalise(vector);
    if (v === null) return;
    this.blend(v, this.mean === null ? 1 : rate);
  }

  /**
   * Similarity of a vector to the model, or null when either is missing (no evidence).
   *
   * @example model.similarity(detection.appearance) ?? 'unknown'
   */
  similarity(vector: Float32Array | undefined): number | null {
    if (this.mean === null || vector === undefined) return null;
    if (vector.length !== this.mean.length) throw new RangeError(`appearance vector has ${vector.length} values, the model ${this.mean.length}`);
    return appearanceSimilarity(this.mean, vector, this.metric);
  }

  private blend(v: Float32Array, weight: number): void {
    if (this.mean === null) {
      this.mean = v;
      return;
    }
    if (v.length !== this.mean.length) throw new RangeError(`appearance vector has ${v.length} values, the model ${this.mean.length}`);
    for (let i = 0; i < v.length; i++) this.mean[i] = this.mean[i] * (1 - weight) + v[i] * weight;
    const renormalised = this.normalise(this.mean);
    if (renormalised !== null) this.mean = renormalised;
  }

  private normalise(vector: Float32Array): Float32Array | null {
    const norm = this.metric === 'bhattacharyya' ? sum(vector) : Math.sqrt(dotSelf(vector));
    if (!(norm > 0) || !Number.isFinite(norm)) return null;
    const out = new Float32Array(vector.length);
    for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm;
    return out;
  }
}

function sum(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

function dotSelf(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}
