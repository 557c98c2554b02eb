/**
 * A Gaussian blur of a float grid (separable: a horizontal then a vertical pass, kernel cut at
 * 3σ, zero outside the grid). Its total is kept away from the edges.
 *
 * @example gaussianBlur(counts, 640, 360, 8); // each count spread into a σ = 8 px blob
 */
export function gaussianBlur(grid: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (!(sigma > 0)) return Float32Array.from(grid);
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i += 1) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i += 1) kernel[i]! /= sum;

  const horizontal = new Float32Array(grid.length);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const value = grid[row + x]!;
      if (value === 0) continue;
      // Scatter: only non-zero cells cost anything, and a heat grid is mostly empty.
      for (let k = Math.max(-radius, -x); k <= Math.min(radius, width - 1 - x); k += 1) horizontal[row + x + k]! += value * kernel[k + radius]!;
    }
  }
  const out = new Float32Array(grid.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const value = horizontal[y * width + x]!;
      if (value === 0) continue;
      for (let k = Math.max(-radius, -y); k <= Math.min(radius, height - 1 - y); k += 1) out[(y + k) * width + x]! += value * kernel[k + radius]!;
    }
  }
  return out;
}
