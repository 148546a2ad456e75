// The study's worker thread (see pool.ts): answers each WorkerRequest with the point's measures.
// Bundled by esbuild.mjs as dist/study-worker.js; run from the sources through tsx in tests.
import { parentPort } from 'node:worker_threads';
import { runPoint } from './sweep';
import type { WorkerReply, WorkerRequest } from './pool';

const port = parentPort;
if (port) {
  const reply = (m: WorkerReply) => port.postMessage(m);
  port.on('message', (req: WorkerRequest) => {
    runPoint(req.task, req.db ? { db: req.db } : {}).then(
      measure => reply({ kind: 'done', id: req.id, measure }),
      (e: unknown) => reply({ kind: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) }),
    );
  });
  reply({ kind: 'ready' });
}
