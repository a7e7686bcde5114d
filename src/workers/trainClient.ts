import type { BackendPreference } from '../core/backend';
import type { EpochEvent } from '../core/train/train';
import type { TrainJobInput, TrainJobOutcome, TrainStage } from '../core/train/trainJob';
import { jobTransferables, type TrainReply, type TrainRequest } from './trainProtocol';

export interface TrainHandlers {
  onBackend?: (backend: string, reason: string, label: string) => void;
  onStage?: (stage: TrainStage) => void;
  onEpoch?: (event: EpochEvent) => void;
}

/** Talks to the training worker: one run at a time, its input buffers transferred (the caller's are detached). */
export interface TrainClient {
  /** Trains `job`; `backend` is the user's choice of TF.js backend (default automatic). */
  train(job: TrainJobInput, handlers?: TrainHandlers, backend?: BackendPreference): Promise<TrainJobOutcome>;
  /** Asks the running job to stop; it resolves `{ status: 'cancelled' }` within an epoch. */
  cancel(): void;
  dispose(): void;
}

interface Pending {
  id: number;
  handlers: TrainHandlers;
  resolve: (outcome: TrainJobOutcome) => void;
  reject: (error: Error) => void;
}

export function createTrainClient(): TrainClient {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
  let pending: Pending | null = null;
  let nextId = 1;

  const settle = (action: (p: Pending) => void) => {
    const current = pending;
    pending = null;
    if (current) action(current);
  };
  const onMessage = (event: MessageEvent<TrainReply>) => {
    const message = event.data;
    if (!pending || message.id !== pending.id) return;
    const { handlers } = pending;
    switch (message.type) {
      case 'backend':
        handlers.onBackend?.(message.backend, message.reason, message.label);
        break;
      case 'stage':
        handlers.onStage?.(message.stage);
        break;
      case 'epoch':
        handlers.onEpoch?.(message.event);
        break;
      case 'result':
        settle((p) => p.resolve(message.outcome));
        break;
      case 'error':
        settle((p) => p.reject(new Error(message.message)));
        break;
    }
  };
  const onError = (event: ErrorEvent) => {
    // A worker that fails to load, or throws outside a request, fails the run in flight.
    settle((p) => p.reject(new Error(`The training worker failed: ${event.message || 'could not start'}`)));
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);

  return {
    train(job, handlers = {}, backend = 'auto') {
      if (pending) return Promise.reject(new Error('A run is already training: cancel it first'));
      const id = nextId++;
      const request: TrainRequest = { id, type: 'train', job, backend };
      return new Promise<TrainJobOutcome>((resolve, reject) => {
        pending = { id, handlers, resolve, reject };
        worker.postMessage(request, jobTransferables(job));
      });
    },
    cancel() {
      if (pending) worker.postMessage({ id: pending.id, type: 'cancel' } satisfies TrainRequest);
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      settle((p) => p.reject(new Error('The training worker was stopped')));
    },
  };
}
