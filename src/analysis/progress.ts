/**
 * Passes on fractions at least 1% apart (and the final 1 once), so a caller that stores
 * progress is not flooded with one call per frame.
 *
 * @example const progress = throttledProgress(report); progress(0.1); progress(0.104); // report(0.1) only
 */
export function throttledProgress(onProgress?: (fraction: number) => void): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (!onProgress) return;
    if (fraction >= 1 ? last < 1 : fraction - last >= 0.01 - 1e-9) {
      last = fraction;
      onProgress(fraction);
    }
  };
}
