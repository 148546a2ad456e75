// The lifecycle of one cluster node: running → crashed (CRASH: every thread stops mid-job, its
// locks stay in the table) → restarting (RESTART) → running again after the restart delay. Entering
// `running` starts the node's job executor (effect `startExecutor`), entering `crashed` kills it
// (effect `crashExecutor`). The tag `restarting` marks a node that will come back by itself: the run
// is not over while one is.
import { assign, setup } from 'xstate';

export interface NodeContext { node: string; restartMs: number; starts: number; crashes: number }
export type NodeEvent = { type: 'CRASH' } | { type: 'RESTART' };
export interface NodeInput { node: string; restartMs: number }
export interface NodeEffectParams { node: string; starts: number }

export const nodeMachine = setup({
  types: {
    context: {} as NodeContext,
    events: {} as NodeEvent,
    input: {} as NodeInput,
    tags: {} as 'up' | 'down' | 'restarting',
  },
  actions: {
    startExecutor: (_, _p: NodeEffectParams) => {},
    crashExecutor: (_, _p: NodeEffectParams) => {},
    countStart: assign(({ context }) => ({ starts: context.starts + 1 })),
    countCrash: assign(({ context }) => ({ crashes: context.crashes + 1 })),
  },
  delays: {
    restartDelay: ({ context }) => context.restartMs,
  },
}).createMachine({
  id: 'node',
  context: ({ input }) => ({ node: input.node, restartMs: input.restartMs, starts: 0, crashes: 0 }),
  initial: 'running',
  states: {
    running: {
      tags: ['up'],
      entry: ['countStart', { type: 'startExecutor', params: ({ context }) => ({ node: context.node, starts: context.starts }) }],
      on: { CRASH: { target: 'crashed', actions: 'countCrash' } },
    },
    crashed: {
      tags: ['down'],
      entry: { type: 'crashExecutor', params: ({ context }) => ({ node: context.node, starts: context.starts }) },
      on: { RESTART: 'restarting' },
    },
    restarting: {
      tags: ['down', 'restarting'],
      after: { restartDelay: 'running' },
      on: { CRASH: 'crashed' },
    },
  },
});

export type NodeMachine = typeof nodeMachine;
