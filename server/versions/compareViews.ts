/**
 * The comparison of two views of a document (two versions, or a version and the document now):
 * its title word by word, the header fields that differ, and each section paragraph by paragraph
 * (shared/diff/blockDiff.ts). Plain data in and out, so that it runs on the event loop for a
 * small document and in a worker (server/work/tasks.ts) for a large one.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { diffBlocks, entryParts, type BlockDiffEntry } from '../../shared/diff/blockDiff';
import { wordDiff, type DiffPart } from '../../shared/diff/wordDiff';
import { documentTypeOfView, fieldValueText, type FieldValue } from '../../shared/model';

export interface SectionComparison {
  key: string;
  title: string;
  changed: boolean;
  /** The words are the same but formatting or structure is not (bold added, a list nested, a table's header row). */
  formattingChanged: boolean;
  /** Open suggestions differ: made, decided on, or words in them changed (issue 15). */
  suggestionsChanged: boolean;
  /** Changed paragraphs with their context; unchanged runs collapsed (see shared/diff/blockDiff.ts). */
  entries: BlockDiffEntry[];
  /** Set (a Swedish sentence) when the section was too long to compare word by word throughout. */
  coarse?: string;
  /** The changed paragraphs' words in one run, for summaries. */
  parts: DiffPart[];
}

export interface FieldComparison {
  key: string;
  label: string;
  before: FieldValue | null;
  after: FieldValue | null;
}

export interface VersionComparison {
  title: DiffPart[];
  fields: FieldComparison[];
  sections: SectionComparison[];
}

export async function compareViews(from: DocumentSnapshotView, to: DocumentSnapshotView): Promise<VersionComparison> {
  const blocks = (view: DocumentSnapshotView, key: string) => view.sections.find((section) => section.key === key)?.blocks ?? [];
  const type = documentTypeOfView(to);
  const sections: SectionComparison[] = [];
  for (const spec of type.sections) {
    // Each section's diff is bounded (blockDiff.ts); between them others' requests are served.
    await nextTurn();
    const diff = diffBlocks(blocks(from, spec.key), blocks(to, spec.key));
    sections.push({
      key: spec.key,
      title: spec.title,
      changed: diff.entries.length > 0,
      formattingChanged: diff.formattingChanged,
      suggestionsChanged: diff.suggestionsChanged,
      entries: diff.entries,
      ...(diff.coarse ? { coarse: diff.coarse } : {}),
      parts: entryParts(diff.entries),
    });
  }
  const fields = type.fields
    .filter((spec) => fieldText(from.fields[spec.key]) !== fieldText(to.fields[spec.key]))
    .map((spec) => ({ key: spec.key, label: spec.label, before: from.fields[spec.key] ?? null, after: to.fields[spec.key] ?? null }));
  return { title: wordDiff(from.title, to.title), fields, sections };
}

/** A header field as the official reads it, so that equal-looking values compare equal. */
function fieldText(value: FieldValue | undefined): string {
  return value === undefined ? '' : fieldValueText(value).trim();
}
