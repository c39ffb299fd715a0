import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One line of the results: a measured load scenario, or a single figure (ms, MB, ratio). */
export interface ScenarioResult {
  status: 'measured' | 'missing' | 'failed' | 'skipped';
  what: string;
  path?: string;
  as?: 'visitor' | 'learner' | 'instructor';
  rps?: number;
  p50_ms?: number;
  p99_ms?: number;
  ratio_to_limit?: number;
  ratio_to_express?: number;
  non2xx?: number;
  errors?: number;
  bytes?: number;
  value?: number;
  unit?: string;
  target?: string;
  met?: boolean;
  note?: string;
  [extra: string]: unknown;
}

export type Results = Record<string, ScenarioResult>;

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    // Other work on the machine skews every figure; the load average shows how busy it was.
    load_average: os.loadavg().map((n) => round(n, 1)),
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '' : digits ? n.toFixed(digits) : String(Math.round(n)));

function cpuText(value: unknown): string {
  return typeof value === 'number' && !Number.isNaN(value) ? fmt(value, value < 1 ? 2 : 1) : '';
}

/** The results as a Markdown table (also readable in a terminal). */
export function table(results: Results): string {
  const head = '| scenario | status | req/s | p50 ms | p99 ms | × node:http | × Express | CPU ms/req: app · db · load | req/s the CPU allows: all · app free | other | target | met |';
  const rule = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|';
  const rows = Object.entries(results).map(([name, r]) => {
    const other = r.value !== undefined ? `${fmt(r.value, r.value < 10 ? 2 : 0)} ${r.unit ?? ''}`.trim() : '';
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    const cpu = [r.app_cpu_ms_per_request, r.db_cpu_ms_per_request, r.loadgen_cpu_ms_per_request].map(cpuText);
    const cpuCell = cpu.every((c) => c === '') ? '' : cpu.map((c) => c || '–').join(' · ');
    const bounds = r.cpu_bound_rps === undefined ? '' : `${fmt(r.cpu_bound_rps as number)} · ${fmt(r.cpu_bound_rps_without_app as number)}`;
    const status = r.status === 'measured' ? 'ok' : r.note ? `${r.status}: ${r.note}` : r.status;
    return `| ${name} | ${status} | ${fmt(r.rps, r.rps !== undefined && r.rps < 10 ? 1 : 0)} | ${fmt(r.p50_ms, 1)} | ${fmt(r.p99_ms, 1)} | ${fmt(r.ratio_to_limit, 3)} | ${fmt(r.ratio_to_express, 2)} | ${cpuCell} | ${bounds} | ${other} | ${r.target ?? ''} | ${met} |`;
  });
  const notes = Object.entries(results)
    .filter(([, r]) => r.status === 'measured' && r.note)
    .map(([name, r]) => `- ${name}: ${r.note}`);
  return [head, rule, ...rows, ...(notes.length ? ['', 'Notes:', '', ...notes] : [])].join('\n');
}

export function writeResults(file: string, data: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the table between the markers in bench/README.md with the latest run. */
export function updateReadme(readme: string, machine: ReturnType<typeof machineInfo>, meta: Record<string, string>, results: Results): void {
  if (!fs.existsSync(readme)) return;
  const text = fs.readFileSync(readme, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) return;
  const block = [
    START,
    `Latest run: ${meta.finished} on ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, ${machine.platform}` +
      ` (load average at start ${machine.load_average.join(' / ')}); database: ${meta.database}; ${meta.note}.`,
    '',
    table(results),
    '',
  ].join('\n');
  fs.writeFileSync(readme, text.slice(0, from) + block + text.slice(to));
}

export const benchDir = path.resolve(__dirname);
