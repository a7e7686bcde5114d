/**
 * Requests to one worker, each answered by the one reply that carries its id: `send` numbers the request and
 * resolves with that reply (rejects with its message when it is an `error`); a worker that fails to start or
 * crashes rejects every request still waiting, and `dispose` ends the worker and them.
 */
export interface WorkerRequests<Request extends { id: number }, Reply extends { id: number; type: string }> {
  send(request: WithoutId<Request>, transfer?: Transferable[]): Promise<Exclude<Reply, { type: 'error' }>>;
  dispose(): void;
}

/** A request as the caller writes it: `send` gives it its id. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export function workerRequests<
  Request extends { id: number },
  Reply extends { id: number; type: string; message?: string },
>(worker: Worker, name: string): WorkerRequests<Request, Reply> {
  type Answer = Exclude<Reply, { type: 'error' }>;
  const pending = new Map<number, { resolve: (r: Answer) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const onMessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'error') waiter.reject(new Error(reply.message ?? `The ${name} failed`));
    else waiter.resolve(reply as Answer);
  };
  const onError = (event: ErrorEvent) =>
    failAll(new Error(`The ${name} failed: ${event.message || 'could not start'}`));
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  return {
    send(request, transfer = []) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id }, transfer);
      });
    },
    dispose() {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.terminate();
      failAll(new Error(`The ${name} was closed`));
    },
  };
}
