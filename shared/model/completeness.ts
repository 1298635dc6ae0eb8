/**
 * The completeness check run before a document goes to the arbetsutskott: required sections
 * written, header fields valid, at least one beslutspunkt, Barnperspektiv written or motivated.
 * Derived from the model's data only, so a new document type is checked without new code.
 */
import { blockText, type Block } from '../doc/blocks';
import type { DocumentSnapshotView } from '../doc/documentState';
import { readFieldValue } from '../doc/headerFields';
import type { SectionSpec } from './documentTypes';
import { documentTypeOfView } from './templateRegistry';
import { fieldIssues } from './fields';

export interface CompletenessIssue {
  /** `section`, `field`, or `suggestions` (a section's open suggestions), and its key, so the UI can link to it. */
  kind: 'section' | 'field' | 'suggestions';
  key: string;
  title: string;
  message: string;
}

function isWritten(blocks: readonly Block[]): boolean {
  return blocks.some((block) => blockText(block).trim() !== '');
}

function beslutspunkter(blocks: readonly Block[]): string[] {
  return blocks
    .filter((block): block is Extract<Block, { kind: 'list' }> => block.kind === 'list' && block.ordered)
    .flatMap((block) =>
      block.items.map((item) =>
        item
          .map((run) => run.text)
          .join('')
          .trim(),
      ),
    )
    .filter((text) => text !== '');
}

export function completenessIssues(view: DocumentSnapshotView): CompletenessIssue[] {
  const type = documentTypeOfView(view);
  const issues: CompletenessIssue[] = [];
  for (const spec of type.fields) {
    // Read through the field's kind, so that a value of the wrong shape is judged as text rather
    // than failing the whole check.
    const raw = view.fields[spec.key];
    for (const message of fieldIssues(spec, raw === undefined ? undefined : readFieldValue(spec.kind, raw))) {
      issues.push({ kind: 'field', key: spec.key, title: spec.label, message });
    }
  }
  for (const spec of type.sections) {
    const blocks = view.sections.find((section) => section.key === spec.key)?.blocks ?? [];
    if (spec.content === 'beslutspunkter' && beslutspunkter(blocks).length === 0) {
      issues.push({
        kind: 'section',
        key: spec.key,
        title: spec.title,
        message: `${spec.title}: skriv minst en beslutspunkt i den numrerade listan.`,
      });
      continue;
    }
    if (spec.required && !isWritten(blocks)) {
      const message = spec.mayBeMotivatedAsNotRelevant
        ? `${spec.title} saknas. Skriv hur beslutet berör området, eller motivera varför det inte är relevant.`
        : `${spec.title} saknas.`;
      issues.push({ kind: 'section', key: spec.key, title: spec.title, message });
    }
  }
  issues.push(...openSuggestionIssues(view, type.sections));
  return issues;
}

/**
 * A document goes to the arbetsutskott with every proposed change decided: the open suggestions
 * are counted per section, in the template's order, under the section's own title.
 */
function openSuggestionIssues(view: DocumentSnapshotView, sections: readonly SectionSpec[]): CompletenessIssue[] {
  const counts = new Map<string, Set<string>>();
  for (const suggestion of view.suggestions ?? []) {
    const key = suggestion.sectionKey ?? '';
    if (!counts.has(key)) counts.set(key, new Set());
    counts.get(key)!.add(suggestion.id);
  }
  const ordered = [
    ...sections.map((spec) => spec.key).filter((key) => counts.has(key)),
    ...[...counts.keys()].filter((key) => !sections.some((spec) => spec.key === key)),
  ];
  return ordered.map((key) => {
    const title = sections.find((spec) => spec.key === key)?.title ?? 'Dokumentet';
    const count = counts.get(key)!.size;
    const what =
      count === 1
        ? 'ett ändringsförslag som inte är godtaget eller avvisat'
        : `${count} ändringsförslag som inte är godtagna eller avvisade`;
    return { kind: 'suggestions' as const, key, title, message: `${title}: ${what}. Godta eller avvisa dem först.` };
  });
}
