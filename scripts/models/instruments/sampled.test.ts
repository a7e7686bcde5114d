import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random';
import {
  GM_VOICES,
  midiFile,
  phraseEvents,
  renderingEvents,
  SAMPLED_CLASSES,
  sampledClipNames,
  SOUND_FONTS,
  varLength,
} from './sampled';

/** The (tick, status, data) events of a format-0 MIDI file, read back by the file format's own rules. */
function readMidi(bytes: Uint8Array) {
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  const u32 = (at: number) =>
    ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  expect(text(0)).toBe('MThd');
  expect(u32(4)).toBe(6);
  expect([bytes[8], bytes[9], bytes[10], bytes[11]]).toEqual([0, 0, 0, 1]); // format 0, one track
  expect(text(14)).toBe('MTrk');
  const end = 22 + u32(18);
  expect(end).toBe(bytes.length);
  const events: { tick: number; bytes: number[] }[] = [];
  let at = 22;
  let tick = 0;
  while (at < end) {
    let delta = 0;
    for (;;) {
      const b = bytes[at++];
      delta = (delta << 7) | (b & 0x7f);
      if (b < 0x80) break;
    }
    tick += delta;
    const status = bytes[at];
    const size = status === 0xff ? 3 + bytes[at + 2] : (status & 0xf0) === 0xc0 ? 2 : 3;
    events.push({ tick, bytes: Array.from(bytes.subarray(at, at + size)) });
    at += size;
  }
  return events;
}

describe('sampled phrases', () => {
  it('writes variable-length quantities as the MIDI format defines them', () => {
    expect(varLength(0)).toEqual([0]);
    expect(varLength(0x7f)).toEqual([0x7f]);
    expect(varLength(0x80)).toEqual([0x81, 0x00]);
    expect(varLength(0x3fff)).toEqual([0xff, 0x7f]);
    expect(varLength(0x200000)).toEqual([0x81, 0x80, 0x80, 0x00]);
  });

  it('writes a MIDI file whose events read back in time order, note-offs before note-ons at one tick', () => {
    const events = [
      { time: 0.5, bytes: [0x90, 60, 100] },
      { time: 0, bytes: [0xc0, 40] },
      { time: 0.5, bytes: [0x80, 62, 0] },
      { time: 1, bytes: [0x80, 60, 0] },
    ];
    const read = readMidi(midiFile(events));
    expect(read).toEqual([
      { tick: 0, bytes: [0xc0, 40] },
      { tick: 960, bytes: [0x80, 62, 0] },
      { tick: 960, bytes: [0x90, 60, 100] },
      { tick: 1920, bytes: [0x80, 60, 0] },
      { tick: 1920, bytes: [0xff, 0x2f, 0] },
    ]);
  });

  it("plays each class's notes within its instrument's range, on its program, within the phrase", () => {
    for (const [className, voice] of Object.entries(GM_VOICES)) {
      for (let seed = 0; seed < 20; seed++) {
        const events = phraseEvents(className, createRng(seed), 5);
        const program = events.find((e) => (e.bytes[0] & 0xf0) === 0xc0)!.bytes[1];
        const { low, high } = voice.programs.find((p) => p.program === program)!;
        const notes = events.filter((e) => (e.bytes[0] & 0xf0) === 0x90);
        expect(notes.length).toBeGreaterThan(1);
        for (const n of notes) {
          expect(n.bytes[1]).toBeGreaterThanOrEqual(low);
          expect(n.bytes[1]).toBeLessThanOrEqual(high);
          expect(n.time).toBeLessThan(5);
        }
        // Every note-on has its note-off later.
        const offs = events.filter((e) => (e.bytes[0] & 0xf0) === 0x80);
        expect(offs.length).toBe(notes.length);
      }
    }
  });

  it('drums on the General MIDI percussion channel, and refuses a class with no program', () => {
    const events = phraseEvents('percussion', createRng(3), 5);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => (e.bytes[0] & 0x0f) === 9)).toBe(true);
    expect(() => phraseEvents('contrabassoon', createRng(1))).toThrow(
      'No General MIDI program for contrabassoon',
    );
  });

  it('lays phrases out one after another, each ended by all-notes-off, the same for a seed', () => {
    const a = renderingEvents('violin', 3, createRng(5));
    expect(renderingEvents('violin', 3, createRng(5))).toEqual(a);
    expect(renderingEvents('violin', 3, createRng(6))).not.toEqual(a);
    const allOff = a.filter((e) => e.bytes[1] === 123);
    expect(allOff.map((e) => e.time)).toEqual([5.3, 11.8, 18.3]);
    // No note of a phrase starts in another phrase's time.
    for (const e of a.filter((x) => (x.bytes[0] & 0xf0) === 0x90)) expect(e.time % 6.5).toBeLessThan(5);
  });

  it('names a clip per class, font and phrase', () => {
    const names = sampledClipNames(2);
    expect(names.length).toBe(SAMPLED_CLASSES.length * SOUND_FONTS.length * 2);
    expect(names).toContain('violin/musescore-001.wav');
    expect(names).toContain('percussion/fluid-000.wav');
  });
});
