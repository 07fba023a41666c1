import QRCode, { type QRCodeToBufferOptions } from "qrcode";

type PngRendererOptions = NonNullable<QRCodeToBufferOptions["rendererOpts"]> & { colorType?: 0 | 2 | 4 | 6 };

/**
 * A QR code as a PNG for pdfkit. Grayscale without alpha (colorType 0, passed
 * through to pngjs; qrcode's default is RGBA): pdfkit then embeds the
 * compressed pixels as they are, instead of decoding the image and splitting
 * out an alpha channel, which is several times slower.
 */
export function qrPng(text: string, pixelsPerModule = 4): Promise<Buffer> {
  const rendererOpts: PngRendererOptions = { deflateLevel: 1, colorType: 0 };
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 1, scale: pixelsPerModule, rendererOpts });
}
