/** Whether the app was built with trained models: `models/index.json` beside the page, fetched from our origin. */
import { parseModelIndex, type ModelIndex } from '../core/bundle/modelIndex';

export type ModelIndexStatus =
  { state: 'absent' } | { state: 'present'; index: ModelIndex } | { state: 'invalid'; reason: string };

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
  try {
    return { state: 'present', index: parseModelIndex(json) };
  } catch (error) {
    return { state: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}
