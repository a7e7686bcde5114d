/// <reference lib="webworker" />
import { AudioDecodeError } from '../core/audio/errors';
import { HEADER_PROBE_BYTES } from '../core/audio/headerDuration';
import { decodedDoubt } from '../core/audio/integrity';
import { isStreamable, streamRanges } from '../core/audio/rangeDecode';
import type { DecodeReply, DecodeRequest } from './decodeProtocol';

// An adapter: the page's file, read a range at a time, through core streamRanges (the CLI's decoders); each
// range's samples go to the page as soon as they are decoded, transferred: the worker keeps no copy.
const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: DecodeReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function readRange(file: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

async function decode({ id, file, maxSeconds }: DecodeRequest): Promise<void> {
  const head = await readRange(file, 0, Math.min(file.size, HEADER_PROBE_BYTES));
  if (file.size === 0 || !isStreamable(head)) return reply({ id, type: 'unsupported' });
  // A percentage from the start: the file's size is the measure.
  reply({ id, type: 'progress', fraction: 0 });
  // Progress at most every 1 %: the page re-renders on each.
  let shown = 0;
  const signal = await streamRanges((start, end) => readRange(file, start, end), file.size, {
    maxSeconds,
    onStart: (start) => reply({ id, type: 'start', ...start }),
    onSamples: (piece) => {
      // A view into a larger buffer is copied: transferring that buffer would hand over more than the piece.
      const own =
        piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength ? piece : piece.slice();
      reply({ id, type: 'samples', samples: own }, [own.buffer]);
    },
    onProgress: (fraction) => {
      if (fraction - shown < 0.01 && fraction < 1) return;
      shown = fraction;
      reply({ id, type: 'progress', fraction });
    },
  });
  // Only a file the decoder found cut short or damaged is read whole again, to say where and how.
  const doubtful = signal.truncated || signal.damage !== null;
  const doubt = decodedDoubt(signal, doubtful ? new Uint8Array(await file.arrayBuffer()) : null);
  reply({ id, type: 'decoded', info: { ...signal, doubt } });
}

scope.addEventListener('message', (event: MessageEvent<DecodeRequest>) => {
  const request = event.data;
  decode(request).catch((error: unknown) =>
    reply({
      id: request.id,
      type: 'error',
      code: error instanceof AudioDecodeError ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
});
