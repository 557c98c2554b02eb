import sharp from 'sharp';
import { VisionError } from '../vision-error';
import type { RgbFrame } from './types';

/**
 * Reads a JPEG/PNG (or any format sharp decodes) into a packed rgb24 frame, honouring EXIF
 * orientation and dropping alpha.
 *
 * @example const frame = await readRgbImage('img1/000001.jpg') // { width: 1920, height: 1080, data }
 */
export async function readRgbImage(imagePath: string): Promise<RgbFrame> {
  try {
    const { data, info } = await sharp(imagePath)
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels, expected 3`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw new VisionError('IMAGE_UNREADABLE', `cannot read image ${imagePath}: ${(error as Error).message}`, { cause: error });
  }
}
