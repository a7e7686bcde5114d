/**
 * A small pool of classify workers (`src/workers/classify.worker.ts`): requests wait in one queue and go to
 * whichever worker is free; a request that needs a model has it loaded into that worker first. `reset`
 * terminates every worker (the way to cancel work already running) and starts afresh.
 */
import type { BundleParts } from '../core/bundle/bundle';
import type { LoadedModelInfo } from '../core/predict/modelRunner';
import type { ClassifyReply, ClassifyRequest } from './classifyProtocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ClassifyJob = DistributiveOmit<Exclude<ClassifyRequest, { type: 'load-model' }>, 'id'>;
export type ReplyOf<T extends ClassifyReply['type']> = Extract<ClassifyReply, { type: T }>;

/** What the pool answers a job with, by the job's type. */
interface ReplyByJob {
  segment: ReplyOf<'segment'>;
  overview: ReplyOf<'overview'>;
  frames: ReplyOf<'frames'>;
  'score-csv': ReplyOf<'scores'>;
}

export interface ModelSource {
  id: string;
  parts: () => Promise<BundleParts>;
}

export interface RunOptions {
  transfer?: Transferable[];
  /** Loaded into the worker (once per worker) before the job runs. */
  model?: ModelSource;
}

/** Thrown into every job the pool drops on `reset`. */
export class PoolResetError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoolResetError';
  }
}

export interface ClassifyPool {
  readonly size: number;
  run<J extends ClassifyJob>(job: J, options?: RunOptions): Promise<ReplyByJob[J['type']]>;
  /** Validates and loads a model in a worker; what the view shows about it. */
  loadModel(model: ModelSource): Promise<LoadedModelInfo>;
  /** Stops every worker (rejecting all jobs, queued or running, with PoolResetError) and starts fresh ones. */
  reset(reason: string): void;
  dispose(): void;
}

interface Task {
  job: ClassifyJob | { type: 'load-model' };
  options: RunOptions;
  resolve: (reply: ClassifyReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Model id → what loading it in this worker answered. */
  models: Map<string, LoadedModelInfo>;
  waiting: Map<number, { resolve: (reply: ClassifyReply) => void; reject: (error: Error) => void }>;
}

/** Workers for this machine: one per core, at least one, at most four. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores));
}

export function createClassifyPool(size = defaultPoolSize()): ClassifyPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`Expected a pool size >= 1, got ${size}`);
  let slots: Slot[] = [];
  let queue: Task[] = [];
  let nextId = 1;
  let disposed = false;

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./classify.worker.ts', import.meta.url), { type: 'module' });
    const slot: Slot = { worker, busy: false, models: new Map(), waiting: new Map() };
    worker.addEventListener('message', (event: MessageEvent<ClassifyReply>) => {
      const reply = event.data;
      const waiter = slot.waiting.get(reply.id);
      if (!waiter) return;
      slot.waiting.delete(reply.id);
      if (reply.type === 'error') waiter.reject(new Error(reply.message));
      else waiter.resolve(reply);
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      // A worker that fails to load, or dies, fails what it holds; the slot is replaced.
      const error = new Error(`The classify worker failed: ${event.message || 'it could not start'}`);
      event.preventDefault();
      for (const waiter of slot.waiting.values()) waiter.reject(error);
      slot.waiting.clear();
      worker.terminate();
      slots = slots.filter((s) => s !== slot);
    });
    slots.push(slot);
    return slot;
  };

  const send = (slot: Slot, body: ClassifyRequest | ClassifyJob, transfer: Transferable[] = []) =>
    new Promise<ClassifyReply>((resolve, reject) => {
      const id = nextId++;
      slot.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ ...body, id }, transfer);
    });

  const loadInto = async (slot: Slot, model: ModelSource): Promise<LoadedModelInfo> => {
    const known = slot.models.get(model.id);
    if (known) return known;
    const reply = await send(slot, {
      id: 0,
      type: 'load-model',
      modelId: model.id,
      parts: await model.parts(),
    });
    if (reply.type !== 'model') throw new Error(`Expected a model reply, got ${reply.type}`);
    slot.models.set(model.id, reply.model);
    return reply.model;
  };

  const execute = async (slot: Slot, task: Task) => {
    slot.busy = true;
    try {
      if (task.job.type === 'load-model') {
        const info = await loadInto(slot, task.options.model!);
        task.resolve({ id: 0, type: 'model', model: info });
      } else {
        if (task.options.model) await loadInto(slot, task.options.model);
        task.resolve(await send(slot, task.job, task.options.transfer));
      }
    } catch (error) {
      task.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      slot.busy = false;
      dispatch();
    }
  };

  const dispatch = () => {
    while (queue.length > 0 && !disposed) {
      let slot = slots.find((s) => !s.busy);
      // A free worker that already holds the model is best: no second load.
      const wanted = queue[0].options.model?.id;
      if (wanted) slot = slots.find((s) => !s.busy && s.models.has(wanted)) ?? slot;
      if (!slot && slots.length < size) slot = spawn();
      if (!slot) return;
      void execute(slot, queue.shift()!);
    }
  };

  const enqueue = (job: Task['job'], options: RunOptions) =>
    new Promise<ClassifyReply>((resolve, reject) => {
      if (disposed) return reject(new PoolResetError('The classify workers were stopped'));
      queue.push({ job, options, resolve, reject });
      dispatch();
    });

  return {
    size,
    run(job, options = {}) {
      return enqueue(job, options) as Promise<never>;
    },
    async loadModel(model) {
      const reply = await enqueue({ type: 'load-model' }, { model });
      if (reply.type !== 'model') throw new Error(`Expected a model reply, got ${reply.type}`);
      return reply.model;
    },
    reset(reason) {
      const error = new PoolResetError(reason);
      const dropped = queue;
      queue = [];
      for (const task of dropped) task.reject(error);
      for (const slot of slots) {
        slot.worker.terminate();
        for (const waiter of slot.waiting.values()) waiter.reject(error);
        slot.waiting.clear();
      }
      slots = [];
    },
    dispose() {
      this.reset('The classify workers were stopped');
      disposed = true;
    },
  };
}
