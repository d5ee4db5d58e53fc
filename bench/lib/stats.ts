/** Small statistics and Markdown helpers shared by the benchmark sections. */

/** Nearest-rank percentile of an unsorted sample (0 < p ≤ 100); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0)
    return { n: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
  return {
    n: sorted.length,
    p50: at(50) as number,
    p95: at(95) as number,
    p99: at(99) as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** A number for a table: fixed decimals, thousands separated by a thin comma; "–" when not a number. */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 1) return `${fmt(value, 3)} ms`;
  if (value < 10) return `${fmt(value, 1)} ms`;
  return `${fmt(value, 0)} ms`;
}

export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const mib = bytes / 1024 / 1024;
  return mib >= 1024 ? `${fmt(mib / 1024, 2)} GiB` : `${fmt(mib, 1)} MiB`;
}

export function fmtPct(ratio: number): string {
  return Number.isFinite(ratio) ? `${fmt(ratio * 100, 0)} %` : '–';
}

/** A Markdown table; every cell is escaped for pipes. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`| ${header.map(esc).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/** "✅" / "❌" with the target text, for the target / met? column. */
export function verdict(met: boolean | null, target: string): string {
  if (met === null) return `${target} (n/a)`;
  return `${target} ${met ? '✅' : '❌'}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random numbers (LCG, as in the FAQ tests) so every run sees the same inputs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}
