/** Why a piece of audio could not be turned into samples. */
export type AudioDecodeErrorCode =
  'empty' | 'unsupported-format' | 'corrupt' | 'too-short' | 'too-long' | 'cancelled';

/**
 * The one error every decoding path throws, so callers can show `message` to a person and branch on `code`.
 */
export class AudioDecodeError extends Error {
  readonly code: AudioDecodeErrorCode;

  constructor(code: AudioDecodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioDecodeError';
    this.code = code;
  }
}
