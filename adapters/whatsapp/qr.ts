/**
 * The link QR code in the terminal, for the person who started the helpdesk by hand. Only on a terminal:
 * under a service manager stdout goes to the journal, and a QR code kept in a log is a way to take over
 * the number; there the protected page /whatsapp shows it.
 */
import qrcodeTerminal from 'qrcode-terminal';

/** Where the code is drawn: process.stdout, or a test's stand-in. */
export interface QrOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Draws the QR code (half-height blocks) with a one-line instruction; false when `out` is no terminal. */
export function printQrInTerminal(qr: string, out: QrOutput = process.stdout): boolean {
  if (!out.isTTY) return false;
  qrcodeTerminal.generate(qr, { small: true }, (drawn) => {
    out.write(
      `\nTautkan nomor helpdesk: WhatsApp → Perangkat tertaut → Tautkan perangkat, lalu pindai kode ini (juga di halaman /whatsapp):\n${drawn}\n`,
    );
  });
  return true;
}
