import type { ChoiceStorage } from './modelChoice';

/** A Map-backed stand-in for localStorage, for tests (Node has none). */
export function memoryStorage(): ChoiceStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}
