/**
 * The admission that bounds PDF conversions and imports (finding 21: one reader's 20 PDF
 * requests delayed another's by 8.5 s): per-key and overall limits, round-robin service.
 */
import { describe, expect, it } from 'vitest';
import { FairQueue, QueueFullError } from '../../server/limits/fairQueue';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('a fair queue', () => {
  it('serves a second user before the first user’s further requests', async () => {
    const queue = new FairQueue({ concurrency: 1, perKey: 1, maxWaiting: 10, maxWaitingPerKey: 3 });
    const order: string[] = [];
    const first = gate();
    const tasks = [
      queue.run('läsare', async () => {
        order.push('läsare 1');
        await first.promise;
      }),
    ];
    for (let i = 2; i <= 4; i++) tasks.push(queue.run('läsare', async () => void order.push(`läsare ${i}`)));
    tasks.push(queue.run('handläggare', async () => void order.push('handläggare')));
    first.open();
    await Promise.all(tasks);
    expect(order).toEqual(['läsare 1', 'handläggare', 'läsare 2', 'läsare 3', 'läsare 4']);
  });

  it('refuses a user’s requests beyond their own limit, and says it is their own', async () => {
    const queue = new FairQueue({ concurrency: 2, perKey: 1, maxWaiting: 10, maxWaitingPerKey: 2 });
    const hold = gate();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => queue.run('läsare', () => hold.promise)).map((task, index) => {
        if (index === 19) hold.open();
        return task;
      }),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused).toHaveLength(17);
    expect(
      refused.every(
        (result) => (result as PromiseRejectedResult).reason instanceof QueueFullError && (result as PromiseRejectedResult).reason.ownLimit,
      ),
    ).toBe(true);
  });

  it('refuses when everyone’s waiting room is full, and accepts again when work is done', async () => {
    const queue = new FairQueue({ concurrency: 1, perKey: 1, maxWaiting: 1, maxWaitingPerKey: 0 });
    const hold = gate();
    const running = queue.run('a', () => hold.promise);
    const waiting = queue.run('b', async () => 'b');
    await expect(queue.run('c', async () => 'c')).rejects.toMatchObject({ ownLimit: false });
    await expect(queue.run('a', async () => 'a again')).rejects.toMatchObject({ ownLimit: true });
    expect(queue.wouldAccept('c')).toBe(false);
    hold.open();
    await running;
    expect(await waiting).toBe('b');
    expect(queue.wouldAccept('c')).toBe(true);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a task that fails', async () => {
    const queue = new FairQueue({ concurrency: 1, perKey: 1, maxWaiting: 0, maxWaitingPerKey: 0 });
    await expect(
      queue.run('a', async () => {
        throw new Error('LibreOffice kraschade');
      }),
    ).rejects.toThrow('kraschade');
    expect(await queue.run('a', async () => 'ok')).toBe('ok');
  });
});
