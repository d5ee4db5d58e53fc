/**
 * Text a reporter wrote, made safe to show in a team group or a staff chat. It is quoted (every line
 * behind QUOTE_BAR, which no line of the bot's own starts with), its chat markup is neutralised (a
 * reporter cannot write a bold "PRIORITAS: P1" line or a Slack <!channel>), and phone numbers, e-mail
 * addresses and NIK/NIP numbers in it are masked. The ticket keeps the text whole; only posts are
 * masked. Pure.
 */
import { maskWhatsAppId, replaceOutsideWhatsAppIds } from '../contacts/whatsapp-id.ts';
import { cleanText } from '../pipeline/clean-input.ts';

/** Starts every line of reporter text in a post; reads as a quotation on WhatsApp, Telegram and Slack. */
export const QUOTE_BAR = '┃ ';

const LINE_BREAK = /\r\n?|[\n\v\f\u0085\u2028\u2029]/;

/**
 * WhatsApp/Slack/Telegram markers and their look-alikes that format nothing. Markers between two
 * letters or digits stay (data_pegawai, ERR_CONNECTION_REFUSED, a masked 0812****789): no platform
 * formats inside a word.
 */
const MARKERS: Record<string, string> = { '*': '∗', _: '＿', '~': '∼', '`': 'ˋ' };
// Slack links and mentions (<!channel>, <@U123>, <http://…|label>) need real angle brackets.
const BRACKETS: Record<string, string> = { '<': '‹', '>': '›' };
// The quotation marks around an inline quote: typed ones could close it early.
const QUOTES: Record<string, string> = { '“': "'", '”': "'", '"': "'" };
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Markup in reporter text replaced by characters that look alike and format nothing. */
export function neutralizeMarkup(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text.charAt(i);
    const look = MARKERS[c];
    if (look === undefined) {
      out += BRACKETS[c] ?? c;
      i++;
      continue;
    }
    let end = i;
    while (text.charAt(end) === c) end++;
    const inWord = WORD_CHAR.test(text.charAt(i - 1)) && WORD_CHAR.test(text.charAt(end));
    out += (inWord ? c : look).repeat(end - i);
    i = end;
  }
  return out;
}

/** Keeps the first four and last three digits: enough to recognise a number, not to copy it. */
function maskDigits(digits: string): string {
  return `${digits.slice(0, 4)}****${digits.slice(-3)}`;
}

/**
 * "0812****789": enough for staff to recognise a caller, not enough to copy the number. A WhatsApp
 * `…@lid` id hides the number and is no phone number: "lid:…849".
 */
export function maskIdentity(id: string): string {
  if (/@lid$/i.test(id)) return maskWhatsAppId(id);
  const digits = id.replace(/@.*$/, '').replace(/\D/g, '');
  if (digits.length >= 8) return maskDigits(digits.startsWith('62') ? `0${digits.slice(2)}` : digits);
  return id.length <= 3 ? '***' : `${id.slice(0, 2)}***${id.slice(-1)}`;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/**
 * NIK (16 digits) and NIP (18), also written in groups ("19870101 201001 1 001"); a whole group of
 * digits only, so two phone numbers side by side are not taken for one.
 */
const NIK_NIP = /(?<![\p{L}\p{N}]|\p{N}[ .-])\d(?:[ .-]?\d){15,17}(?![ .-]?\p{N})/gu;
/** Indonesian phone numbers: 08…, 0254…, 62…, +62…, with single spaces or dashes between digits. */
const PHONE = /(?<![\p{L}\p{N}_-])(?:\+62|62|0)(?:[ -]?\d){8,12}(?!\p{N})/gu;

/**
 * Phone numbers, e-mail addresses and NIK/NIP numbers in free text, masked; a WhatsApp id in it too
 * ("62812****789@c.us", "lid:…849"), which is no e-mail address.
 */
export function maskPersonalData(text: string): string {
  return replaceOutsideWhatsAppIds(text, maskOtherPersonalData);
}

function maskOtherPersonalData(text: string): string {
  return text
    .replace(EMAIL, (email) => {
      const at = email.indexOf('@');
      return `${email.slice(0, at > 2 ? 2 : 1)}***${email.slice(at)}`;
    })
    .replace(NIK_NIP, (n) => maskDigits(n.replace(/\D/g, '')))
    .replace(PHONE, (phone) => maskIdentity(phone));
}

function safeLines(text: string): string[] {
  return maskPersonalData(neutralizeMarkup(cleanText(text)))
    .split(LINE_BREAK)
    .map((l) => l.trimEnd());
}

/** Reporter text as a quotation: every line, empty ones too, behind QUOTE_BAR. */
export function quoteReporterText(text: string): string {
  const lines = safeLines(text);
  while (lines.length > 1 && lines[0]?.trim() === '') lines.shift();
  while (lines.length > 1 && lines.at(-1)?.trim() === '') lines.pop();
  return lines.map((l) => (l.trim() === '' ? QUOTE_BAR.trimEnd() : `${QUOTE_BAR}${l}`)).join('\n');
}

/** A short piece of reporter text (a name, an OPD) inside a line of the bot's: one line, in “quotes”. */
export function quoteReporterInline(text: string): string {
  const line = safeLines(text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[“”"]/g, (q) => QUOTES[q] ?? q);
  return `“${line}”`;
}
