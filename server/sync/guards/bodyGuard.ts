/**
 * Decides whether a document-change frame from one connection may reach a document body:
 * the connection's access, the document's lock, and the template structure (no section may be
 * added, deleted, reordered or re-keyed by a client; type and status belong to the server).
 */
import type * as Y from 'yjs';
import { documentTypeOfMeta } from '../../../shared/model';
import { isLockedStatus, type DocumentStatus } from '../../../shared/model/status';
import { metaMap } from '../../../shared/doc/documentState';
import type { YttraErrorCode } from '../../../shared/protocol/messages';
import type { Access } from '../access';
import { analyseUpdate } from './updateAnalysis';
import { checkHeaderFields } from './headerFieldGuard';
import { checkSectionsFromArende } from './sectionsFromArendeGuard';

/** meta keys a client may write; the rest (type, templateVersion, status, fields map) are the server's. */
const CLIENT_WRITABLE_META_KEYS = new Set(['title']);

export type Verdict =
  { accepted: true; changesDocument: boolean } | { accepted: false; code: YttraErrorCode; message: string; closeConnection: boolean };

function refused(code: YttraErrorCode, message: string, closeConnection: boolean): Verdict {
  return { accepted: false, code, message, closeConnection };
}

export function checkBodyUpdate(doc: Y.Doc, update: Uint8Array, access: Access): Verdict {
  const effect = analyseUpdate(doc, update);
  if (!effect.changesDocument) return { accepted: true, changesDocument: false };
  if (access !== 'write') {
    return refused('read_only', 'Du kan läsa men inte ändra texten i det här dokumentet.', false);
  }
  const meta = metaMap(doc);
  if (isLockedStatus(meta.get('status') as DocumentStatus)) {
    return refused('document_locked', 'Dokumentet är justerat och kan inte längre ändras.', false);
  }
  if (effect.sectionChanges.length > 0) {
    return refused(
      'structure_refused',
      'Ändringen skulle ta bort, lägga till eller flytta ett avsnitt i mallen. Avsnitten kan inte tas bort; skriv i dem i stället. Sidan läses in på nytt från servern.',
      true,
    );
  }
  const forbiddenMeta = [...effect.metaKeys].filter((key) => !CLIENT_WRITABLE_META_KEYS.has(key));
  if (forbiddenMeta.length > 0) {
    return refused('structure_refused', 'Dokumenttyp och status ändras inte i texten; använd statusknappen.', true);
  }
  if (effect.emptiedSections.length > 0) {
    return refused(
      'structure_refused',
      'Ändringen skulle lämna ett avsnitt helt tomt. Ett avsnitt behåller alltid minst ett stycke. Sidan läses in på nytt från servern.',
      true,
    );
  }
  if (effect.schemaProblem) {
    return refused(
      'structure_refused',
      'Ändringen innehåller något som dokumentet inte kan innehålla (okänt format, otillåtna tecken eller fel sorts värde). Sidan läses in på nytt från servern.',
      true,
    );
  }
  const type = documentTypeOfMeta(meta);
  const unknownFields = [...effect.fieldKeys].filter((key) => !type?.fields.some((field) => field.key === key));
  if (unknownFields.length > 0 || effect.foreignRoots.size > 0) {
    return refused('structure_refused', 'Ändringen rör fält som inte finns i dokumentmallen.', true);
  }
  const arendeRefusal = checkSectionsFromArende(doc, effect.walk);
  if (arendeRefusal) return refused('structure_refused', arendeRefusal, true);
  const headerRefusal = checkHeaderFields(doc, effect.walk);
  if (headerRefusal) return refused('structure_refused', headerRefusal.message, true);
  return { accepted: true, changesDocument: true };
}
