import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const benchDir = path.resolve(__dirname);

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

/** What a run was: when, on what machine and database, and how it loaded the app. */
export type RunMeta = Record<'finished' | 'database' | 'note', string>;
type Machine = ReturnType<typeof machineInfo>;

function runLine(machine: Machine, meta: RunMeta): string {
  return `${meta.finished} on ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, ${machine.platform}` +
    ` (load average at start ${machine.load_average.join(' / ')}); database: ${meta.database}; ${meta.note}.`;
}

/** The scenarios the project README names, with words a reader of it knows. */
const SUMMARY: [string, string][] = [
  ['course_page', 'course page (visitor)'],
  ['session_dashboard', 'session dashboard'],
  ['week_page', 'week page'],
  ['thread_page_50_posts', '50-post thread'],
  ['progress_table_1000_learners', 'progress table, 1,000 learners'],
  ['verify_certificate', 'verify a certificate'],
  ['reference_express', 'bare Express (reference)'],
  ['growth_thread_page', 'thread page, 100k ÷ 1k posts in the database'],
  ['realtime_one_instance', 'live post to 500 clients, one instance'],
  ['realtime_two_instances', 'live post to 500 clients, two instances'],
  ['memory_peak_rss', 'peak RSS'],
  ['cold_start_embedded', 'first start on a fresh embedded database'],
  ['warm_start_embedded', 'later start'],
  ['pdf_certificate', 'certificate PDF (median of 20)'],
  ['pdf_toolkit_50_entries', '50-entry toolkit PDF (median of 20)'],
];

/** The project README's shorter table: the pages and figures the targets speak of. */
export function summaryTable(results: Results): string {
  const head = '| scenario | req/s | p50 / p99 ms | × Express | CPU ms per answer: app · db · load | other | target | met |';
  const rule = '|---|---:|---:|---:|---:|---:|---|---|';
  const rows = SUMMARY.filter(([key]) => results[key]).map(([key, label]) => {
    const r = results[key];
    if (r.status !== 'measured') return `| ${label} | ${r.status}${r.note ? `: ${r.note}` : ''} | | | | | ${r.target ?? ''} | |`;
    const latency = r.p50_ms === undefined ? '' : `${fmt(r.p50_ms)} / ${fmt(r.p99_ms)}`;
    const cpu = [r.app_cpu_ms_per_request, r.db_cpu_ms_per_request, r.loadgen_cpu_ms_per_request].map(cpuText);
    const cpuCell = cpu.every((c) => c === '') ? '' : cpu.map((c) => c || '–').join(' · ');
    const other = r.value !== undefined ? `${fmt(r.value, r.value < 10 ? 2 : 0)} ${r.unit ?? ''}`.trim() : '';
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    return `| ${label} | ${fmt(r.rps)} | ${latency} | ${fmt(r.ratio_to_express, 2)} | ${cpuCell} | ${other} | ${r.target ?? ''} | ${met} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/** Replaces what stands between two markers in a file; a file without them is left alone. */
export function replaceBetween(file: string, name: string, block: string): void {
  const [start, end] = [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  fs.writeFileSync(file, `${text.slice(0, from)}${start}\n${block}\n${text.slice(to)}`);
}

/**
 * Writes the latest run into both READMEs: the full table in bench/README.md, the summary in
 * the project's README.
 */
export function updateReadmes(machine: Machine, meta: RunMeta, results: Results): void {
  replaceBetween(path.join(benchDir, 'README.md'), 'results', `Latest run: ${runLine(machine, meta)}\n\n${table(results)}\n`);
  replaceBetween(path.join(benchDir, '..', 'README.md'), 'summary', `Latest run: ${runLine(machine, meta)}\n\n${summaryTable(results)}\n`);
}

