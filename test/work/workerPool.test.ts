import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkBusyError, WorkerPool, WorkFailedError, WorkTooLargeError, type WorkerPoolOptions } from '../../server/work/workerPool';
import type { tasks as testTasks } from './fixtures/testTasks';

const TEST_TASKS = new URL('./fixtures/testTasks.ts', import.meta.url).href;
const pools: WorkerPool<Record<string, (input: never) => unknown>>[] = [];

function testPool(options: Partial<WorkerPoolOptions> = {}): WorkerPool<typeof testTasks> {
  const pool = new WorkerPool<typeof testTasks>({ tasksUrl: TEST_TASKS, ...options });
  pools.push(pool as never);
  return pool;
}

function serverPool(): WorkerPool {
  const pool = new WorkerPool({ size: 1 });
  pools.push(pool as never);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('the task was expected to fail');
    },
    (error: unknown) => error,
  );
}

describe('the server task encodeState', () => {
  it('encodes the document a snapshot and its updates make', async () => {
    const doc = new Y.Doc();
    const text = doc.getText('body');
    text.insert(0, 'Nämnden föreslås besluta');
    const snapshot = Y.encodeStateAsUpdate(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    text.insert(text.length, ' att bifalla ansökan');
    text.delete(0, 8);
    const encoded = await serverPool().run('encodeState', { snapshot, updates: [...updates] });

    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, encoded);
    expect(rebuilt.getText('body').toString()).toBe('föreslås besluta att bifalla ansökan');
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
    expect(encoded).toEqual(Y.encodeStateAsUpdate(doc));
  });

  it('moves the bytes it is given to the worker instead of copying them', async () => {
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'x'.repeat(10_000));
    const snapshot = Y.encodeStateAsUpdate(doc);
    const encoded = await serverPool().run('encodeState', { snapshot, updates: [] }, [snapshot]);
    expect(snapshot.byteLength).toBe(0);
    expect(encoded.byteLength).toBeGreaterThan(10_000);
  });
});

describe('the worker pool', () => {
  it('answers with the task’s value', async () => {
    const values = await testPool().run('double', { values: new Uint8Array([1, 2, 3]) });
    expect([...values]).toEqual([2, 4, 6]);
  });

  it('rejects a task that throws with its message, and the worker goes on serving', async () => {
    const pool = testPool({ size: 1 });
    const before = await pool.run('whoAmI', undefined as never);
    const error = await failure(pool.run('fail', { message: 'ogiltigt dokument' }));
    expect(error).toBeInstanceOf(WorkFailedError);
    expect((error as WorkFailedError).reason).toBe('failed');
    expect((error as Error).message).toContain('ogiltigt dokument');
    expect(await pool.run('whoAmI', undefined as never)).toBe(before);
  });

  it('rejects the task of a worker that dies, and replaces the worker', async () => {
    const pool = testPool({ size: 1 });
    const before = await pool.run('whoAmI', undefined as never);
    const error = await failure(pool.run('crash', undefined as never));
    expect((error as WorkFailedError).reason).toBe('crashed');
    const after = await pool.run('whoAmI', undefined as never);
    expect(after).not.toBe(before);
  });

  it('stops a task over its time limit with a message for the user, and the next task gets a fresh worker', async () => {
    const pool = testPool({ size: 1, taskTimeoutMs: 300 });
    const error = await failure(pool.run('spin', undefined as never));
    expect(error).toBeInstanceOf(WorkTooLargeError);
    expect((error as WorkTooLargeError).reason).toBe('timeout');
    expect((error as WorkTooLargeError).status).toBe(503);
    expect([...(await pool.run('double', { values: new Uint8Array([4]) }))]).toEqual([8]);
  });

  it('stops a task over its heap limit', async () => {
    const pool = testPool({ size: 1, workerMemoryMb: 32, taskTimeoutMs: 30_000 });
    const error = await failure(pool.run('hoard', undefined as never));
    expect(error).toBeInstanceOf(WorkTooLargeError);
    expect((error as WorkTooLargeError).reason).toBe('memory');
    expect([...(await pool.run('double', { values: new Uint8Array([5]) }))]).toEqual([10]);
  });

  it('refuses a task when the queue is full, with a message for the user', async () => {
    const pool = testPool({ size: 1, maxQueued: 1, taskTimeoutMs: 30_000 });
    const running = failure(pool.run('spin', undefined as never));
    const waiting = failure(pool.run('double', { values: new Uint8Array([1]) }));
    const refused = await failure(pool.run('double', { values: new Uint8Array([1]) }));
    expect(refused).toBeInstanceOf(WorkBusyError);
    expect((refused as WorkBusyError).status).toBe(503);
    await pool.close();
    expect(((await running) as WorkFailedError).reason).toBe('closed');
    expect(((await waiting) as WorkFailedError).reason).toBe('closed');
  });

  it('runs no more tasks at once than it has workers', async () => {
    const pool = testPool({ size: 2 });
    const threads = await Promise.all(Array.from({ length: 6 }, () => pool.run('whoAmI', undefined as never)));
    expect(new Set(threads).size).toBeLessThanOrEqual(2);
    expect(pool.load.workers).toBeLessThanOrEqual(2);
  });
});
