/**
 * Bar charts as inline SVG, drawn on the server: no script, no chart library to load, no network. Pure.
 * Every bar carries its value as text and a <title>, so the chart reads without colour or a mouse.
 */
import { e } from './layout.ts';

export interface Bar {
  label: string;
  value: number | null;
  /** Shown under the value, e.g. "12 penilaian". */
  note?: string;
}

const W = 320;
const H = 180;
const PAD = { top: 18, bottom: 34, left: 8, right: 8 };

/** Bars from 0 to `max` (or the largest value); a null value leaves its slot empty. */
export function barChart(
  title: string,
  bars: readonly Bar[],
  opts: { max?: number; decimals?: number } = {},
): string {
  const max = opts.max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const inner = H - PAD.top - PAD.bottom;
  const fmt = (v: number) => v.toFixed(opts.decimals ?? 0).replace('.', ',');
  const parts = bars.map((b, i) => {
    const x = PAD.left + i * slot;
    const label = `<text x="${x + slot / 2}" y="${H - 18}" text-anchor="middle" font-size="9">${e(b.label)}</text>`;
    if (b.value === null) return `<g>${label}</g>`;
    const h = (Math.max(0, b.value) / max) * inner;
    const y = PAD.top + inner - h;
    const tip = `${b.label}: ${fmt(b.value)}${b.note ? ` (${b.note})` : ''}`;
    return `<g><title>${e(tip)}</title><rect x="${x + slot * 0.15}" y="${y}" width="${slot * 0.7}" height="${h}" fill="#14406b" rx="2"></rect>
<text x="${x + slot / 2}" y="${y - 4}" text-anchor="middle" font-size="10">${e(fmt(b.value))}</text>${label}${
      b.note
        ? `<text x="${x + slot / 2}" y="${H - 6}" text-anchor="middle" font-size="8" fill="#5b6675">${e(b.note)}</text>`
        : ''
    }</g>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(title)}" xmlns="http://www.w3.org/2000/svg">
<line x1="${PAD.left}" y1="${PAD.top + inner}" x2="${W - PAD.right}" y2="${PAD.top + inner}" stroke="#9aa7b6"></line>
${parts.join('\n')}</svg>`;
}
