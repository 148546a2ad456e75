// One worker thread of a node's job-executor pool running ExecuteJobsRunnable: the jobs of a batch
// run sequentially, each in its own transaction (load → run for its duration → commit, or the
// failure bookkeeping). A job created by the running exclusive job that qualifies for the
// "exclusive job added" shortcut is appended to this thread's queue (EXCLUSIVE_JOB_ADDED).
//
//   idle --BATCH--> loading --LOADED--> running --after jobDuration--> committing --COMMITTED--> next
//                      | (not found)                 | (failed)            | (0 rows: OLE)
//                      v                             v                     v
//                     next                        failing <---------------+ --FAILURE_RECORDED--> next
//   next: more jobs → loading (re-entered), else → idle (effect batchDone: the pool hands the next task
//   or ends the thread). "next" is not a state of its own: each transition that ends a job chooses
//   between the two targets itself (guard `moreJobsAfterThis`, read before the job's index advances),
//   so ending a job is one microstep, not two.
//   any --STOP--> stopped (node crash: the thread dies mid-job, locks stay)
import { assign, setup } from 'xstate';

export interface JobOutcome {
  /** true: the job body throws (or the node lacks the deployment's classes). */
  failed: boolean;
  error: string | null;
}

export interface WorkerContext {
  node: string;
  thread: string;
  queue: string[];
  index: number;
  jobId: string | null;
  durationMs: number;
  outcome: JobOutcome;
  /** Why the current job failed: the body's error or an OptimisticLockingException at commit. */
  failure: string | null;
  executed: number;
}

export type WorkerEvent =
  | { type: 'BATCH'; jobIds: string[] }
  | { type: 'LOADED'; found: boolean; durationMs: number; outcome: JobOutcome }
  | { type: 'COMMITTED'; ok: boolean }
  | { type: 'FAILURE_RECORDED' }
  | { type: 'EXCLUSIVE_JOB_ADDED'; jobId: string }
  | { type: 'STOP' };

export interface WorkerInput { node: string; thread: string }

export interface LoadJobParams { node: string; thread: string; jobId: string }
export interface CommitJobParams { node: string; thread: string; jobId: string; durationMs: number }
export interface RecordFailureParams { node: string; thread: string; jobId: string; error: string }
export interface BatchDoneParams { node: string; thread: string; jobIds: string[] }

export const OPTIMISTIC_LOCKING_EXCEPTION = 'OptimisticLockingException';

