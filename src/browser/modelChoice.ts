/**
 * The models the person chose in Train ("Use this model"), remembered across reloads in localStorage:
 * role → registry id. Only ids are kept (the bundles live in IndexedDB); a choice whose model is gone falls
 * back to the shipped one when the registry is listed.
 */

/** The part of the Web Storage API this needs; tests hand in a Map-backed one. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const MODEL_CHOICE_KEY = 'oido.modelChoice';
const VERSION = 1;

const browserStorage = (): ChoiceStorage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings): choices last for this visit only
  }
};

/** The remembered role → id choices; `{}` when none, unreadable, or of another version. */
export function loadModelChoice(storage = browserStorage()): Record<string, string> {
  try {
    const raw = storage?.getItem(MODEL_CHOICE_KEY);
    if (!raw) return {};
    const parsed = JSON.parse(raw) as { version?: unknown; roles?: unknown };
    if (parsed.version !== VERSION || typeof parsed.roles !== 'object' || parsed.roles === null) return {};
    return Object.fromEntries(
      Object.entries(parsed.roles).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** Remembers the choices; an empty record forgets them. Storage failures leave the choice for this visit. */
export function saveModelChoice(roles: Record<string, string>, storage = browserStorage()): void {
  try {
    if (Object.keys(roles).length === 0) storage?.removeItem(MODEL_CHOICE_KEY);
    else storage?.setItem(MODEL_CHOICE_KEY, JSON.stringify({ version: VERSION, roles }));
  } catch {
    // Quota or blocked storage: the choice still holds until the page reloads.
  }
}
