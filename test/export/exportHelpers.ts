import * as Y from 'yjs';
import { initialiseDocument, readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import type { ParsedDocument } from '../../server/import';

/** The view a document created from an import has, through the real Y.Doc layout. */
export function viewOf(parsed: ParsedDocument): DocumentSnapshotView {
  const doc = new Y.Doc();
  initialiseDocument(doc, parsed.type, parsed);
  const view = readDocument(doc);
  doc.destroy();
  return view;
}
