/** The QR code of a certificate: its HC1 string, as the EU DCC specification asks. */
import QRCode from 'qrcode';

export const QR_MARGIN_MODULES = 4;
export const QR_SCALE = 6;

/**
 * PNG of the QR code. Error correction Q (25 % of the symbol recoverable), the
 * level the eHN DCC guidelines recommend for codes that get folded and scanned
 * from phone screens. The HC1 alphabet is Base45, which is exactly QR's
 * alphanumeric set, so the encoder uses alphanumeric mode (5.5 bits a character).
 * A 4-module quiet zone, as ISO/IEC 18004 requires; 6 px a module keeps a
 * vaccination certificate's symbol (about 77 modules) near 500 px.
 */
export function qrPng(hc1: string): Promise<Buffer> {
  return QRCode.toBuffer(hc1, { type: 'png', errorCorrectionLevel: 'Q', margin: QR_MARGIN_MODULES, scale: QR_SCALE });
}
