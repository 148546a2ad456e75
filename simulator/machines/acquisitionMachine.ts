// The acquisition thread of one node (SequentialJobAcquisitionRunnable) as an xstate v5 machine.
// The machine decides what the node does next; the simulation only performs the named effects
// (`selectJobs`, `lockJobs`, `submitBatches`, `cycleCompleted`) and answers with events carrying the
// results and the virtual time. The wait between cycles is the machine's own delayed transition
// (`after: { acquisitionWait }`), which the simulation turns into an event-queue entry.
//
//   acquiring --SELECTED--> locking --LOCKED--> submitting --SUBMITTED--> reconfiguring
//        ^                                                                    | (always)
//        +----- after acquisitionWait / JOB_ADDED ----- waiting <-------------+ (or straight to acquiring when wait = 0)
//   any --STOP--> stopped  (node crash)
import { assign, setup } from 'xstate';
import { initialBackoffState, reconfigure as strategyReconfigure, waitTime as strategyWaitTime, type BackoffConfig, type BackoffState } from '../executor/backoffStrategy';
import { initialJbpm3State, jbpm3AfterCycle, type Jbpm3Config, type Jbpm3State } from '../executor/jbpm3';

export interface SelectedRow { id: string; rev: number }

export interface AcquisitionContext {
  node: string;
  profile: 'camunda' | 'jbpm3';
  cfg: BackoffConfig;
  strategy: BackoffState;
  jbpm3Cfg: Jbpm3Config;
  jbpm3: Jbpm3State;
  cycle: number;
  cycleStart: number;
  /** numJobsToAcquire used by this cycle's SELECT. */
  attempted: number;
  selected: SelectedRow[];
  locked: string[];
  clashed: string[];
  /** This cycle's new batches, in hand-over order. */
  batches: string[][];
  /** Batches rejected by the pool: resubmitted first in the next cycle (they stay locked). */
  rejected: string[][];
  /** The rejected batches of the previous cycle that this cycle resubmits. */
  resubmit: string[][];
  acquisitionException: boolean;
  jobAdded: boolean;
  waitMs: number;
  /** jbpm3: threads left free by the last hand-over (they wait on the job executor monitor). */
  idleThreads: number;
  /** jbpm3: a thread finished its work during this cycle (it acquires again at once). */
  threadFreed: boolean;
}

export type AcquisitionEvent =
  | { type: 'SELECTED'; at: number; rows: SelectedRow[]; exception?: boolean; attempted?: number }
  | { type: 'LOCKED'; at: number; locked: string[]; clashed: string[]; batches: string[][] }
  | { type: 'SUBMITTED'; at: number; rejected: string[][]; jitter: number; jbpm3?: { idleThreads: number; nextDueAt: number | null } }
  /** `threadFreed`: a worker finished its batch (Camunda: jobWasAdded(); jBPM 3: that thread acquires again). */
  | { type: 'JOB_ADDED'; threadFreed?: boolean }
  | { type: 'STOP' };

export interface AcquisitionInput {
  node: string;
  profile?: 'camunda' | 'jbpm3';
  cfg: BackoffConfig;
  jbpm3Cfg: Jbpm3Config;
  /** Batches still locked by this node from a previous cycle (restore). */
  rejected?: string[][];
}

/** Effect parameters the simulation receives. */
export interface SelectJobsParams { node: string; numJobs: number }
export interface LockJobsParams { node: string; rows: SelectedRow[] }
export interface SubmitBatchesParams { node: string; resubmit: string[][]; batches: string[][] }
export interface CycleCompletedParams { node: string; context: AcquisitionContext }

