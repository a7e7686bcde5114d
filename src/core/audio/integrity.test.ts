import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContainerInfo } from './containerSampleRate';
import { auditAudioBytes, auditAudioBytesInSteps, decodedDoubt, doubtNote } from './integrity';
import { AudioStreamDecoder } from './streamDecoder';
import { encodeWav16 } from './wav';

const DATA = path.resolve(process.cwd(), '../shared/data');
const SONGS = path.join(DATA, 'songs');
const OGGS = readdirSync(SONGS).filter((f) => f.endsWith('.ogg'));
const FLAC = path.join(DATA, 'instruments-real/double-bass/double-bass-1a7d3f2d.flac');

/** Seconds the core's own decoder gets out of the bytes (what the CLI decodes). */
async function decodedSeconds(bytes: Uint8Array): Promise<number> {
  const decoder = await AudioStreamDecoder.open(bytes.subarray(0, 64 * 1024), bytes.length);
  try {
    for (let at = 0; at < bytes.length; at += 64 * 1024)
      await decoder.push(bytes.subarray(at, at + 64 * 1024));
    await decoder.finish();
    return decoder.decodedSeconds;
  } finally {
    decoder.free();
  }
}

function audit(bytes: Uint8Array) {
  const info = readContainerInfo(bytes);
  expect(info).not.toBeNull();
  return { info: info!, integrity: auditAudioBytes(bytes, info!.format, info!.sampleRate) };
}

describe('auditAudioBytes', () => {
  it('finds nothing to doubt in the whole songs of ../shared/data/songs', () => {
    expect(OGGS.length).toBeGreaterThanOrEqual(5);
    for (const name of OGGS) {
      const { info, integrity } = audit(readFileSync(path.join(SONGS, name)));
      expect(integrity, name).toEqual({
        truncated: false,
        breakSeconds: null,
        declaredSeconds: null,
        damageSeconds: null,
      });
      expect(doubtNote(info.format, integrity, 60)).toBeNull();
    }
  });

  it('says where the pages of an Ogg cut short break, as far as the decoder gets', async () => {
    const whole = readFileSync(path.join(SONGS, 'Kevin_MacLeod_-_Vibe_Ace.ogg'));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.4));
    const { info, integrity } = audit(cut);
    expect(integrity.truncated).toBe(true);
    const seconds = await decodedSeconds(cut);
    const full = await decodedSeconds(whole);
    expect(seconds).toBeLessThan(full * 0.6);
    // The last whole page ends within a page's worth of audio of what the decoder got out.
    expect(Math.abs(integrity.breakSeconds! - seconds)).toBeLessThan(1);
    expect(doubtNote(info.format, integrity, seconds)).toBe(
      `decoded ${seconds.toFixed(1)} s of an Ogg whose pages break at ${integrity.breakSeconds!.toFixed(1)} s: the file is cut short; the answer covers only what decoded`,
    );
  });

  it('names where an Ogg is damaged mid-file (garbled bytes fail their page checksum)', () => {
    const bytes = new Uint8Array(readFileSync(path.join(SONGS, 'Karissa_Hobbs_-_Lets_Go_Fishin.ogg')));
    const at = Math.floor(bytes.length / 2);
    bytes.fill(0x55, at, at + 3000);
    const { info, integrity } = audit(bytes);
    expect(integrity.truncated).toBe(false);
    expect(integrity.damageSeconds).toBeGreaterThan(0);
    const note = doubtNote(info.format, integrity, 100);
    expect(note).toMatch(
      /^decoded 100\.0 s of an Ogg damaged about \d+\.\d s in \(pages that do not read back whole\)/,
    );
  });

  it('reads the length a WAV header promises and notes a data chunk cut short', () => {
    const samples = Float32Array.from({ length: 22_050 * 4 }, (_, i) => 0.5 * Math.sin(i / 10));
    const wav = encodeWav16(samples, 22_050);
    expect(auditAudioBytes(wav, 'wav', 22_050)).toEqual({
      truncated: false,
      breakSeconds: null,
      declaredSeconds: 4,
      damageSeconds: null,
    });
    expect(doubtNote('wav', auditAudioBytes(wav, 'wav', 22_050), 4)).toBeNull();
    // The header still says 4 s; the file holds 1.5 s.
    const cut = wav.subarray(0, 44 + 22_050 * 2 * 1.5);
    const integrity = auditAudioBytes(cut, 'wav', 22_050);
    expect(integrity).toMatchObject({ truncated: true, breakSeconds: 1.5, declaredSeconds: 4 });
    expect(doubtNote('wav', integrity, 1.5)).toBe(
      'decoded 1.5 s of a WAV whose header promises 4.0 s: the file is cut short (or its header is wrong); the answer covers only what decoded',
    );
  });

  it('compares a FLAC header’s declared length with what decodes of a cut copy', async () => {
    const whole = readFileSync(FLAC);
    const { info, integrity } = audit(whole);
    const full = await decodedSeconds(whole);
    expect(integrity.declaredSeconds).toBeCloseTo(full, 2);
    expect(doubtNote(info.format, integrity, full)).toBeNull();
    const cut = whole.subarray(0, Math.floor(whole.length * 0.5));
    const seconds = await decodedSeconds(cut);
    expect(doubtNote('flac', auditAudioBytes(cut, 'flac', info.sampleRate), seconds)).toBe(
      `decoded ${seconds.toFixed(1)} s of a FLAC whose header declares ${full.toFixed(1)} s: the file or its header is wrong; the answer covers only what decoded`,
    );
  });

  it('gives no doubt for formats it cannot walk or a rate it does not know', () => {
    expect(auditAudioBytes(new Uint8Array(10), null, 44_100).truncated).toBe(false);
    expect(auditAudioBytes(new Uint8Array(10), 'wav', 0).truncated).toBe(false);
  });
});

