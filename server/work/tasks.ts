/**
 * The work the server hands to its worker pool (workerPool.ts), by name. Each task takes one
 * structured-clonable input and runs in a worker thread, never on the event loop; it gets plain
 * data or bytes, never a live Y.Doc.
 */
import * as Y from 'yjs';

export interface EncodeStateInput {
  /** The stored snapshot, if any. */
  snapshot: Uint8Array | null;
  /** The updates after it, in order. */
  updates: Uint8Array[];
}

/**
 * The document that a snapshot and its updates make, encoded as one update: what
 * `Y.encodeStateAsUpdate` of a room's doc holding exactly those gives (deleted content collected),
 * built here so that compacting or versioning a large document does not hold the loop.
 */
export function encodeState({ snapshot, updates }: EncodeStateInput): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export const tasks = {
  encodeState,
};
