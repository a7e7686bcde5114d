/// <reference lib="webworker" />
import { setupTf } from '../browser/tfSetup';
import type { TabularDataset } from '../core/data/tabular';
import { scoreTrialJob } from '../core/sweep/trialJob';
import type { SweepReply, SweepRequest } from './sweepProtocol';

// An adapter: the message switch lives here, the scoring in core/sweep/trialJob.ts. One trial at a time; a
// cancelled search terminates its workers, so there is no cancel message.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let dataset: TabularDataset | null = null;

function reply(message: SweepReply): void {
  scope.postMessage(message);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function score(request: Extract<SweepRequest, { type: 'score' }>): Promise<void> {
  const { id, job } = request;
  try {
    if (!dataset) throw new Error('No rows loaded in this search worker');
    // Several small nets train side by side, one per worker: each on the CPU through WASM, since WebGL contexts
    // in several workers would queue on one GPU. k-NN needs no TF.js.
    const backend = job.model.family === 'knn' ? 'none' : (await setupTf(false, 'wasm')).backend;
    const result = await scoreTrialJob(dataset, job);
    reply({ id, type: 'score', score: result, backend });
  } catch (error) {
    reply({ id, type: 'error', message: messageOf(error) });
  }
}

scope.addEventListener('message', (event: MessageEvent<SweepRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'load':
      dataset = request.dataset;
      reply({ id: request.id, type: 'loaded' });
      break;
    case 'score':
      void score(request);
      break;
    default: {
      const unknown = request as { id?: number; type?: unknown };
      reply({ id: unknown.id ?? -1, type: 'error', message: `Unknown request type ${String(unknown.type)}` });
    }
  }
});
