import { readFileSync } from 'node:fs';

/**
 * The true duration of an Ogg Vorbis file from its container alone: the granule position of the last page
 * (samples per channel) over the rate in the identification header. Independent of any decoder.
 */
export function oggVorbisDurationSeconds(file: string): number {
  const bytes = readFileSync(file);
  const last = bytes.lastIndexOf('OggS');
  const id = bytes.indexOf('\x01vorbis');
  if (last < 0 || id < 0) throw new Error(`${file} is not an Ogg Vorbis file`);
  const granule = Number(bytes.readBigInt64LE(last + 6));
  const rate = bytes.readUInt32LE(id + 12);
  if (!(rate > 0) || !(granule > 0))
    throw new Error(`${file}: unreadable rate ${rate} or granule ${granule}`);
  return granule / rate;
}
