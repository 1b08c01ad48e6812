// Reading a QR code from pixels: an uploaded picture, or a camera frame.
import jsQR from 'jsqr';

/** The text of the QR code in this image, or null when none can be read. */
export function readQr(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement = document.createElement('canvas'),
): string | null {
  if (width === 0 || height === 0) return null;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) return null;
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  return jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

/** Reads the QR code in an image file (a photo, a screenshot, the PNG Salus gives). */
export async function readQrFromFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    // Phone photos are large: 1,600 px on the long side keeps a DCC's modules several pixels wide and the decode fast.
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    return readQr(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  } finally {
    bitmap.close();
  }
}
