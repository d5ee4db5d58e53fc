/**
 * User-facing FAQ texts that are not topic answers.
 */

/** Sent when the matcher is not confident: offers the menu and a human instead of guessing. */
export const FAQ_FALLBACK_MESSAGE = [
  'Maaf, saya belum yakin memahami pertanyaan Anda. 🙏',
  '',
  'Silakan tulis dengan kata lain, ketik *menu* untuk melihat pilihan layanan, atau pilih *5 Bicara dengan petugas* agar dibantu petugas.',
].join('\n');
