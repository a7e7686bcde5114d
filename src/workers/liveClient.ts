/**
 * A live listening session: the microphone (microphone.ts) feeds live.worker.ts, which resamples, extracts
 * the `frames` features and runs the instruments model; predictions come back about 11 times a second.
 * Audio and models stay here and in the worker, never in the store.
 */
import type { LiveModelInfo, LivePrediction, LiveReply, LiveRequest } from './liveProtocol';
import { createLiveTeacher, type LiveTeacher } from './liveTeach';
import { startMicrophone, type MicrophoneHandle } from '../browser/microphone';
import { bundlePartsFor } from '../browser/modelRegistry';

export type { LiveModelInfo, LivePrediction } from './liveProtocol';
export type { LiveTeacher, TaughtStatus } from './liveTeach';

export interface LiveSessionOptions {
  /** Registry id of the instruments model; without one, Live shows the level and spectrogram only. */
  modelId?: string | null;
  /** Samples per captured block (see MicrophoneOptions). */
  blockSize?: number;
}

export interface LiveSession {
  /** The capture device's sample rate, Hz. */
  readonly sampleRate: number;
  readonly deviceLabel: string;
  readonly model: LiveModelInfo | null;
  /** Teaching classes on top of the model, with those taught before applied; null without a model. */
  readonly teacher: LiveTeacher | null;
  /** Calls `listener` with every prediction; returns the unsubscribe. */
  onPrediction(listener: (prediction: LivePrediction) => void): () => void;
  /** Calls `listener` once if the session ends by itself (device gone, analysis failed); returns the unsubscribe. */
  onEnded(listener: (message: string) => void): () => void;
  /** Stops the microphone and the worker; safe to call more than once. */
  stop(): Promise<void>;
}

type Pending = { resolve: (reply: LiveReply) => void; reject: (error: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = WithoutId<LiveRequest>;

export async function startLiveSession(options: LiveSessionOptions = {}): Promise<LiveSession> {
  const worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  const predictionListeners = new Set<(prediction: LivePrediction) => void>();
  const endedListeners = new Set<(message: string) => void>();
  let nextId = 1;
  let microphone: MicrophoneHandle | null = null;
  let closed = false;

  const post = (body: RequestBody, transfer: Transferable[] = []): number => {
    const id = nextId++;
    worker.postMessage({ ...body, id } as LiveRequest, transfer);
    return id;
  };
  const request = (body: RequestBody): Promise<LiveReply> =>
    new Promise((resolve, reject) => {
      pending.set(post(body), { resolve, reject });
    });

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    const mic = microphone;
    microphone = null;
    await mic?.stop();
    worker.terminate();
    for (const waiter of pending.values()) waiter.reject(new Error('Live listening was stopped'));
    pending.clear();
    predictionListeners.clear();
  };
  const end = (message: string) => {
    if (closed) return;
    const listeners = [...endedListeners];
    endedListeners.clear();
    void close();
    for (const listener of listeners) listener(message);
  };

  const onMessage = (event: MessageEvent<LiveReply>) => {
    const message = event.data;
    if (message.type === 'prediction') {
      for (const listener of predictionListeners) listener(message.prediction);
      return;
    }
    const waiter = pending.get(message.id);
    if (waiter) {
      pending.delete(message.id);
      if (message.type === 'error') waiter.reject(new Error(message.message));
      else waiter.resolve(message);
    } else if (message.type === 'error') {
      end(`Live analysis stopped: ${message.message}`);
    }
  };
  const onError = (event: ErrorEvent) => {
    const error = new Error(`The live analysis worker failed: ${event.message || 'it could not start'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    end(error.message);
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);

  // The permission prompt and the model load overlap; either failing undoes the other.
  const modelId = options.modelId ?? null;
  const loading = modelId
    ? bundlePartsFor(modelId)
        .then((parts) => request({ type: 'load', parts }))
        .then((reply) => (reply.type === 'loaded' ? reply.model : null))
        .catch((error: unknown) => {
          throw new Error(
            `Could not load the instruments model: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
    : Promise.resolve(null);
  const [mic, model] = await Promise.allSettled([startMicrophone({ blockSize: options.blockSize }), loading]);
  if (mic.status === 'fulfilled') microphone = mic.value;
  if (mic.status === 'rejected' || model.status === 'rejected') {
    await close();
    throw mic.status === 'rejected' ? mic.reason : (model as PromiseRejectedResult).reason;
  }
  const handle = mic.value;
  let teacher: LiveTeacher | null = null;
  try {
    if (modelId && model.value) teacher = await createLiveTeacher(modelId, model.value, request);
    await request({ type: 'start', sampleRate: handle.sampleRate });
  } catch (error) {
    await close();
    throw error;
  }
  handle.onBlock((block) => {
    if (closed) return;
    post({ type: 'audio', samples: block.samples, capturedAt: block.capturedAt }, [block.samples.buffer]);
  });
  handle.onEnded((message) => end(message));

  return {
    sampleRate: handle.sampleRate,
    deviceLabel: handle.deviceLabel,
    model: model.value,
    teacher,
    onPrediction(listener) {
      predictionListeners.add(listener);
      return () => predictionListeners.delete(listener);
    },
    onEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    async stop() {
      endedListeners.clear();
      await close();
    },
  };
}
