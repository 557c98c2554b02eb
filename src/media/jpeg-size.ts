import sharp from 'sharp';

/**
 * Width and height of an image file, read from its header.
 *
 * @example
 * await imageSize('/data/previews/job-1/f000312.jpg'); // { width: 1920, height: 1080 }
 */
export async function imageSize(file: string): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(file).metadata();
  if (!width || !height) throw new Error(`${file} has no readable picture size`);
  return { width, height };
}
