import sharp from 'sharp';
import type { Box } from '../vision/tracking/box';

const HEIGHT = 160;

/**
 * A JPEG crop of a box in an image, with a margin around it, scaled to 160 px high.
 *
 * @example const jpeg = await cropThumbnail('previews/f000120.jpg', { x: 600, y: 210, w: 30, h: 70 })
 */
export async function cropThumbnail(imageFile: string, box: Box): Promise<Buffer> {
  const image = sharp(imageFile);
  const { width = 0, height = 0 } = await image.metadata();
  const margin = 0.25 * Math.max(box.w, box.h);
  const left = Math.max(0, Math.floor(box.x - margin));
  const top = Math.max(0, Math.floor(box.y - margin));
  const right = Math.min(width, Math.ceil(box.x + box.w + margin));
  const bottom = Math.min(height, Math.ceil(box.y + box.h + margin));
  return image
    .extract({ left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) })
    .resize({ height: HEIGHT })
    .jpeg({ quality: 85 })
    .toBuffer();
}
