/**
 * Messages between the page and `decode.worker.ts`: a File in (a handle, not its bytes: the worker reads it
 * range by range), progress out, the analysis signal a range at a time as transferred buffers (so the page can
 * start on the first segments while the rest decodes), then what was decoded.
 */
import type { DecodeStart, StreamedSignal } from '../core/audio/rangeDecode';
import type { AudioDecodeErrorCode } from '../core/audio/errors';

/** What was decoded and, for a file cut short or damaged, the note its result card shows (null if whole). */
export type DecodedInfo = StreamedSignal & { doubt: string | null };

export type DecodeRequest = { id: number; type: 'decode'; file: Blob; maxSeconds: number };

export type DecodeReply =
  /** The header is read: room to make for the signal. */
  | ({ id: number; type: 'start' } & DecodeStart)
  | { id: number; type: 'progress'; fraction: number }
  /** The next piece of the analysis signal (its buffer transferred). */
  | { id: number; type: 'samples'; samples: Float32Array }
  /** Every piece has been sent. */
  | { id: number; type: 'decoded'; info: DecodedInfo }
  /** Not a container the worker decodes (M4A, WebM, Ogg Opus, unknown bytes): the browser's decoder may. */
  | { id: number; type: 'unsupported' }
  | { id: number; type: 'error'; code: AudioDecodeErrorCode | null; message: string };
