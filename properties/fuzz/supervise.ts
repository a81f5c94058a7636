/**
 * The fuzzer's supervisor: runs the loop (run.ts) in a worker thread with a bounded heap, and a
 * watchdog on the shared call counter. A call that does not return within `hangMs` is a hang: the
 * worker is terminated (which stops even a synchronous infinite loop) and a new one resumes after
 * the culprit's target. A worker killed by its heap limit is an out-of-memory crash, reported with
 * the call that was running. So no hostile call can stall or take down the test run.
 */
import { Worker } from 'node:worker_threads';
import type { FuzzMessage } from './run.js';

/** Shared memory layout: Int32 [seq, target, length] then the UTF-8 description of the call. */
export const HEADER_BYTES = 16;
export const DESCRIPTION_BYTES = 8192;

type Msg<T extends FuzzMessage['type']> = Omit<Extract<FuzzMessage, { type: T }>, 'type'>;

export interface FuzzReport {
  ready: Msg<'ready'> | null;
  violations: Msg<'violation'>[];
  slow: Msg<'slow'>[];
  known: Msg<'known'>[];
  targets: Msg<'target'>[];
  restarts: number;
  ms: number;
}

export interface SuperviseOptions {
  seed: number;
  runs: number;
  filter: string;
  /** A call running longer than this is a hang. */
  hangMs: number;
  /** The worker's V8 heap limit. */
  heapMb: number;
}

type End =
  | { kind: 'done' }
  | { kind: 'hang' }
  | { kind: 'crash'; error: Error }
  | { kind: 'exit'; code: number };

/** Run the fuzzer to the end, restarting past hangs and crashes; never throws for a misbehaving export. */
export async function supervise(o: SuperviseOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const report: FuzzReport = {
    ready: null,
    violations: [],
    slow: [],
    known: [],
    targets: [],
    restarts: 0,
    ms: 0,
  };
  let startAt = 0;
  for (;;) {
    const shared = new SharedArrayBuffer(HEADER_BYTES + DESCRIPTION_BYTES);
    const header = new Int32Array(shared, 0, 4);
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: {
        seed: o.seed,
        runs: o.runs,
        startAt,
        filter: o.filter,
        checkKnown: report.restarts === 0,
        shared,
      },
      resourceLimits: { maxOldGenerationSizeMb: o.heapMb },
    });
    const end = await new Promise<End>((resolve) => {
      let ready = false;
      let settled = false;
      let seq = -1;
      let since = performance.now();
      const finish = (e: End) => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        resolve(e);
      };
      const timer = setInterval(() => {
        if (!ready) return;
        const s = Atomics.load(header, 0);
        if (s !== seq) {
          seq = s;
          since = performance.now();
        } else if (performance.now() - since > o.hangMs) {
          finish({ kind: 'hang' });
        }
      }, 20);
      worker.on('message', (m: FuzzMessage) => {
        const { type, ...rest } = m;
        if (type === 'ready') {
          ready = true;
          since = performance.now();
          report.ready ??= rest as Msg<'ready'>;
        } else if (type === 'target') report.targets.push(rest as Msg<'target'>);
        else if (type === 'violation') report.violations.push(rest as Msg<'violation'>);
        else if (type === 'slow') report.slow.push(rest as Msg<'slow'>);
        else if (type === 'known') report.known.push(rest as Msg<'known'>);
        else if (type === 'done') finish({ kind: 'done' });
      });
      worker.on('error', (error) => finish({ kind: 'crash', error }));
      worker.on('exit', (code) => finish({ kind: 'exit', code }));
    });
    // terminate() interrupts JavaScript, but a builtin such as Array.prototype.map over a sparse array
    // of length 2³² − 1 runs to its end first: give up waiting after a second and go on without it
    const stopped = await Promise.race([
      worker.terminate().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
    ]);
    if (!stopped) worker.unref();
    if (end.kind === 'done') break;
    if (report.ready === null) {
      throw new Error(
        `the fuzz worker failed before enumerating the exports: ${end.kind === 'crash' ? end.error.stack : end.kind}`,
      );
    }
    const index = Atomics.load(header, 1);
    const length = Atomics.load(header, 2);
    const call = new TextDecoder().decode(new Uint8Array(shared, HEADER_BYTES, length).slice());
    const oom = end.kind === 'crash' && (end.error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    report.violations.push({
      target: index >= 0 ? report.ready.targets[index] : '(known-bug check)',
      call,
      rule:
        end.kind === 'hang'
          ? `hang (no return within ${o.hangMs} ms)`
          : oom
            ? 'out of memory (the worker hit its heap limit)'
            : 'the worker died',
      detail: end.kind === 'crash' ? end.error.message : end.kind === 'exit' ? `exit code ${end.code}` : '',
      shrinks: 0,
    });
    report.restarts++;
    if (index >= 0) startAt = index + 1;
    if (report.restarts > 50) throw new Error('the fuzz worker keeps dying; see the violations so far');
  }
  report.ms = Math.round(performance.now() - t0);
  return report;
}
