/**
 * The entry of every worker thread of the pool (workerPool.ts). The main thread imports this
 * module only to learn its URL — in the built server the chunk esbuild put it in, from source the
 * .ts file itself — so it must stay small and must never be imported statically: esbuild would
 * then fold it into a shared chunk and `import.meta.url` would name the wrong file. The tasks
 * are loaded only inside the worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { resultTransfers, type TaskMap, type TaskReply, type TaskRequest } from './taskMessages';

export const WORK_WORKER_URL = import.meta.url;
export const WORK_WORKER_ROLE = 'yttra-work';

export interface WorkWorkerData {
  role: typeof WORK_WORKER_ROLE;
  /** A task module other than the server's own (tests); undefined for server/work/tasks.ts. */
  tasksUrl?: string;
}

async function serve(data: WorkWorkerData): Promise<void> {
  const module = (data.tasksUrl ? await import(data.tasksUrl) : await import('./tasks')) as { tasks: TaskMap };
  parentPort!.on('message', (request: TaskRequest) => {
    void (async (): Promise<TaskReply> => {
      const task = module.tasks[request.name];
      if (!task) return { id: request.id, ok: false, message: `no task named ${request.name}` };
      try {
        return { id: request.id, ok: true, value: await task(request.input as never) };
      } catch (error) {
        return { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
    })().then((reply) => parentPort!.postMessage(reply, reply.ok ? resultTransfers(reply.value) : []));
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORK_WORKER_ROLE) {
  void serve(workerData as WorkWorkerData);
}
