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
  /** Who is left for the signature section or list, each with the lines as written. */
  const rest: Array<{ person: Person; written: string }> = signature.group
    ? [{ person: { name: signature.group }, written: signature.group }]
    : [];
  signature.persons.forEach((person, index) => {
    const field = person.title ? byLabel.get(headingKey(person.title)) : undefined;
    if (field?.kind === 'person' && isEmptyFieldValue(fields[field.key])) {
      // The label prints the title; a title in other words ("Förvaltningschef" for Förvaltningsdirektör) is kept too.
      const sameTitle = headingKey(field.label) === headingKey(person.title!);
      const { title: _title, ...withoutTitle } = person;
      fields[field.key] = sameTitle ? withoutTitle : person;
      report.add('signature', `${field.label}: ${person.name} (underskrift med titeln ${quote(person.title!)}).`, { field: field.key });
    } else {
      rest.push({ person, written: signature.written[index] ?? signatureLines(person) });
    }
  });
  if (rest.length === 0) return;
  const described = quote(rest.map(({ person }) => describe(person)).join('; '), 400);

  const list = signatureSection(type);
  const signers = signatureFields.find((field) => field.kind === 'persons');
  if (list) {
    const target = sections[list.key]!;
    const items = rest.map(({ written }) => [{ text: written }]);
    const last = target[target.length - 1];
    if (last?.kind === 'list') last.items.push(...items);
    else target.push({ kind: 'list', ordered: false, items });
    report.add('signature', `Underskriften ${described} lades i ${list.title}.`, { section: list.key });
    return;
  }
  if (signers) {
    const existing = fields[signers.key];
    fields[signers.key] = [...(Array.isArray(existing) ? existing : []), ...rest.map(({ person }) => person)];
    report.add('signature', `${signers.label}: ${described}.`, { field: signers.key });
    return;
  }
  // Kept as text where it stood, unless that is a list (of recipients, say): then in the main text.
  const keptIn = context.current.content === 'list' ? mainSection(type) : context.current;
  for (const { written } of rest) sections[keptIn.key]!.push({ kind: 'paragraph', runs: [{ text: written }] });
  report.add('signature', `Underskriften ${described} har ingen plats i mallen och ligger som text i ${keptIn.title}.`, {
    section: keptIn.key,
  });
}
