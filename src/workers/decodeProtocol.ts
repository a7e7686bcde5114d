/**
 * Messages between the page and `decode.worker.ts`: a File in (a handle, not its bytes: the worker reads it
 * range by range), progress out, and the analysis signal back as a transferred buffer.
 */
import type { DecodedSignal } from '../core/audio/rangeDecode';
import type { AudioDecodeErrorCode } from '../core/audio/errors';

/** The decoded signal and, for a file cut short or damaged, the note its result card shows (null if whole). */
export type DecodedFile = DecodedSignal & { doubt: string | null };

export type DecodeRequest = { id: number; type: 'decode'; file: Blob; maxSeconds: number };

export type DecodeReply =
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'decoded'; signal: DecodedFile }
  /** Not a container the worker decodes (M4A, WebM, Ogg Opus, unknown bytes): the browser's decoder may. */
  | { id: number; type: 'unsupported' }
  | { id: number; type: 'error'; code: AudioDecodeErrorCode | null; message: string };
