/**
 * The size to render a video at: the source's display size scaled down (never up) to at most
 * `maxWidth`, both sides even (yuv420p), aspect kept to within a pixel.
 *
 * @example evenSize({ width: 1920, height: 1080 }, 640); // { width: 640, height: 360 }
 * evenSize({ width: 853, height: 480 }, 1280); // { width: 852, height: 480 }
 */
export function evenSize(source: { width: number; height: number }, maxWidth: number): { width: number; height: number } {
  const width = Math.max(2, 2 * Math.floor(Math.min(maxWidth, source.width) / 2));
  const height = Math.max(2, 2 * Math.round((width * source.height) / source.width / 2));
  return { width, height };
}
