// The fuzzer's worker thread: loads the TypeScript sources through tsx and runs the loop.
// Plain JavaScript because a worker thread does not inherit vitest's transform.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runFuzz } = await tsImport('./run.ts', import.meta.url);
await runFuzz({ ...workerData, post: (message) => parentPort.postMessage(message) });
