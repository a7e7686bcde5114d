/**
 * The classes of an instruments model that are not instruments: `other` (everyday sounds, not music) and, in
 * models built with recorded speech, `voice` (people speaking). Live, the songs' "instruments heard" and the build
 * tell them from instruments by this one rule.
 */

export const OTHER_CLASS = 'other';
export const VOICE_CLASS = 'voice';

export type ClassKind = 'instrument' | 'other' | 'voice';

/** What a class of an instruments model is: an instrument, or one of the two answers that are not. */
export function classKind(className: string): ClassKind {
  return className === OTHER_CLASS ? 'other' : className === VOICE_CLASS ? 'voice' : 'instrument';
}
