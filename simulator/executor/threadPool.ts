// A JDK ThreadPoolExecutor with an ArrayBlockingQueue and AbortPolicy, as the engine's
// DefaultJobExecutor builds it (core 3, max 10, queue 3, keep-alive 0): `execute()` starts a new
// thread while fewer than core threads exist (even if others are idle), else offers the task to the
// queue (an idle thread takes it at once), else starts a thread up to max, else rejects. A thread
// that finishes takes the queue's head; with keep-alive 0 a thread above core ends as soon as it
// finds the queue empty, core threads wait idle. Pure data structure, no time of its own.

export interface PoolConfig { corePoolSize: number; maxPoolSize: number; queueSize: number }

export const DEFAULT_POOL_CONFIG: Readonly<PoolConfig> = Object.freeze({ corePoolSize: 3, maxPoolSize: 10, queueSize: 3 });

export type ExecuteResult<T> =
  /** a new thread was started with the task */
  | { kind: 'started'; threadId: string; task: T }
  /** an idle thread took the task from the queue at once */
  | { kind: 'handedOver'; threadId: string; task: T }
  | { kind: 'queued' }
  | { kind: 'rejected' };

export type FinishResult<T> =
  | { kind: 'next'; task: T }
  | { kind: 'idle' }
  | { kind: 'ended' };

export interface ThreadPoolState<T> {
  threads: { id: string; busy: boolean }[];
  /** Idle threads in the order they take tasks (FIFO); absent in older states: thread order. */
  idle?: string[];
  queue: T[];
  nextThreadNo: number;
  completedTasks: number;
  rejectedTasks: number;
  largestPoolSize: number;
}

export class ThreadPool<T> {
  private threads = new Map<string, { busy: boolean }>();
  private idle: string[] = [];
  private queue: T[] = [];
  private nextThreadNo = 1;
  completedTasks = 0;
  rejectedTasks = 0;
  largestPoolSize = 0;

  constructor(readonly name: string, readonly cfg: PoolConfig) {}

  get poolSize(): number { return this.threads.size; }
  get activeCount(): number { return this.threads.size - this.idle.length; }
  get queued(): readonly T[] { return this.queue; }
  threadIds(): string[] { return [...this.threads.keys()]; }

  execute(task: T): ExecuteResult<T> {
    const { corePoolSize, maxPoolSize, queueSize } = this.cfg;
    if (this.threads.size < corePoolSize) return { kind: 'started', threadId: this.addThread(), task };
    if (this.queue.length < queueSize || (queueSize <= 0 && this.idle.length > 0)) {
      if (this.idle.length) {
        const id = this.idle.shift()!;
        this.threads.get(id)!.busy = true;
        return { kind: 'handedOver', threadId: id, task };
      }
      this.queue.push(task);
      return { kind: 'queued' };
    }
    if (this.threads.size < maxPoolSize) return { kind: 'started', threadId: this.addThread(), task };
    this.rejectedTasks++;
    return { kind: 'rejected' };
  }

  /** The thread finished its task: it takes the next queued one, waits (core) or ends (above core). */
  finished(threadId: string): FinishResult<T> {
    const th = this.threads.get(threadId);
    if (!th) throw new Error(`thread pool ${this.name}: unknown thread ${threadId}`);
    this.completedTasks++;
    if (this.queue.length) return { kind: 'next', task: this.queue.shift()! };
    if (this.threads.size > this.cfg.corePoolSize) {
      this.threads.delete(threadId);
      return { kind: 'ended' };
    }
    th.busy = false;
    this.idle.push(threadId);
    return { kind: 'idle' };
  }

  /** Kills every thread and drops the queue (a node crash); returns the queued tasks that were lost. */
  shutdownNow(): T[] {
    const lost = this.queue;
    this.queue = [];
    this.threads.clear();
    this.idle = [];
    return lost;
  }

  serialize(): ThreadPoolState<T> {
    return {
      threads: [...this.threads].map(([id, t]) => ({ id, busy: t.busy })),
      idle: [...this.idle],
      queue: [...this.queue],
      nextThreadNo: this.nextThreadNo,
      completedTasks: this.completedTasks,
      rejectedTasks: this.rejectedTasks,
      largestPoolSize: this.largestPoolSize,
    };
  }

  restore(s: ThreadPoolState<T>): void {
    this.threads = new Map(s.threads.map(t => [t.id, { busy: t.busy }]));
    this.idle = s.idle ? [...s.idle] : s.threads.filter(t => !t.busy).map(t => t.id);
    this.queue = [...s.queue];
    this.nextThreadNo = s.nextThreadNo;
    this.completedTasks = s.completedTasks;
    this.rejectedTasks = s.rejectedTasks;
    this.largestPoolSize = s.largestPoolSize;
  }

  private addThread(): string {
    const id = `${this.name}-t${this.nextThreadNo++}`;
    this.threads.set(id, { busy: true });
    this.largestPoolSize = Math.max(this.largestPoolSize, this.threads.size);
    return id;
  }
}
