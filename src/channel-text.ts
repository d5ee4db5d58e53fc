/** Text helpers every adapter shares (pure). */

/**
 * Splits a text into parts of at most `max` characters, in order and losing nothing: at the last line
 * break that fits, else the last space, else hard at `max`. The line break a split falls on is dropped
 * (each part starts a new message anyway).
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf('\n');
    let skip = 1;
    if (cut <= 0) {
      cut = window.lastIndexOf(' ');
      if (cut <= 0) {
        cut = max;
        skip = 0;
      }
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  parts.push(rest);
  return parts;
}
