/// <reference lib="webworker" />
import { toAnalysisSignal } from '../browser/analysisSignal';
import { analyseSignal } from './analyseSignal';
import { analysisTransferables, type FeaturesReply, type FeaturesRequest } from './featuresProtocol';

// An adapter: the message switch lives here, the computation in src/core via analyseSignal.
const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: FeaturesReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.addEventListener('message', (event: MessageEvent<FeaturesRequest>) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'analyse': {
        const signal = toAnalysisSignal(request.channels, request.sampleRate);
        const analysis = analyseSignal(signal, request.waveformWidth);
        reply({ id: request.id, type: 'analysis', analysis }, analysisTransferables(analysis));
        break;
      }
      default: {
        const unknown = request as { id?: number; type?: unknown };
        reply({
          id: unknown.id ?? -1,
          type: 'error',
          message: `Unknown request type ${String(unknown.type)}`,
        });
      }
    }
  } catch (error) {
    reply({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
