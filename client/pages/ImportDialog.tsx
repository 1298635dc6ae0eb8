/**
 * The import dialog: what the dry run proposes (type, title, header fields, every block of every
 * section) and the official's corrections before the document is created. The server decides
 * where each block goes for each type (`plan.types[].proposed`); this dialog only records which
 * blocks the official moves and sends the same file again with that plan.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';
import { navigate } from '../app/router';

interface Person {
  name: string;
  title?: string;
  email?: string;
  party?: string;
}
type FieldValue = string | Person | Person[];

interface PlanBlock {
  index: number;
  kind: string;
  preview: string;
  unplaced: boolean;
}

interface PlanType {
  key: string;
  label: string;
  sections: Array<{ key: string; title: string }>;
  fields: Array<{ key: string; label: string }>;
  proposed: string[];
  unplacedFields: string[];
}

export interface ImportProposal {
  report: {
    type: { key: string; label: string; reason: string };
    entries: Array<{ kind: string; message: string }>;
  };
  plan: {
    type: string;
    title: string;
    fields: Record<string, FieldValue>;
    sections: Array<{ key: string; title: string; blocks: PlanBlock[] }>;
    types: PlanType[];
    limits: { maxMoves: number; maxTitleLength: number };
  };
}

/** The request header the plan travels in (server/import/importPlan.ts). */
const PLAN_HEADER = 'x-yttra-import-plan';

const KIND_WORDS: Record<string, string> = {
  heading: 'Rubrik',
  list: 'Lista',
  table: 'Tabell',
  quote: 'Citat',
  code: 'Kod',
  divider: 'Avdelare',
};

/** Header values must be ASCII: everything else goes as a JSON \u escape. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formatValue(value: FieldValue): string {
  const persons = typeof value === 'string' ? null : Array.isArray(value) ? value : [value];
  if (!persons) return value as string;
  return persons
    .map((person) => [person.party ? `${person.name} (${person.party})` : person.name, person.title].filter(Boolean).join(', '))
    .join('; ');
}

interface Props {
  file: File;
  contentType: string;
  proposal: ImportProposal;
  onClose(): void;
}

export function ImportDialog({ file, contentType, proposal, onClose }: Props) {
  const { plan, report } = proposal;
  const [typeKey, setTypeKey] = useState(plan.type);
  const [title, setTitle] = useState(plan.title);
  /** The section the official chose for a block, by its number; other blocks follow the proposal. */
  const [chosen, setChosen] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refocus = useRef<number | null>(null);

  const type = plan.types.find((candidate) => candidate.key === typeKey) ?? plan.types[0]!;
  const detected = plan.types.find((candidate) => candidate.key === plan.type);
  const blocks = plan.sections.flatMap((section) => section.blocks);
  const sectionOf = (index: number) => {
    const choice = chosen[index];
    // A choice made under another type holds when this type has that section too.
    return choice && type.sections.some((section) => section.key === choice) ? choice : type.proposed[index]!;
  };
  const moves = blocks
    .filter((block) => sectionOf(block.index) !== type.proposed[block.index])
    .map((block) => ({ block: block.index, section: sectionOf(block.index) }));
  const tooManyMoves = moves.length > plan.limits.maxMoves;
  const filledFields = Object.entries(plan.fields).filter(([, value]) => formatValue(value).trim() !== '');

  // A block moved to another section is shown there; its select keeps the focus.
  useEffect(() => {
    if (refocus.current === null) return;
    document.getElementById(`import-block-${refocus.current}`)?.focus();
    refocus.current = null;
  });

  const create = async () => {
    setError(null);
    setBusy(true);
    const corrections = {
      ...(typeKey !== plan.type ? { type: typeKey } : {}),
      ...(title.trim() !== plan.title ? { title: title.trim() } : {}),
      ...(moves.length ? { moves } : {}),
    };
    try {
      const created = await api<{ id: string }>('POST', '/api/import', file, {
        headers: { 'content-type': contentType, [PLAN_HEADER]: asciiJson(corrections) },
      });
      navigate(`/d/${created.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte skapas.');
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title="Granska importen"
      wide
      onClose={onClose}
      actions={
        <button type="button" disabled={busy || tooManyMoves || title.trim() === ''} onClick={() => void create()}>
          Skapa dokument
        </button>
      }
    >
      <p className="import-reason">
        {typeKey === plan.type
          ? report.type.reason
          : `Importen föreslog ${detected?.label.toLowerCase() ?? plan.type}; du har valt ${type.label.toLowerCase()}. Avsnitten nedan är överförda efter namn, och det som inte har någon motsvarighet ligger i huvudavsnittet.`}
      </p>
      <div className="import-dialog-form">
        <label htmlFor="import-type">Dokumenttyp</label>
        <select id="import-type" value={typeKey} onChange={(event) => setTypeKey(event.target.value)}>
          {plan.types.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {candidate.label}
            </option>
          ))}
        </select>
        <label htmlFor="import-title">Titel</label>
        <input id="import-title" value={title} maxLength={plan.limits.maxTitleLength} onChange={(event) => setTitle(event.target.value)} />
      </div>

      {filledFields.length > 0 && (
        <section aria-labelledby="import-fields-heading">
          <h3 id="import-fields-heading">Uppgifter i sidhuvudet</h3>
          <dl className="import-fields">
            {filledFields.map(([key, value]) => (
              <div key={key}>
                <dt>{detected?.fields.find((field) => field.key === key)?.label ?? key}</dt>
                <dd>
                  {formatValue(value)}
                  {type.unplacedFields.includes(key) && (
                    <span className="import-note"> – {type.label.toLowerCase()} saknar fältet; läggs som text under Ej placerad text</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <section aria-labelledby="import-sections-heading">
        <h3 id="import-sections-heading">Avsnitt</h3>
        {type.sections.map((section) => {
          const inSection = blocks.filter((block) => sectionOf(block.index) === section.key);
          return (
            <div key={section.key} className="import-section" data-section-key={section.key}>
              <h4>{section.title}</h4>
              {inSection.length === 0 && <p className="import-note">Ingen text; avsnittet fylls i efter importen.</p>}
              {inSection.map((block) => (
                <div
                  key={block.index}
                  className={block.unplaced ? 'import-block import-block-unplaced' : 'import-block'}
                  data-block-index={block.index}
                >
                  <p className="import-preview" id={`import-preview-${block.index}`}>
                    {KIND_WORDS[block.kind] && <span className="import-kind">{KIND_WORDS[block.kind]}: </span>}
                    {block.preview}
                    {block.unplaced && <span className="import-note"> (ej placerad)</span>}
                  </p>
                  <label htmlFor={`import-block-${block.index}`}>Avsnitt</label>
                  <select
                    id={`import-block-${block.index}`}
                    aria-describedby={`import-preview-${block.index}`}
                    value={sectionOf(block.index)}
                    onChange={(event) => {
                      refocus.current = block.index;
                      setChosen({ ...chosen, [block.index]: event.target.value });
                    }}
                  >
                    {type.sections.map((option) => (
                      <option key={option.key} value={option.key}>
                        {option.title}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          );
        })}
      </section>

      <details className="import-report">
        <summary>Importrapport ({report.entries.length} rader)</summary>
        <ul>
          {report.entries.map((entry, index) => (
            <li key={index}>{entry.message}</li>
          ))}
        </ul>
      </details>

      {tooManyMoves && (
        <p className="form-error" role="alert">
          Du har flyttat {moves.length} block; högst {plan.limits.maxMoves} kan flyttas före importen. Flytta resten i editorn efteråt.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </ModalDialog>
  );
}