export const acquisitionMachine = setup({
  types: {
    context: {} as AcquisitionContext,
    events: {} as AcquisitionEvent,
    input: {} as AcquisitionInput,
    tags: {} as 'acquiring' | 'waiting' | 'stopped' | 'busy',
  },
  actions: {
    // effects: performed by the simulation (these bodies run only outside the simulation)
    selectJobs: (_, _p: SelectJobsParams) => {},
    lockJobs: (_, _p: LockJobsParams) => {},
    submitBatches: (_, _p: SubmitBatchesParams) => {},
    cycleCompleted: (_, _p: CycleCompletedParams) => {},
    // context updates
    beginCycle: assign(({ context }) => ({
      cycle: context.cycle + 1,
      resubmit: context.rejected,
      rejected: [],
      attempted: context.profile === 'jbpm3' ? context.cfg.maxJobsPerAcquisition : context.strategy.numJobsToAcquire,
      selected: [], locked: [], clashed: [], batches: [],
      acquisitionException: false,
      threadFreed: false,
    })),
    recordSelected: assign(({ event }) => {
      const e = event as Extract<AcquisitionEvent, { type: 'SELECTED' }>;
      return e.attempted === undefined
        ? { cycleStart: e.at, selected: e.rows, acquisitionException: !!e.exception }
        : { cycleStart: e.at, selected: e.rows, acquisitionException: !!e.exception, attempted: e.attempted };
    }),
    recordLocked: assign(({ event }) => {
      const e = event as Extract<AcquisitionEvent, { type: 'LOCKED' }>;
      return { locked: e.locked, clashed: e.clashed, batches: e.batches };
    }),
    recordSubmitted: assign(({ context, event }) => {
      const e = event as Extract<AcquisitionEvent, { type: 'SUBMITTED' }>;
      const rejectedBatches = e.rejected.length;
      if (context.profile === 'jbpm3') {
        const exception = context.acquisitionException || context.clashed.length > 0;
        if (!e.jbpm3) {
          const r = jbpm3AfterCycle(context.jbpm3, context.jbpm3Cfg, exception);
          return { rejected: e.rejected, jbpm3: r.state, waitMs: Math.max(0, context.cycleStart + r.waitMs - e.at), jobAdded: false };
        }
        // The threads wait from the end of their acquisition (JobExecutorThread: getWaitPeriod, then wait).
        const { idleThreads, nextDueAt } = e.jbpm3;
        const r = jbpm3AfterCycle(context.jbpm3, context.jbpm3Cfg, exception, { idleThreads, nextDueInMs: nextDueAt === null ? null : nextDueAt - e.at, threadFreed: context.threadFreed });
        return { rejected: e.rejected, jbpm3: r.state, waitMs: r.waitMs, jobAdded: false, idleThreads };
      }
      const strategy = strategyReconfigure(context.strategy, context.cfg, {
        jobAdded: context.jobAdded,
        acquisitionException: context.acquisitionException,
        attempted: context.attempted,
        acquiredBatches: context.batches.length,
        failedToLock: context.clashed.length,
        rejectedBatches,
        resubmittedBatches: context.resubmit.length,
      });
      const wait = strategyWaitTime(strategy, context.cfg, e.jitter);
      return { rejected: e.rejected, strategy, waitMs: Math.max(0, context.cycleStart + wait - e.at), jobAdded: false };
    }),
    markJobAdded: assign(({ context, event }) => ({ jobAdded: true, threadFreed: context.threadFreed || !!(event as Extract<AcquisitionEvent, { type: 'JOB_ADDED' }>).threadFreed })),
  },
  guards: {
    mustWait: ({ context }) => context.waitMs > 0,
    /**
     * jbpm3, while the threads wait: a notify when no thread waits on the monitor is lost; during the
     * pause after an exception a finished batch does not end it (only a new job's notify does:
     * the pause is Object.wait on the job executor monitor in 3.2.x).
     */
    jbpm3IgnoresWake: ({ context, event }) => {
      if (context.profile !== 'jbpm3') return false;
      const freed = !!(event as Extract<AcquisitionEvent, { type: 'JOB_ADDED' }>).threadFreed;
      const paused = context.acquisitionException || context.clashed.length > 0;
      return freed ? paused : !paused && context.idleThreads <= 0;
    },
    nothingSelected: ({ event }) => (event as Extract<AcquisitionEvent, { type: 'SELECTED' }>).rows.length === 0,
  },
  delays: {
    acquisitionWait: ({ context }) => context.waitMs,
  },
}).createMachine({
  id: 'acquisition',
  context: ({ input }) => {
    const strategy = initialBackoffState(input.cfg);
    return {
      node: input.node,
      profile: input.profile ?? 'camunda',
      cfg: input.cfg,
      strategy,
      jbpm3Cfg: input.jbpm3Cfg,
      jbpm3: initialJbpm3State(input.jbpm3Cfg),
      cycle: 0, cycleStart: 0, attempted: 0,
      selected: [], locked: [], clashed: [], batches: [],
      rejected: input.rejected ?? [], resubmit: [],
      acquisitionException: false, jobAdded: false, waitMs: 0,
      idleThreads: 0, threadFreed: false,
    };
  },
  initial: 'acquiring',
  on: { STOP: '.stopped' },
  states: {
    acquiring: {
      tags: ['acquiring', 'busy'],
      entry: ['beginCycle', { type: 'selectJobs', params: ({ context }) => ({ node: context.node, numJobs: context.attempted }) }],
      on: {
        JOB_ADDED: { actions: 'markJobAdded' },
        SELECTED: [
          { guard: 'nothingSelected', target: 'submitting', actions: 'recordSelected' },
          { target: 'locking', actions: 'recordSelected' },
        ],
      },
    },
    locking: {
      tags: ['acquiring', 'busy'],
      entry: { type: 'lockJobs', params: ({ context }) => ({ node: context.node, rows: context.selected }) },
      on: {
        JOB_ADDED: { actions: 'markJobAdded' },
        LOCKED: { target: 'submitting', actions: 'recordLocked' },
      },
    },
    submitting: {
      tags: ['acquiring', 'busy'],
      entry: { type: 'submitBatches', params: ({ context }) => ({ node: context.node, resubmit: context.resubmit, batches: context.batches }) },
      on: {
        JOB_ADDED: { actions: 'markJobAdded' },
        SUBMITTED: { target: 'reconfiguring', actions: 'recordSubmitted' },
      },
    },
    reconfiguring: {
      tags: ['acquiring', 'busy'],
      entry: { type: 'cycleCompleted', params: ({ context }) => ({ node: context.node, context }) },
      always: [{ guard: 'mustWait', target: 'waiting' }, { target: 'acquiring' }],
    },
    waiting: {
      tags: ['waiting'],
      after: { acquisitionWait: 'acquiring' },
      on: { JOB_ADDED: [{ guard: 'jbpm3IgnoresWake' }, { target: 'acquiring', actions: 'markJobAdded' }] },
    },
    stopped: { tags: ['stopped'], type: 'final' },
  },
});

export type AcquisitionMachine = typeof acquisitionMachine;
