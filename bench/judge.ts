import { round, type Results, type ScenarioResult } from './report';

/** Each measured page's req/s as a share of the bare node:http limit and of the bare Express ceiling. */
export function addRatios(results: Results, limit?: ScenarioResult, expressRef?: ScenarioResult): void {
  for (const r of Object.values(results)) {
    if (r.rps === undefined || r.status !== 'measured') continue;
    if (limit?.rps) r.ratio_to_limit = round(r.rps / limit.rps, 3);
    if (expressRef?.rps) r.ratio_to_express = round(r.rps / expressRef.rps, 3);
  }
}

/** Sets each issue-9 target and whether it was met; adds the growth comparisons. */
export function judge(results: Results): void {
  const set = (name: string, target: string, met: (r: ScenarioResult) => boolean) => {
    const r = results[name];
    if (!r) return;
    r.target = target;
    if (r.status === 'measured') r.met = met(r);
  };
  set('thread_page_50_posts', '≥ 0.25 × Express, p99 < 100 ms', (r) => (r.ratio_to_express ?? 0) >= 0.25 && (r.p99_ms ?? Infinity) < 100);
  set('session_dashboard', '≥ 0.25 × Express', (r) => (r.ratio_to_express ?? 0) >= 0.25);
  set('week_page', '≥ 0.25 × Express', (r) => (r.ratio_to_express ?? 0) >= 0.25);
  set('progress_table_1000_learners', 'p50 < 150 ms', (r) => (r.p50_ms ?? Infinity) < 150);
  for (const name of ['progress_table_1000_learners', 'progress_table_100_learners']) {
    const r = results[name];
    if (r?.p50_ms_c1 !== undefined) r.note = [r.note, `one instructor alone: p50 ${r.p50_ms_c1} ms`].filter(Boolean).join('; ');
  }
  const big = results.thread_page_50_posts_again?.rps ? results.thread_page_50_posts_again : results.thread_page_50_posts;
  const small = results.thread_page_50_posts_1k_db;
  if (big?.rps && small?.rps) {
    const ratio = big.rps / small.rps;
    results.growth_thread_page = {
      status: 'measured',
      what: 'thread page rps with 100,000 posts ÷ with 1,000',
      value: round(ratio, 3),
      unit: '×',
      target: '≥ 0.9',
      met: ratio >= 0.9,
      note: `${small.rps} req/s (1,000 posts) and ${big.rps} req/s (100,000 posts), each the mean of two runs taken in turn; first 100,000-post run ${results.thread_page_50_posts?.rps} req/s`,
    };
  } else {
    results.growth_thread_page = { status: 'missing', what: 'thread page rps with 100,000 posts ÷ with 1,000', note: 'thread page not measured' };
  }
  const p1000 = results.progress_table_1000_learners;
  const p100 = results.progress_table_100_learners;
  const c1 = (r?: ScenarioResult) => (typeof r?.p50_ms_c1 === 'number' ? r.p50_ms_c1 : undefined);
  const [one1000, one100] = [c1(p1000), c1(p100)];
  if (one1000 && one100) {
    results.growth_progress_table = {
      status: 'measured',
      what: 'progress table, one instructor alone: p50 with 1,000 learners ÷ with 100',
      value: round(one1000 / one100, 2),
      unit: '×',
      note: `alone ${one100} → ${one1000} ms; at c=50 ${p100?.rps} → ${p1000?.rps} req/s`,
    };
  } else {
    results.growth_progress_table = { status: 'missing', what: 'progress table, 1,000 learners against 100', note: 'progress table not measured on both databases' };
  }
}
