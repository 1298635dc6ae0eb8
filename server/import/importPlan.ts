/**
 * The import dialog's plan. The dry run proposes one (type, title, header fields and every block
 * of every section, numbered); the official corrects it (another type, another title, blocks moved
 * to other sections) and sends it back with the same file. The parse is deterministic, so a
 * block's number in the dry run names the same block when the file is parsed again at create.
 *
 * Nothing is lost by a plan: a block moved is moved, never dropped; header values the chosen type
 * has no field for are kept as text under "Ej placerad text"; the report keeps every entry about
 * unplaced text and says what the plan changed.
 */
import type { BlockKind } from '../../shared/doc/blocks';
import { fieldValueText, type DocumentTypeKey, type FieldValue } from '../../shared/model';
import { MAX_PLAN_MOVES, MAX_PLAN_TITLE_LENGTH } from './importPlanHeader';
import type { ParsedDocument } from './parseDocument';
import { fieldTarget, numberedBlocks, preview, remapSection, typeOf, typesOf } from './planPlacement';

// The route reads a plan and applies it through this module, the plan's one door.
export { applyPlan } from './applyImportPlan';
export { IMPORT_PLAN_HEADER, readPlanHeader, type ImportPlan } from './importPlanHeader';

export interface PlanBlock {
  index: number;
  kind: BlockKind;
  preview: string;
  /** Under "Ej placerad text": the importer could not place it. */
  unplaced: boolean;
}

/** What the dialog offers for one type: its sections, its header fields, and where each block goes if it is chosen. */
export interface PlanType {
  key: DocumentTypeKey;
  label: string;
  sections: Array<{ key: string; title: string }>;
  fields: Array<{ key: string; label: string }>;
  /** `proposed[i]` is the section block i goes to in this type unless the official moves it. */
  proposed: string[];
  /** The parsed header fields this type has no field for: kept as text under "Ej placerad text". */
  unplacedFields: string[];
}

export interface ProposedPlan {
  type: DocumentTypeKey;
  title: string;
  fields: Record<string, FieldValue>;
  /** The detected type's sections in order, each with its blocks in order. */
  sections: Array<{ key: string; title: string; blocks: PlanBlock[] }>;
  types: PlanType[];
  limits: { maxMoves: number; maxTitleLength: number };
}

/** The dry run's proposal, numbering every block of the parsed document. */
export function proposePlan(parsed: ParsedDocument): ProposedPlan {
  const types = typesOf(parsed);
  const detected = typeOf(parsed.type, types);
  const numbered = numberedBlocks(parsed, detected);
  const sections = detected.sections.map((spec) => ({ key: spec.key, title: spec.title, blocks: [] as PlanBlock[] }));
  numbered.forEach(({ block, section, unplaced }, index) => {
    sections
      .find((candidate) => candidate.key === section.key)!
      .blocks.push({ index, kind: block.kind, preview: preview(block), unplaced });
  });
  return {
    type: parsed.type,
    title: parsed.title,
    fields: parsed.fields,
    sections,
    types: types.map((type) => ({
      key: type.key,
      label: type.label,
      sections: type.sections.map((spec) => ({ key: spec.key, title: spec.title })),
      fields: type.fields.map((spec) => ({ key: spec.key, label: spec.label })),
      proposed: numbered.map(({ section, unplaced }) => (type.key === detected.key ? section : remapSection(section, unplaced, type)).key),
      unplacedFields: Object.entries(parsed.fields)
        .filter(([key, value]) => fieldValueText(value).trim() && !fieldTarget(key, detected, type))
        .map(([key]) => key),
    })),
    limits: { maxMoves: MAX_PLAN_MOVES, maxTitleLength: MAX_PLAN_TITLE_LENGTH },
  };
}
