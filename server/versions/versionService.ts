/**
 * Named versions: created by hand and at every status change; opened read-only, compared
 * section by section word by word, restored as a new change (history is never rewritten).
 *
 * Storage: a version is the document's encoded Yjs state at that moment, deflated. Versions are
 * made by people and by status changes — a handful per document, never per keystroke — and a
 * seed-sized document deflates to a few kilobytes, so a full state per version is simpler and
 * cheaper than keeping every room's deleted content (gc: false) for Yjs snapshots.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { blockText } from '../../shared/doc/blocks';
import { fieldsMap, metaMap, readDocument, replaceSectionContent, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { wordDiff, type DiffPart } from '../../shared/diff/wordDiff';
import { documentType } from '../../shared/model';
import { NotFoundError, ValidationError } from '../errors';
import type { DocumentService } from '../documents/documentService';
import type { VersionRecord, WorkflowStore } from '../storage/storage';

export interface SectionComparison {
  key: string;
  title: string;
  changed: boolean;
  parts: DiffPart[];
}

export const CURRENT = 'current';

export class VersionService {
  constructor(
    private readonly documents: DocumentService,
    private readonly workflow: WorkflowStore,
  ) {}

  async create(documentId: string, name: string, userId: string | null): Promise<VersionRecord> {
    const trimmed = name.trim();
    if (!trimmed) throw new ValidationError('Ge versionen ett namn, t.ex. "Till arbetsutskottet 2023-08-17".');
    if (trimmed.length > 200) throw new ValidationError('Versionens namn får vara högst 200 tecken.');
    const state = await this.documents.withRoom(documentId, (room) => Y.encodeStateAsUpdate(room.doc));
    const version: VersionRecord = {
      id: randomBytes(9).toString('base64url'),
      documentId,
      name: trimmed,
      createdAt: new Date().toISOString(),
      createdBy: userId,
    };
    await this.workflow.saveVersion(version, deflateRawSync(state));
    return version;
  }

  list(documentId: string): Promise<VersionRecord[]> {
    return this.workflow.versions(documentId);
  }

  /** The document as it was in a version (or as it is now, for CURRENT). */
  async view(documentId: string, versionId: string): Promise<DocumentSnapshotView> {
    if (versionId === CURRENT) return this.documents.readView(documentId);
    const stored = await this.workflow.versionState(documentId, versionId);
    if (!stored) throw new NotFoundError('Det finns ingen sådan version.');
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, inflateRawSync(stored.state));
      return readDocument(doc);
    } finally {
      doc.destroy();
    }
  }

  async compare(documentId: string, fromId: string, toId: string): Promise<{ title: DiffPart[]; sections: SectionComparison[] }> {
    const [from, to] = await Promise.all([this.view(documentId, fromId), this.view(documentId, toId)]);
    const text = (view: DocumentSnapshotView, key: string) =>
      (view.sections.find((section) => section.key === key)?.blocks ?? []).map(blockText).join('\n');
    const sections = documentType(to.type).sections.map((spec) => {
      const parts = wordDiff(text(from, spec.key), text(to, spec.key));
      return { key: spec.key, title: spec.title, changed: parts.some((part) => part.kind !== 'same'), parts };
    });
    return { title: wordDiff(from.title, to.title), sections };
  }

  /** Brings back a version's title, header fields and text as a new change, for everyone. */
  async restore(documentId: string, versionId: string, origin: unknown): Promise<void> {
    const version = await this.view(documentId, versionId);
    await this.documents.withRoom(documentId, (room) =>
      room.change((doc) => {
        metaMap(doc).set('title', version.title);
        const fields = fieldsMap(doc);
        for (const [key, value] of Object.entries(version.fields)) fields.set(key, value);
        for (const section of version.sections) replaceSectionContent(doc, section.key, section.blocks);
      }, origin),
    );
  }
}
