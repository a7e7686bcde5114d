/**
 * The one door to the microphone and the AudioContext. `startMicrophone` asks for the microphone, runs it
 * through the capture AudioWorklet (which only buffers) and hands out mono blocks at the device's rate, each
 * stamped with when its last sample was captured on this page's `performance.now()` clock.
 */
import captureWorkletUrl from './captureWorklet.ts?worker&url';
import {
  CAPTURE_PROCESSOR,
  type CaptureBlockMessage,
  type CaptureProcessorOptions,
  type CaptureStopMessage,
} from './captureProtocol';

/** Why the microphone could not be used, for a message and for tests. */
export type MicrophoneProblem = 'insecure' | 'unsupported' | 'denied' | 'no-device' | 'busy' | 'failed';

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MicrophoneError';
  }
}

export interface CapturedBlock {
  /** Mono samples at `sampleRate`. */
  samples: Float32Array;
  sampleRate: number;
  /** AudioContext time just after the block's last sample, seconds. */
  endTime: number;
  /**
   * When the block's last sample entered the audio graph, on this page's `performance.now()` clock (ms). The
   * device's own input buffer before the graph is not included: browsers do not report it reliably.
   */
  capturedAt: number;
}

export interface MicrophoneHandle {
  /** The AudioContext's (the device's) sample rate, Hz. */
  readonly sampleRate: number;
  /** The input device's name, when the browser tells it. */
  readonly deviceLabel: string;
  /** Calls `listener` with every captured block; returns the unsubscribe. */
  onBlock(listener: (block: CapturedBlock) => void): () => void;
  /**
   * Calls `listener` once if capture ends without `stop()`: the device was unplugged or switched off, the
   * permission revoked, the audio system closed. Capture is already stopped then. Returns the unsubscribe.
   */
  onEnded(listener: (message: string) => void): () => void;
  /** Stops capture and releases the device; safe to call more than once. */
  stop(): Promise<void>;
}

export interface MicrophoneOptions {
  /** Samples per block, a multiple of 128 (render quanta) in 128 … 16,384. Default 2,048. */
  blockSize?: number;
}

const DEFAULT_BLOCK_SIZE = 2048;

/** Music, not a call: no echo cancelling, noise suppression or gain riding that would colour the sound. */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  video: false,
};

export async function startMicrophone(options: MicrophoneOptions = {}): Promise<MicrophoneHandle> {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < 128 || blockSize > 16384 || blockSize % 128 !== 0) {
    throw new RangeError(`Expected blockSize to be a multiple of 128 in 128 … 16384, got ${blockSize}`);
  }
  if (!window.isSecureContext) {
    throw new MicrophoneError(
      'insecure',
      `The microphone needs a secure page: open Oído over https:// or on localhost (this page is ${location.protocol}//${location.host}).`,
    );
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('unsupported', 'This browser gives web pages no access to a microphone.');
  }
  if (typeof AudioWorkletNode === 'undefined') {
    throw new MicrophoneError(
      'unsupported',
      'This browser lacks AudioWorklet, which live listening needs: use a current Chrome, Edge, Firefox or Safari.',
    );
  }

  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
  } catch (error) {
    throw describeGetUserMediaError(error);
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    stopTracks(stream);
    throw new MicrophoneError('no-device', 'The browser opened no audio input: no microphone was found.');
  }

  const context = new AudioContext({ latencyHint: 'interactive' });
  let node: AudioWorkletNode;
  let source: MediaStreamAudioSourceNode;
  try {
    await context.audioWorklet.addModule(captureWorkletUrl);
    source = context.createMediaStreamSource(stream);
    const processorOptions: CaptureProcessorOptions = { blockSize };
    node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      // No output: the node is a sink the graph pulls anyway, and nothing is played back.
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions,
    });
    source.connect(node);
    await context.resume();
  } catch (error) {
    stopTracks(stream);
    void context.close().catch(() => undefined);
    throw new MicrophoneError(
      'failed',
      `Could not start audio capture: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const blockListeners = new Set<(block: CapturedBlock) => void>();
  const endedListeners = new Set<(message: string) => void>();
  const sampleRate = context.sampleRate;
  let stopped = false;

  const onPortMessage = (event: MessageEvent<CaptureBlockMessage>) => {
    if (stopped || event.data?.type !== 'block') return;
    const endTime = event.data.endFrame / sampleRate;
    // The context clock has moved on by however long the message took; step back by that much.
    const behind = Math.max(0, context.currentTime - endTime);
    const block: CapturedBlock = {
      samples: event.data.samples,
      sampleRate,
      endTime,
      capturedAt: performance.now() - behind * 1000,
    };
    for (const listener of blockListeners) listener(block);
  };
  const end = (message: string) => {
    if (stopped) return;
    void release();
    for (const listener of endedListeners) listener(message);
    endedListeners.clear();
  };
  const onTrackEnded = () =>
    end('The microphone stopped: it was unplugged, switched off or taken away from this page.');
  const onContextState = () => {
    if (context.state === 'closed') end('The audio system closed the microphone input.');
  };
  const onProcessorError = () => end('Audio capture stopped with an error in the audio thread.');

  node.port.addEventListener('message', onPortMessage);
  node.port.start();
  node.addEventListener('processorerror', onProcessorError);
  track.addEventListener('ended', onTrackEnded);
  context.addEventListener('statechange', onContextState);

  async function release(): Promise<void> {
    if (stopped) return;
    stopped = true;
    node.port.removeEventListener('message', onPortMessage);
    node.removeEventListener('processorerror', onProcessorError);
    track.removeEventListener('ended', onTrackEnded);
    context.removeEventListener('statechange', onContextState);
    const stop: CaptureStopMessage = { type: 'stop' };
    node.port.postMessage(stop);
    node.port.close();
    source.disconnect();
    stopTracks(stream);
    blockListeners.clear();
    if (context.state !== 'closed') await context.close().catch(() => undefined);
  }

  return {
    sampleRate,
    deviceLabel: track.label,
    onBlock(listener) {
      blockListeners.add(listener);
      return () => blockListeners.delete(listener);
    },
    onEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    async stop() {
      endedListeners.clear();
      await release();
    },
  };
}

function stopTracks(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

/** getUserMedia's DOMException names, in words a person can act on. */
function describeGetUserMediaError(error: unknown): MicrophoneError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new MicrophoneError(
        'denied',
        'Microphone permission was denied. Allow the microphone for this site in the browser (the icon in the address bar) and press Start again.',
        { cause: error },
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError('no-device', 'No microphone was found. Plug one in and press Start again.', {
        cause: error,
      });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new MicrophoneError(
        'busy',
        `The microphone could not be opened: another application may be using it${detail}.`,
        { cause: error },
      );
    default:
      return new MicrophoneError(
        'failed',
        `The microphone could not be opened${detail || `: ${String(error)}`}.`,
        {
          cause: error,
        },
      );
  }
}
