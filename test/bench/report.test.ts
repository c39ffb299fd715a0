import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { replaceBetween, summaryTable, type Results } from '../../bench/report';

const results: Results = {
  thread_page_50_posts: { status: 'measured', what: 'thread', rps: 288.4, p50_ms: 171, p99_ms: 361, ratio_to_express: 0.0717, app_cpu_ms_per_request: 3.61, db_cpu_ms_per_request: 1.1, loadgen_cpu_ms_per_request: 0.33, target: '≥ 0.25 × Express, p99 < 100 ms', met: false },
  memory_peak_rss: { status: 'measured', what: 'rss', value: 244, unit: 'MB', target: '< 300 MB', met: true },
  week_page: { status: 'missing', what: 'week', note: 'answered 404' },
  discussion_search_common_word: { status: 'measured', what: 'search', rps: 110 },
};

describe('the benchmark summary in the project README', () => {
  it('names the pages in plain words, with their figures, targets and whether each was met, leaving out scenarios it does not summarise', () => {
    const lines = summaryTable(results).split('\n');
    expect(lines).toContain('| 50-post thread | 288 | 171 / 361 | 0.07 | 3.6 · 1.1 · 0.33 |  | ≥ 0.25 × Express, p99 < 100 ms | **no** |');
    expect(lines).toContain('| peak RSS |  |  |  |  | 244 MB | < 300 MB | yes |');
    expect(lines).toContain('| week page | missing: answered 404 | | | | |  | |');
    expect(lines.join('\n')).not.toContain('search');
    expect(lines).toHaveLength(5);
  });

  it('replaces only what stands between its own markers, and leaves a file without them alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-bench-'));
    const file = path.join(dir, 'README.md');
    fs.writeFileSync(file, 'before\n<!-- bench:summary:start -->\nold table\n<!-- bench:summary:end -->\nafter\n');
    replaceBetween(file, 'summary', 'new table\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('before\n<!-- bench:summary:start -->\nnew table\n\n<!-- bench:summary:end -->\nafter\n');
    const plain = path.join(dir, 'plain.md');
    fs.writeFileSync(plain, 'no markers\n');
    replaceBetween(plain, 'summary', 'new table\n');
    expect(fs.readFileSync(plain, 'utf8')).toBe('no markers\n');
    fs.rmSync(dir, { recursive: true });
  });
});
