/** Whether the app was built with trained models: `models/index.json` beside the page, fetched from our origin. */

export type ModelIndexStatus =
  | { state: 'absent' }
  | { state: 'present'; index: { version: number; models: unknown[] } }
  | { state: 'invalid'; reason: string };

export const MODEL_INDEX_PATH = 'models/index.json';

/**
 * Looks for the model index relative to the page (the build uses `base: './'`). A missing file is `absent`;
 * so is the HTML page a single-page-app server answers for unknown paths.
 */
export async function fetchModelIndex(baseUrl: string = document.baseURI): Promise<ModelIndexStatus> {
  const url = new URL(MODEL_INDEX_PATH, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch {
    return { state: 'absent' };
  }
  if (response.status === 404 || !response.ok) return { state: 'absent' };
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html')) return { state: 'absent' };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { state: 'invalid', reason: `${MODEL_INDEX_PATH} is not valid JSON` };
  }
  const candidate = json as { version?: unknown; models?: unknown };
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.version !== 'number') {
    return { state: 'invalid', reason: `${MODEL_INDEX_PATH} has no numeric "version"` };
  }
  if (!Array.isArray(candidate.models)) {
    return { state: 'invalid', reason: `${MODEL_INDEX_PATH} has no "models" list` };
  }
  return { state: 'present', index: { version: candidate.version, models: candidate.models } };
}
