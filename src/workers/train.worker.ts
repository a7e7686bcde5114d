/// <reference lib="webworker" />
import { isClassicFamily } from '../core/models/classic/families';
import { onWebglLost, setupTf, WEBGL_LOST_MESSAGE } from '../browser/tfSetup';
import { runTrainJob } from '../core/train/trainJob';
import { outcomeTransferables, type TrainReply, type TrainRequest } from './trainProtocol';

// An adapter: the message switch lives here, the run itself in trainJob.ts (core calls only).
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The run in progress; the training loop yields often enough for a `cancel` to arrive within an epoch. */
let running: { id: number; controller: AbortController } | null = null;

function reply(message: TrainReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function trainOne(request: Extract<TrainRequest, { type: 'train' }>): Promise<void> {
  const { id, job } = request;
  if (running) {
    reply({ id, type: 'error', message: 'A run is already training in this worker: cancel it first' });
    return;
  }
  const controller = new AbortController();
  running = { id, controller };
  // A lost WebGL context ends the run at once: TF.js may wait forever on a GPU that is gone. The client then
  // starts a fresh worker for the next run.
  let settled = false;
  const settle = (message: TrainReply, transfer: Transferable[] = []) => {
    if (settled) return;
    settled = true;
    reply(message, transfer);
  };
  const stopWatching = onWebglLost(() => {
    controller.abort();
    settle({
      id,
      type: 'error',
      message: `${WEBGL_LOST_MESSAGE} while training: this run stopped. Start it again: the next run sets up its backend afresh.`,
    });
  });
  try {
    if (isClassicFamily(job.model.family)) {
      reply({
        id,
        type: 'backend',
        backend: 'none',
        reason: `${job.model.family} runs in plain TypeScript (libsvm in asm.js for the SVM): no TensorFlow.js`,
        label: 'Plain TypeScript (CPU)',
      });
    } else if (job.model.family === 'knn') {
      reply({
        id,
        type: 'backend',
        backend: 'none',
        reason: 'k-NN runs in plain TypeScript: no TensorFlow.js',
        label: 'Plain TypeScript (CPU)',
      });
    } else {
      const conv = job.model.family === 'cnn1d' || job.model.family === 'cnn2d';
      const tf = await setupTf(conv, request.backend);
      reply({ id, type: 'backend', backend: tf.backend, reason: tf.reason, label: tf.label });
    }
    const outcome = await runTrainJob(job, {
      signal: controller.signal,
      onStage: (stage) => reply({ id, type: 'stage', stage }),
      onEpoch: (event) => reply({ id, type: 'epoch', event }),
    });
    settle({ id, type: 'result', outcome }, outcomeTransferables(outcome));
  } catch (error) {
    settle({ id, type: 'error', message: messageOf(error) });
  } finally {
    stopWatching();
    running = null;
  }
}

scope.addEventListener('message', (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'train':
      void trainOne(request);
      break;
    case 'cancel':
      running?.controller.abort();
      break;
    default: {
      const unknown = request as { id?: number; type?: unknown };
      reply({ id: unknown.id ?? -1, type: 'error', message: `Unknown request type ${String(unknown.type)}` });
    }
  }
});
