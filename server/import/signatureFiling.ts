/**
 * Where a recognised signature goes, by what the template has room for: a signature field named
 * by the signatory's title (a pack's "Förvaltningschef"), else the type's signature section
 * (Malmö's Ansvariga, as "name / title" items), else its list of signatories (Undertecknare).
 * A template with none of these keeps the signature as text where it stood, and says so. Never a
 * list of recipients: a signature is never placed as ordinary text of a list section.
 */
import type { Block } from '../../shared/doc/blocks';
import {
  formatPerson,
  isEmptyFieldValue,
  mainSection,
  type DocumentType,
  type FieldValue,
  type Person,
  type SectionSpec,
} from '../../shared/model';
import { quote, type ReportCollector } from './importReport';
import type { Signature } from './signatures';
import { headingKey } from './sourceBlocks';
import { headerLabels, signatureSection } from './vocabulary';

export interface FilingContext {
  type: DocumentType;
  current: SectionSpec;
  sections: Record<string, Block[]>;
  fields: Record<string, FieldValue>;
  report: ReportCollector;
}

function describe(person: Person): string {
  return [formatPerson(person), person.title].filter(Boolean).join(', ');
}

/** "Name" over "Title" (and e-mail), the way a signature is printed. */
function signatureLines(person: Person): string {
  return [formatPerson(person), person.title, person.email].filter(Boolean).join('\n');
}

export function fileSignature(signature: Signature, context: FilingContext): void {
  const { type, fields, sections, report } = context;
  const signatureFields = type.fields.filter((field) => field.position === 'signature');
  const byLabel = headerLabels(type, ['signature']);
  const rest: Person[] = [];
  for (const person of signature.persons) {
    const field = person.title ? byLabel.get(headingKey(person.title)) : undefined;
    const byTitle = field?.kind === 'person' && isEmptyFieldValue(fields[field.key]) ? field : undefined;
    if (byTitle) {
      // The label prints the title; the field holds the person.
      fields[byTitle.key] = { name: person.name, ...(person.email ? { email: person.email } : {}) };
      report.add('signature', `${byTitle.label}: ${person.name} (underskrift med titeln ${quote(person.title!)}).`, { field: byTitle.key });
    } else {
      rest.push(person);
    }
  }
  const lines: Person[] = signature.group ? [{ name: signature.group }, ...rest] : rest;
  if (lines.length === 0) return;

  const list = signatureSection(type);
  const signers = signatureFields.find((field) => field.kind === 'persons');
  if (list) {
    const target = sections[list.key]!;
    const items = lines.map((person) => [{ text: signatureLines(person) }]);
    const last = target[target.length - 1];
    if (last?.kind === 'list') last.items.push(...items);
    else target.push({ kind: 'list', ordered: false, items });
    report.add('signature', `Underskriften ${quote(lines.map(describe).join('; '), 400)} lades i ${list.title}.`, { section: list.key });
    return;
  }
  if (signers) {
    const existing = fields[signers.key];
    fields[signers.key] = [...(Array.isArray(existing) ? existing : []), ...lines];
    report.add('signature', `${signers.label}: ${quote(lines.map(describe).join('; '), 400)}.`, { field: signers.key });
    return;
  }
  // Kept as text where it stood, unless that is a list (of recipients, say): then in the main text.
  const keptIn = context.current.content === 'list' ? mainSection(type) : context.current;
  for (const person of lines) sections[keptIn.key]!.push({ kind: 'paragraph', runs: [{ text: signatureLines(person) }] });
  report.add(
    'signature',
    `Underskriften ${quote(lines.map(describe).join('; '), 400)} har ingen plats i mallen och ligger som text i ${keptIn.title}.`,
    { section: keptIn.key },
  );
}