describe('auditAudioBytesInSteps', () => {
  it('gives the same answer as the one-go audit, pausing between a few megabytes of pages', async () => {
    const one = readFileSync(path.join(SONGS, 'Karissa_Hobbs_-_Lets_Go_Fishin.ogg'));
    const cut = one.subarray(0, Math.floor(one.length * 0.7));
    // Eight copies of a whole song, then a cut one: pages from 5 MB of file, and a break at the end.
    const bytes = new Uint8Array(one.length * 8 + cut.length);
    for (let i = 0; i < 8; i++) bytes.set(one, i * one.length);
    bytes.set(cut, one.length * 8);
    let pauses = 0;
    const stepped = await auditAudioBytesInSteps(bytes, 'ogg-vorbis', 44_100, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(2);
    expect(stepped).toEqual(auditAudioBytes(bytes, 'ogg-vorbis', 44_100));
    expect(stepped.truncated).toBe(true);
  });
});

describe('decodedDoubt', () => {
  it("words a streaming decoder's report from the bytes, or from the report alone", () => {
    const wav = encodeWav16(new Float32Array(22_050 * 4).fill(0.1), 22_050);
    const cut = wav.subarray(0, 44 + 22_050 * 2);
    const report = { truncated: true, damage: null, durationSeconds: 1 };
    expect(decodedDoubt(report, cut)).toMatch(/^decoded 1\.0 s of a WAV whose header promises 4\.0 s/);
    expect(decodedDoubt(report, null)).toBe(
      'decoded 1.0 s of a file that is cut short; the answer covers only what decoded',
    );
    expect(
      decodedDoubt(
        { truncated: false, damage: { message: 'bad frame', atSeconds: 2 }, durationSeconds: 9 },
        null,
      ),
    ).toBe('decoded 9.0 s of a file damaged about 2.0 s in (bad frame): the answer may be off');
    expect(decodedDoubt({ truncated: false, damage: null, durationSeconds: 4 }, wav)).toBeNull();
  });
});