const NO_OUTCOME: JobOutcome = { failed: false, error: null };

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    events: {} as WorkerEvent,
    input: {} as WorkerInput,
    tags: {} as 'idle' | 'busy' | 'executing' | 'stopped',
  },
  actions: {
    // effects performed by the simulation
    loadJob: (_, _p: LoadJobParams) => {},
    commitJob: (_, _p: CommitJobParams) => {},
    recordFailure: (_, _p: RecordFailureParams) => {},
    batchDone: (_, _p: BatchDoneParams) => {},
    // context updates
    // One assign per transition (each assign is a snapshot copy in xstate): the job a transition moves
    // to is selected by the same assign that moves the index.
    takeBatch: assign(({ event }) => {
      const queue = [...(event as Extract<WorkerEvent, { type: 'BATCH' }>).jobIds];
      return { queue, index: 0, jobId: queue[0], durationMs: 0, outcome: NO_OUTCOME, failure: null };
    }),
    recordLoaded: assign(({ event }) => {
      const e = event as Extract<WorkerEvent, { type: 'LOADED' }>;
      return { durationMs: e.durationMs, outcome: e.outcome, failure: e.outcome.failed ? e.outcome.error ?? 'Exception' : null };
    }),
    recordOle: assign({ failure: OPTIMISTIC_LOCKING_EXCEPTION }),
    /** The job ended (committed or failure recorded): the next one of the batch is selected. */
    advance: assign(({ context }) => ({ index: context.index + 1, executed: context.executed + 1, jobId: context.queue[context.index + 1], durationMs: 0, outcome: NO_OUTCOME, failure: null })),
    /** The job was not found: the next one of the batch is selected. */
    skip: assign(({ context }) => ({ index: context.index + 1, jobId: context.queue[context.index + 1], durationMs: 0, outcome: NO_OUTCOME, failure: null })),
    /** The last job ended: the batch is cleared. */
    endBatch: assign(({ context }) => ({ queue: [] as string[], index: 0, jobId: null, executed: context.executed + 1 })),
    appendJob: assign(({ context, event }) => ({ queue: [...context.queue, (event as Extract<WorkerEvent, { type: 'EXCLUSIVE_JOB_ADDED' }>).jobId] })),
    clearBatch: assign({ queue: [] as string[], index: 0, jobId: null }),
  },
  guards: {
    found: ({ event }) => (event as Extract<WorkerEvent, { type: 'LOADED' }>).found,
    bodyFailed: ({ context }) => context.outcome.failed,
    committed: ({ event }) => (event as Extract<WorkerEvent, { type: 'COMMITTED' }>).ok,
    /** After this job (index + 1) the batch still has jobs: the next one is loaded at once. */
    moreJobsAfterThis: ({ context }) => context.index + 1 < context.queue.length,
    committedWithMoreJobs: ({ context, event }) => (event as Extract<WorkerEvent, { type: 'COMMITTED' }>).ok && context.index + 1 < context.queue.length,
  },
  delays: {
    jobDuration: ({ context }) => context.durationMs,
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => ({
    node: input.node, thread: input.thread, queue: [], index: 0, jobId: null,
    durationMs: 0, outcome: NO_OUTCOME, failure: null, executed: 0,
  }),
  initial: 'idle',
  on: { STOP: '.stopped' },
  states: {
    idle: {
      tags: ['idle'],
      on: { BATCH: { target: 'loading', actions: 'takeBatch' } },
    },
    loading: {
      tags: ['busy'],
      entry: [{ type: 'loadJob', params: ({ context }) => ({ node: context.node, thread: context.thread, jobId: context.jobId! }) }],
      on: {
        EXCLUSIVE_JOB_ADDED: { actions: 'appendJob' },
        LOADED: [
          { guard: 'found', target: 'running', actions: 'recordLoaded' },
          // not found: next
          { guard: 'moreJobsAfterThis', target: 'loading', reenter: true, actions: 'skip' },
          { target: 'idle', actions: [{ type: 'batchDone', params: ({ context }) => ({ node: context.node, thread: context.thread, jobIds: context.queue }) }, 'clearBatch'] },
        ],
      },
    },
    running: {
      tags: ['busy', 'executing'],
      on: { EXCLUSIVE_JOB_ADDED: { actions: 'appendJob' } },
      after: {
        jobDuration: [
          { guard: 'bodyFailed', target: 'failing' },
          { target: 'committing' },
        ],
      },
    },
    committing: {
      tags: ['busy', 'executing'],
      entry: { type: 'commitJob', params: ({ context }) => ({ node: context.node, thread: context.thread, jobId: context.jobId!, durationMs: context.durationMs }) },
      on: {
        EXCLUSIVE_JOB_ADDED: { actions: 'appendJob' },
        COMMITTED: [
          // committed: next
          { guard: 'committedWithMoreJobs', target: 'loading', actions: 'advance' },
          { guard: 'committed', target: 'idle', actions: [{ type: 'batchDone', params: ({ context }) => ({ node: context.node, thread: context.thread, jobIds: context.queue }) }, 'endBatch'] },
          { target: 'failing', actions: 'recordOle' },
        ],
      },
    },
    failing: {
      tags: ['busy'],
      entry: { type: 'recordFailure', params: ({ context }) => ({ node: context.node, thread: context.thread, jobId: context.jobId!, error: context.failure ?? 'Exception' }) },
      on: {
        EXCLUSIVE_JOB_ADDED: { actions: 'appendJob' },
        // next
        FAILURE_RECORDED: [
          { guard: 'moreJobsAfterThis', target: 'loading', actions: 'advance' },
          { target: 'idle', actions: [{ type: 'batchDone', params: ({ context }) => ({ node: context.node, thread: context.thread, jobIds: context.queue }) }, 'endBatch'] },
        ],
      },
    },
    stopped: { tags: ['stopped'], type: 'final' },
  },
});

export type WorkerMachine = typeof workerMachine;
