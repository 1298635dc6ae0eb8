/**
 * A section the document's ärende writes (shared/doc/arendeSections.ts: a beslutsplanering that
 * shows the ärende's meetings) is the server's while the document is in the ärende: a client's
 * update that inserts, deletes or formats anything inside it is refused, so the document and the
 * ärende cannot disagree. The editor keeps people from typing there; this is the rule.
 */
import * as Y from 'yjs';
import { BODY, SECTION_KEY_ATTRIBUTE, metaMap } from '../../../shared/doc/documentState';
import { arendeLinkOf, sectionKeysFromArende } from '../../../shared/doc/arendeSections';
import { documentTypeOfMeta, sectionSpec } from '../../../shared/model';
import type { SharedTypeRef, UpdateWalk } from './updateWalk';

/** The top-level section a change sits in, if it sits in one. */
function sectionOf(ref: SharedTypeRef | null): SharedTypeRef | null {
  let current = ref;
  while (current && !(current.root === BODY && current.parent !== null && current.parent.parent === null)) current = current.parent;
  return current;
}

/** The Swedish refusal when the update changes such a section, else null. */
export function checkSectionsFromArende(doc: Y.Doc, walk: UpdateWalk): string | null {
  const meta = metaMap(doc);
  const keys = sectionKeysFromArende(meta);
  if (keys.length === 0) return null;
  for (const placed of [...walk.inserted, ...walk.deleted]) {
    const section = sectionOf(placed.parent);
    if (!(section?.type instanceof Y.XmlElement)) continue;
    const key = section.type.getAttribute(SECTION_KEY_ATTRIBUTE);
    if (typeof key !== 'string' || !keys.includes(key)) continue;
    const type = documentTypeOfMeta(meta);
    const title = (type && sectionSpec(type, key)?.title) ?? key;
    const link = arendeLinkOf(meta)!;
    return `${title} visar ärendets sammanträden (${link.diarienummer}) och ändras på ärendets sida, inte i dokumentet. Sidan läses in på nytt från servern.`;
  }
  return null;
}
