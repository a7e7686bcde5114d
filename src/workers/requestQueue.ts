/// <reference lib="webworker" />

/**
 * Serves a worker's requests one at a time, in the order they arrive (a model load finishes before the work
 * that needs it; audio never overtakes a stop). A request whose handling throws gets `fail` with the message.
 * Returns `enqueue`, which slots the worker's own work (such as reopening models) between requests.
 */
export function serveInOrder<R extends { id: number }>(
  scope: DedicatedWorkerGlobalScope,
  handle: (request: R) => Promise<void>,
  fail: (request: R, message: string) => void,
): (task: () => Promise<void>) => void {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task);
  };
  scope.addEventListener('message', (event: MessageEvent<R>) => {
    const request = event.data;
    enqueue(() =>
      handle(request).catch((error: unknown) =>
        fail(request, error instanceof Error ? error.message : String(error)),
      ),
    );
  });
  return enqueue;
}
