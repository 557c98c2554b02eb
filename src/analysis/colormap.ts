// matplotlib's "inferno" (perceptually uniform, readable in greyscale and by colour-blind
// viewers), sampled at entries 0, 16, …, 240, 255 of its 256-entry table.
const INFERNO_ANCHORS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0.001462, 0.000466, 0.013866],
  [16, 0.042253, 0.028139, 0.141141],
  [32, 0.129285, 0.047293, 0.290788],
  [48, 0.238273, 0.036621, 0.396353],
  [64, 0.3415, 0.062325, 0.429425],
  [80, 0.441207, 0.099338, 0.431594],
  [96, 0.54092, 0.134729, 0.415123],
  [112, 0.640135, 0.171438, 0.381065],
  [128, 0.735683, 0.215906, 0.330245],
  [144, 0.822386, 0.275197, 0.266085],
  [160, 0.894305, 0.353399, 0.193584],
  [176, 0.946965, 0.449191, 0.115272],
  [192, 0.978422, 0.557937, 0.034931],
  [208, 0.987874, 0.675267, 0.065257],
  [224, 0.974638, 0.797692, 0.206332],
  [240, 0.947594, 0.917399, 0.410665],
  [255, 0.988362, 0.998364, 0.644924],
];

/**
 * The inferno colour of `t` in 0..1 (clamped): black → purple → orange → pale yellow, as 0..255 RGB.
 *
 * @example inferno(0); // [0, 0, 4]
 * inferno(1); // [252, 255, 164]
 */
export function inferno(t: number): [number, number, number] {
  const position = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * 255;
  let k = 1;
  while (k < INFERNO_ANCHORS.length - 1 && INFERNO_ANCHORS[k]![0] < position) k += 1;
  const [p0, r0, g0, b0] = INFERNO_ANCHORS[k - 1]!;
  const [p1, r1, g1, b1] = INFERNO_ANCHORS[k]!;
  const f = (position - p0) / (p1 - p0);
  return [r0 + f * (r1 - r0), g0 + f * (g1 - g0), b0 + f * (b1 - b0)].map((c) => Math.round(c * 255)) as [number, number, number];
}

/**
 * inferno() for 256 levels at once, packed RGB: entry i is at 3·i.
 *
 * @example const lut = infernoTable(); lut[255 * 3]; // 252
 */
export function infernoTable(): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i += 1) table.set(inferno(i / 255), i * 3);
  return table;
}
