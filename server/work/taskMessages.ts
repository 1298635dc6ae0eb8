/**
 * What the pool and its workers say to each other: a request names a task of the task module
 * and carries its input; the reply carries the task's value or its error message. Byte arrays
 * that own their whole buffer travel by transfer, not by copy.
 */
import { isMarkedAsUntransferable } from 'node:worker_threads';

/** A task module's `tasks`: named functions of one structured-clonable input. */
export type TaskMap = Record<string, (input: never) => unknown>;

export interface TaskRequest {
  id: number;
  name: string;
  input: unknown;
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/**
 * The buffers of these arrays that may be moved to the other thread: only one an array owns
 * whole (a small Node Buffer shares its pool's buffer, which is marked untransferable), each once.
 */
export function transferableBuffers(arrays: Iterable<Uint8Array>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    const buffer = array.buffer;
    if (!(buffer instanceof ArrayBuffer) || isMarkedAsUntransferable(buffer)) continue;
    if (array.byteOffset !== 0 || array.byteLength !== buffer.byteLength) continue;
    buffers.add(buffer);
  }
  return [...buffers];
}

/** A result's byte arrays (the value itself, or its fields and their arrays, one level down). */
export function resultTransfers(value: unknown): ArrayBuffer[] {
  const arrays: Uint8Array[] = [];
  const collect = (item: unknown): void => {
    if (item instanceof Uint8Array) arrays.push(item);
  };
  collect(value);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const field of Object.values(value)) {
      collect(field);
      if (Array.isArray(field)) field.forEach(collect);
    }
  }
  return transferableBuffers(arrays);
}
