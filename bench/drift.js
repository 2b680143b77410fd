#!/usr/bin/env node
// Drift-engine benchmark: KS + normed Wasserstein on 1,000,000 vs 1,000,000 values against SciPy
// (same data, same process run), plus the 7-feature LLM-window report on 1,000,000 rows.
// Run after a build:  npm run build && node bench/drift.js
// Targets: our KS+Wasserstein ≤ 1.5× SciPy's time; peak memory ≤ 3× the raw data.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// A full GC between (never during) timed runs, so the peak RSS is one computation's working set
// and not the garbage of earlier runs that V8 has not collected yet.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const DIST = path.join(__dirname, '..', 'dist', 'src', 'drift');
let drift;
try {
  drift = require(path.join(DIST, 'index.js'));
} catch {
  console.error(`bench/drift.js: ${DIST} is missing; run \`npm run build\` first.`);
  process.exit(1);
}
const { computeDriftReport, ksTwoSample, sortedFinite, wassersteinDistance } = drift;
const { populationStd } = require(path.join(DIST, 'pairwise-sum.js'));

const N = 1_000_000;
const RUNS = 5;
const PYTHON = '/usr/bin/python3';
const MB = 1024 * 1024;

/** mulberry32: small, fast, seeded; two draws make one 53-bit uniform in (0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  const next32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6) + 0.5) / 9007199254740992;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rssMb = () => process.memoryUsage().rss / MB;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const fmt = (x, d = 1) => x.toFixed(d);

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// 1. KS + Wasserstein, 1M vs 1M latency-like values (lognormal, slightly shifted current).
gc();
const baselineRss = rssMb();
const r1 = rng(20240611);
const ref = new Float64Array(N);
const cur = new Float64Array(N);
for (let i = 0; i < N; i++) ref[i] = Math.exp(Math.log(800) + 0.5 * r1.normal());
for (let i = 0; i < N; i++) cur[i] = Math.exp(Math.log(800) + 0.003 + 0.5 * r1.normal());
const rawBytes = ref.byteLength + cur.byteLength;

function ourKsWasserstein() {
  const t0 = performance.now();
  const std = populationStd(ref);
  const a = sortedFinite(ref);
  const b = sortedFinite(cur);
  const ks = ksTwoSample(a, b);
  const w = wassersteinDistance(a, b);
  const ms = performance.now() - t0;
  return { ms, ks, w, normed: w / Math.max(std, 0.001) };
}

ourKsWasserstein(); // warm-up (JIT)
const ours = [];
for (let i = 0; i < RUNS; i++) {
  gc();
  ours.push(ourKsWasserstein());
}
const ourMs = median(ours.map((o) => o.ms));
const ourPeak = peakRssMb();
const last = ours[ours.length - 1];

// ---------------------------------------------------------------------------------------------
// 2. SciPy on the very same doubles (written as raw float64, read with numpy.fromfile).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-bench-'));
const dataFile = path.join(tmp, 'data.f64');
fs.writeFileSync(dataFile, Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength));
fs.appendFileSync(dataFile, Buffer.from(cur.buffer, cur.byteOffset, cur.byteLength));
const PY = `
import json, resource, sys, time
import numpy as np
from scipy import stats
data = np.fromfile(sys.argv[1], dtype='<f8')
n = int(sys.argv[2]); runs = int(sys.argv[3])
ref, cur = data[:n], data[n:]
def timed(fn):
    out = []
    for _ in range(runs):
        t = time.perf_counter(); res = fn(); out.append((time.perf_counter() - t) * 1000)
    return res, out
ks, ks_ms = timed(lambda: stats.ks_2samp(ref, cur))
w, w_ms = timed(lambda: stats.wasserstein_distance(ref, cur))
print(json.dumps({"ks_ms": ks_ms, "w_ms": w_ms, "statistic": float(ks.statistic), "pvalue": float(ks.pvalue),
                  "wasserstein": float(w), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;
let scipy = null;
let scipyNote = '';
const py = spawnSync(PYTHON, ['-c', PY, dataFile, String(N), String(RUNS)], {
  encoding: 'utf8',
  timeout: 90_000,
});
fs.rmSync(tmp, { recursive: true, force: true });
if (py.status === 0) {
  scipy = JSON.parse(py.stdout.trim().split('\n').pop());
} else {
  scipyNote = `SciPy run failed (${py.error ? py.error.message : (py.stderr || '').trim().split('\n').pop()})`;
}

// ---------------------------------------------------------------------------------------------
// 3. The 7-feature LLM window report on 1,000,000 vs 1,000,000 rows (columnar input).
function llmWindow(seed, n, shift) {
  const r = rng(seed);
  const cols = {
    prompt_tokens: new Float64Array(n),
    completion_tokens: new Float64Array(n),
    total_tokens: new Float64Array(n),
    latency_ms: new Float64Array(n),
    prompt_chars: new Float64Array(n),
    response_chars: new Float64Array(n),
    finish_reason: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = Math.round(Math.exp(Math.log(350) + shift + 0.6 * r.normal()));
    const c = Math.round(Math.exp(Math.log(180) + 0.7 * r.normal()));
    cols.prompt_tokens[i] = p;
    cols.completion_tokens[i] = c;
    cols.total_tokens[i] = p + c;
    cols.latency_ms[i] =
      Math.round((200 + 4 * c + Math.exp(Math.log(300) + 0.5 * r.normal())) * 10) / 10;
    cols.prompt_chars[i] = Math.round(p * (3.6 + 0.8 * r.uniform()));
    cols.response_chars[i] = Math.round(c * (3.6 + 0.8 * r.uniform()));
    const u = r.uniform();
    cols.finish_reason[i] = u < 0.88 - shift ? 'stop' : u < 0.96 ? 'length' : 'tool_calls';
  }
  return cols;
}
const llmTypes = {
  prompt_tokens: 'numerical',
  completion_tokens: 'numerical',
  total_tokens: 'numerical',
  latency_ms: 'numerical',
  prompt_chars: 'numerical',
  response_chars: 'numerical',
  finish_reason: 'categorical',
};
gc();
const rssBeforeReport = rssMb();
const refWin = { columns: llmWindow(7, N, 0) };
const curWin = { columns: llmWindow(8, N, 0.05) };
const reportRawBytes = 2 * N * (6 * 8 + 8);
let report;
computeDriftReport(refWin, curWin, llmTypes); // warm-up
const reportMs = [];
for (let i = 0; i < 3; i++) {
  gc();
  const t0 = performance.now();
  report = computeDriftReport(refWin, curWin, llmTypes);
  reportMs.push(performance.now() - t0);
}
const endPeak = peakRssMb();

// ---------------------------------------------------------------------------------------------
// Output.
const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const ourPeakGrowth = ourPeak - baselineRss;
console.log(
  `Drift engine benchmark — Node ${process.version}, ${os.cpus().length} CPU(s), ${N.toLocaleString('en-US')} vs ${N.toLocaleString('en-US')} float64, median of ${RUNS} runs (ours after 1 warm-up)\n`,
);
const rows = [['step', 'ours ms', 'SciPy ms', 'ratio']];
if (scipy) {
  const ks = median(scipy.ks_ms);
  const w = median(scipy.w_ms);
  rows.push(['ks_2samp + wasserstein_distance', fmt(ourMs), fmt(ks + w), fmt(ourMs / (ks + w), 2)]);
  rows.push(['  SciPy ks_2samp alone', '', fmt(ks), '']);
  rows.push(['  SciPy wasserstein_distance alone', '', fmt(w), '']);
} else {
  rows.push(['ks_2samp + wasserstein_distance', fmt(ourMs), 'n/a', 'n/a']);
}
rows.push(['7-feature LLM report (1M vs 1M rows)', fmt(median(reportMs)), '', '']);
console.log(table(rows));
console.log(
  `\nOur run includes copying, NaN filtering, sorting both samples, the std, KS (method ${last.ks.method}) and Wasserstein.`,
);
if (scipy) {
  console.log(
    `Agreement with SciPy: D rel diff ${rel(last.ks.statistic, scipy.statistic).toExponential(1)}, ` +
      `p ${last.ks.pValue.toExponential(6)} vs ${scipy.pvalue.toExponential(6)} (rel ${rel(last.ks.pValue, scipy.pvalue).toExponential(1)}), ` +
      `W rel diff ${rel(last.w, scipy.wasserstein).toExponential(1)}`,
  );
} else {
  console.log(scipyNote);
}
console.log('\nMemory');
console.log(
  table([
    ['measure', 'MB'],
    ['raw data, KS/W step (2 × 1M float64)', fmt(rawBytes / MB)],
    ['RSS before generating data', fmt(baselineRss)],
    ['peak RSS after KS/W runs', fmt(ourPeak)],
    ['  growth over baseline (data + engine)', fmt(ourPeakGrowth)],
    ['  growth / raw data', fmt(ourPeakGrowth / (rawBytes / MB), 2) + '×'],
    ...(scipy ? [['SciPy process peak RSS (incl. interpreter)', fmt(scipy.maxrss_mb)]] : []),
    ['raw data, report step (6 float64 + 1 ref per row, 2M rows)', fmt(reportRawBytes / MB)],
    ['peak RSS at the end (report step)', fmt(endPeak)],
    ['  growth over RSS before the report data', fmt(endPeak - rssBeforeReport)],
  ]),
);
console.log(
  `\nReport verdict: ${report.drifted_columns}/${report.tested_columns} drifted, dataset_drift=${report.dataset_drift}; ` +
    report.columns.map((c) => `${c.name}:${c.test}`).join(' '),
);
