/**
 * Throughput of the OpenAI-compatible client (limiter + retries + SDK) against the fake server
 * on loopback with a fixed latency: achieved requests/second vs the ideal C / latency.
 *
 *   npm run bench -- llm [--n 1280] [--latency 200] [--c 4,16,64]
 *
 * For each concurrency C: "cold" is N requests on a fresh endpoint (the limiter starts at
 * min(4, C) and slow-starts to C); "warm" is N more requests once it is there (steady state).
 * The server runs in a child process (as a real inference server would), so its CPU time does
 * not compete with the client's event loop.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { llmConfigFromEnv } from '../lib/platform/llm/config';
import { AIMD_START } from '../lib/platform/llm/limiter';
import { createOpenAIClient, type OpenAIChatClient } from '../lib/platform/llm/openaiClient';
import { startFakeOpenAIServer } from '../lib/platform/llm/testing/fakeOpenAIServer';

const { values } = parseArgs({
  options: {
    // A multiple of every default C, so no run ends on a partial round.
    n: { type: 'string', default: '1280' },
    latency: { type: 'string', default: '200' },
    c: { type: 'string', default: '4,16,64' },
    serve: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const N = Number(values.n);
const LATENCY = Number(values.latency);
const CS = values.c.split(',').map(Number);
if (![N, LATENCY, ...CS].every((x) => Number.isInteger(x) && x > 0)) {
  console.error('usage: npm run bench -- llm [--n N] [--latency MS] [--c C1,C2,...] (positive whole numbers)');
  process.exit(2);
}

if (values.serve) {
  // Child mode: the fake server, its base URL on stdout, stats on GET /bench/stats; ends with stdin.
  const server = await startFakeOpenAIServer({ latencyMs: LATENCY });
  server.route('GET', '/bench/stats', () => ({ json: { maxInFlight: server.maxInFlight, statusCounts: server.statusCounts, requests: server.requests.length } }));
  process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  await new Promise(() => undefined);
}

interface ServerProcess {
  baseUrl: string;
  stats(): Promise<{ maxInFlight: number; requests: number }>;
  close(): Promise<void>;
}

async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--serve', '--latency', String(LATENCY)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake server process exited (${code})`)));
  });
  const { baseUrl } = JSON.parse(first) as { baseUrl: string };
  return {
    baseUrl,
    stats: async () => (await fetch(`${baseUrl.replace(/\/v1$/, '')}/bench/stats`)).json() as Promise<{ maxInFlight: number; requests: number }>,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

async function run(client: OpenAIChatClient, tag: string): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) => client.chat({ purpose: 'bench', messages: [{ role: 'user', content: `${tag} request ${i}` }] })),
  );
  return (performance.now() - started) / 1000;
}

interface Row {
  concurrency: number;
  requests: number;
  latencyMs: number;
  /** C / latency: the steady-state rate. */
  idealRps: number;
  /** N / (ceil(N / C) * latency): the best a batch of N can do (its last round may be partial). */
  batchIdealRps: number;
  coldRps: number;
  coldPct: number;
  warmRps: number;
  warmPct: number;
  maxInFlight: number;
  finalLimit: number;
  retries: number;
}

const rows: Row[] = [];
const pct = (x: number) => `${x.toFixed(1)}%`;
console.log(`LLM client throughput: ${N} requests per run, fake server latency ${LATENCY} ms (separate process), no recorder\n`);
const header = ['C', 'ideal req/s', 'batch max', 'cold req/s', 'cold', 'warm req/s', 'warm', 'max in flight', 'limit', 'retries'];
const widths = [5, 13, 11, 12, 8, 12, 8, 15, 7, 9];
const line = (cells: Array<string | number>) => cells.map((v, i) => String(v).padStart(widths[i])).join('');
console.log(line(header));
for (const c of CS) {
  const server = await startServerProcess();
  try {
    const config = llmConfigFromEnv({}, { baseUrl: server.baseUrl, model: 'bench-model', maxConcurrency: c, timeoutMs: 30_000 });
    const client = createOpenAIClient(config);
    const ideal = c / (LATENCY / 1000);
    const batchIdeal = N / (Math.ceil(N / c) * (LATENCY / 1000));
    // With C <= 4 the limiter starts at C: the first run is already warm, no need to run twice.
    const cold = N / (await run(client, 'cold'));
    const warm = c <= AIMD_START ? cold : N / (await run(client, 'warm'));
    const row: Row = {
      concurrency: c,
      requests: N,
      latencyMs: LATENCY,
      idealRps: ideal,
      batchIdealRps: batchIdeal,
      coldRps: cold,
      coldPct: (100 * cold) / ideal,
      warmRps: warm,
      warmPct: (100 * warm) / ideal,
      maxInFlight: (await server.stats()).maxInFlight,
      finalLimit: client.limiter.limit,
      retries: client.stats.retries,
    };
    rows.push(row);
    console.log(line([c, ideal.toFixed(1), pct((100 * batchIdeal) / ideal), cold.toFixed(1), pct(row.coldPct), warm.toFixed(1), `${pct(row.warmPct)}`, row.maxInFlight, row.finalLimit, row.retries]));
  } finally {
    await server.close();
  }
}
const worst = Math.min(...rows.map((r) => r.warmPct));
const worstOfBatch = Math.min(...rows.map((r) => (100 * r.warmRps) / r.batchIdealRps));
console.log(`\nPercentages are of the ideal C / latency. warm (limiter at C) >= 90%: ${worst >= 90 ? 'yes' : 'NO'} (lowest ${pct(worst)}; ` +
  `lowest ${pct(worstOfBatch)} of the batch max).`);
console.log('batch max: the most a batch of N can reach when N is not a multiple of C (the last round is partial).');
console.log('cold: a fresh endpoint, including the limiter slow start from min(4, C) (about log2(C/4) rounds below C).');
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/llm-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify(rows, null, 2));
