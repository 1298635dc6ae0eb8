import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createThread, readThreads, threadsMap } from '../../shared/review/reviewDoc';

const anchor = { start: { tname: 'body', assoc: 0 }, end: { tname: 'body', assoc: -1 } };

describe('reading the review doc', () => {
  it('skips an entry that is not a thread and shows wrong values as unknown, so one bad thread never empties the panel', () => {
    const review = new Y.Doc();
    createThread(review, {
      id: 'good',
      commentId: 'c1',
      sectionKey: 'arendet',
      quote: 'q',
      anchor,
      author: { id: 'u1', name: 'Greta' },
      body: 'Hej',
      now: new Date().toISOString(),
    });
    (threadsMap(review) as Y.Map<unknown>).set('text', new Y.Text('x'));
    const odd = new Y.Map<unknown>();
    threadsMap(review).set('odd', odd);
    odd.set('id', 'odd');
    odd.set('anchor', anchor);
    odd.set('authorName', { evil: 1 });
    odd.set('resolved', true);
    odd.set('resolvedBy', 42);
    odd.set('comments', new Y.Text('inte en lista'));
    const threads = readThreads(review);
    expect(threads.map((thread) => thread.id).sort()).toEqual(['good', 'odd']);
    expect(threads.find((thread) => thread.id === 'odd')).toMatchObject({ authorName: 'Okänd', resolvedBy: null, comments: [] });
    expect(threads.find((thread) => thread.id === 'good')!.comments[0]).toMatchObject({ body: 'Hej', authorName: 'Greta' });
  });
});
