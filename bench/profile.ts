/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, or the benchmark's own profile of the helpdesk
 * process): self time by function and by area (our code, each package, Node internals, GC, idle).
 *
 *   npx tsx bench/profile.ts bench/results/prof/app-500.cpuprofile [top=20]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, table } from './lib/stats.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The area a frame belongs to: a package, a folder of ours, Node itself, or V8's pseudo-frames. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle (waiting for I/O)';
    if (functionName === '(program)') return 'V8/native (program)';
    if (functionName === '(root)') return 'V8/native (program)';
    return 'V8/native builtins';
  }
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([a-z_]+)/.exec(url);
    return `node:${m?.[1] ?? 'internal'}`;
  }
  if (url.startsWith('wasm://')) return 'wasm';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '?');
  }
  const rel = path.relative(ROOT, file);
  if (!rel.startsWith('..')) {
    const parts = rel.split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? rel);
  }
  return 'other';
}

function shortLocation(frame: CallFrame): string {
  if (!frame.url) return '';
  const file = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const nm = file.lastIndexOf('node_modules/');
  const shown = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : path.relative(ROOT, file);
  return `${shown}:${frame.lineNumber + 1}`;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  /** Self time of native frames (socket writes, microtasks…) charged to the nearest JS caller outside Node. */
  nativeByCaller: { caller: string; ms: number; share: number }[];
  byArea: { area: string; ms: number; share: number }[];
  byFunction: { name: string; where: string; area: string; ms: number; share: number }[];
}

export function summariseProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const nativeByCaller = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || areaOf(frame) !== 'V8/native builtins') continue;
    let caller = '(no JS caller)';
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const f = nodes.get(at)?.callFrame;
      if (f?.url && !f.url.startsWith('node:')) {
        caller = `${frame.functionName || '(native)'} ← ${areaOf(f)} ${f.functionName || '(anonymous)'}`;
        break;
      }
    }
    nativeByCaller.set(caller, (nativeByCaller.get(caller) ?? 0) + us);
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; area: string; us: number }>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const area = areaOf(frame);
    if (area.startsWith('idle')) idle += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = shortLocation(frame);
    const key = `${frame.functionName}@${where}`;
    const f = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, area, us: 0 };
    f.us += us;
    functions.set(key, f);
  }
  const busy = total - idle;
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    nativeByCaller: [...nativeByCaller]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([caller, us]) => ({ caller, ms: us / 1000, share: us / busy })),
    byArea: [...areas]
      .filter(([area]) => !area.startsWith('idle'))
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, ms: us / 1000, share: us / busy })),
    byFunction: [...functions.values()]
      .filter((f) => !f.area.startsWith('idle'))
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, area: f.area, ms: f.us / 1000, share: f.us / busy })),
  };
}

export function profileMarkdown(s: ProfileSummary, topAreas = 15): string {
  const pct = (x: number) => `${fmt(x * 100, 1)} %`;
  return [
    `Profiled ${fmt(s.totalMs / 1000, 1)} s of the helpdesk process: busy ${fmt(s.busyMs / 1000, 1)} s ` +
      `(${pct(s.busyMs / s.totalMs)} of one core), the rest idle waiting for I/O. Shares below are of busy time.`,
    '',
    table(
      ['area (self time)', 'ms', 'share'],
      s.byArea.slice(0, topAreas).map((a) => [a.area, fmt(a.ms), pct(a.share)]),
    ),
    '',
    table(
      ['native builtin ← nearest JS caller', 'ms', 'share'],
      s.nativeByCaller.map((c) => [c.caller, fmt(c.ms), pct(c.share)]),
    ),
    '',
    table(
      ['function (self time)', 'where', 'area', 'ms', 'share'],
      s.byFunction.map((f) => [f.name, f.where, f.area, fmt(f.ms), pct(f.share)]),
    ),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(profileMarkdown(summariseProfile(file, Number(process.argv[3] ?? 25))));
}
