/**
 * Which documents are worked on in a worker, and the bytes the worker gets. A document whose
 * stored state is small is read, versioned and exported on the event loop as before: the hand-off
 * (a structured clone and a worker's own Y.Doc) costs more than the work. A large one is handed
 * over as the bytes storage already holds — the room's snapshot and log, which equal its doc as
 * committed, since every update is stored before it is broadcast — so the event loop never walks
 * or encodes it.
 */
import { metaMap } from '../../shared/doc/documentState';
import { templateRefOf, templates, type TemplatePack, type TemplateRef } from '../../shared/model';
import type { DocumentService } from '../documents/documentService';
import type { RoomStore } from '../storage/storage';
import type { DocumentSource, EncodeStateInput, StateSource } from './tasks';
import type { WorkerPool } from './workerPool';

/** Stored bytes from which a document's reading, versioning and export go to a worker. */
export const INLINE_BELOW_BYTES = 128 * 1024;

/** The same for a stored version, which is deflated (about a third of its encoded size). */
export const INLINE_BELOW_DEFLATED_BYTES = 48 * 1024;

export class DocumentStates {
  constructor(
    readonly pool: WorkerPool,
    private readonly documents: Pick<DocumentService, 'withRoom'>,
    private readonly rooms: Pick<RoomStore, 'load'>,
    readonly inlineBelowBytes = INLINE_BELOW_BYTES,
  ) {}

  /**
   * A large document's body as stored, for a worker; null for one small enough to work on in
   * place. The room is loaded first (as reading it in place would), so a stored migration is in.
   */
  largeBody(documentId: string, withSuggestions = true): Promise<(DocumentSource & { state: EncodeStateInput }) | null> {
    return this.documents.withRoom(documentId, async (room) => {
      const stored = await this.rooms.load(room.name);
      if (stored.bytes < this.inlineBelowBytes) return null;
      return {
        state: { snapshot: stored.snapshot, updates: stored.updates },
        packs: templatePacksFor(templateRefOf(metaMap(room.doc))),
        withSuggestions,
      };
    });
  }

  /** A large stored version (its deflated state), for a worker; null for a small one. */
  largeVersion(deflated: Uint8Array, template?: TemplateRef): DocumentSource | null {
    if (deflated.byteLength < this.inlineBelowBytes * (INLINE_BELOW_DEFLATED_BYTES / INLINE_BELOW_BYTES)) return null;
    return { state: { deflated }, packs: templatePacksFor(template), withSuggestions: false };
  }
}

/** Every version this process knows of the document's pack: a worker knows only the built-in ones. */
export function templatePacksFor(ref: TemplateRef | undefined): TemplatePack[] {
  if (!ref) return [];
  const packs: TemplatePack[] = [];
  for (let version = 1; version <= ref.version || templates.has({ pack: ref.pack, version }); version++) {
    const pack = templates.definition({ pack: ref.pack, version });
    if (pack) packs.push(pack);
  }
  return packs;
}

/** The byte arrays of a source, to move rather than copy to the worker. */
export function stateBytes(state: StateSource): Uint8Array[] {
  if ('deflated' in state) return [state.deflated];
  return state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
}
