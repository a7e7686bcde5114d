/**
 * A bundle directory opened for prediction in Node, as the page opens one (`openRunnableModel`): the CLI and the
 * model-building scripts run the very model the page runs. Its feature set is checked where audio is fed to it
 * (`applyModel`), so that a CSV can still be scored by a model whose audio features this build lacks.
 */
import { openRunnableModel, type RunnableModel } from '../core/predict/modelRunner';
import { readBundleDir } from './bundleFiles';
import { initNodeTf } from './tf';

/** Reads, validates and loads the bundle in `dir`; throws one message naming the directory and the problem. */
export async function loadBundleModel(dir: string): Promise<RunnableModel> {
  await initNodeTf();
  try {
    return await openRunnableModel(await readBundleDir(dir));
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(dir) ? message : `${dir}: ${message}`, { cause: error });
  }
}
