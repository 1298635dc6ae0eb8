/**
 * The title and the header fields as a form. Every input is bound to its own Y.Text
 * (shared/doc/headerFields.ts), so two people typing in one field at once both keep their text,
 * and each sees who else is in which field. Undo and redo in the form are Yjs' and this person's
 * own. Validation messages come from the shared model.
 */
import { useEffect, useId, useMemo, useState, type FocusEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { fieldIssues, type FieldSpec, type FieldValue } from '../../shared/model';
import {
  FIELDS,
  MAX_FIELD_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  META,
  TITLE,
  hasShape,
  isPlainYText,
  newPersonMap,
  readFieldValue,
  readTitle,
  shapeOfKind,
} from '../../shared/doc/headerFields';
import { BoundTextInput } from './BoundTextInput';
import { announceField, useFieldPresence, type FieldVisitor } from './fieldPresence';

interface Props {
  doc: Y.Doc;
  specs: readonly FieldSpec[];
  readOnly: boolean;
  /** This tab's awareness, for showing and telling who is in which field. */
  awareness: Awareness | null;
}

interface Editing {
  origin: object;
  undoManager: Y.UndoManager | null;
  readOnly: boolean;
}

/** Re-renders on any change of the title or a field; returns the meta map. */
function useMeta(doc: Y.Doc): Y.Map<unknown> {
  const meta = doc.getMap<unknown>(META);
  const [, setVersion] = useState(0);
  useEffect(() => {
    const changed = () => setVersion((version) => version + 1);
    meta.observeDeep(changed);
    return () => meta.unobserveDeep(changed);
  }, [meta]);
  return meta;
}

/**
 * This person's origin for their edits in the form and an UndoManager that tracks only it: undo
 * takes back what they typed here, never someone else's typing or a change the server made.
 */
function useHeaderUndo(doc: Y.Doc, readOnly: boolean): Editing {
  const origin = useMemo(() => ({ headerFieldsOf: doc.clientID }), [doc]);
  const [undoManager, setUndoManager] = useState<Y.UndoManager | null>(null);
  useEffect(() => {
    if (readOnly) return;
    const manager = new Y.UndoManager(doc.getMap(META), { trackedOrigins: new Set([origin]) });
    setUndoManager(manager);
    return () => {
      manager.destroy();
      setUndoManager(null);
    };
  }, [doc, origin, readOnly]);
  return { origin, undoManager, readOnly };
}

function Issues({ id, issues }: { id: string; issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <p className="field-issue" id={id} role="status">
      {issues.join(' ')}
    </p>
  );
}

/** The others in a field, as small coloured names. */
function Visitors({ visitors }: { visitors: FieldVisitor[] | undefined }) {
  if (!visitors || visitors.length === 0) return null;
  return (
    <span className="field-visitors muted" data-field-visitors="">
      {visitors.map((visitor) => (
        <span
          key={visitor.clientId}
          className="field-visitor"
          style={{ color: visitor.color, fontWeight: 600, marginLeft: '.4rem', fontSize: '.8rem' }}
        >
          <span aria-hidden="true">● </span>
          {visitor.name}
          <span className="visually-hidden"> skriver här</span>
        </span>
      ))}
    </span>
  );
}

/** An input for one Y.Text, or a read-only stand-in while the slot is not (yet) a Y.Text. */
type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange'>;

function TextInput({ text, fallback, editing, ...props }: { text: unknown; fallback: string; editing: Editing } & InputProps) {
  if (isPlainYText(text)) {
    return <BoundTextInput text={text} origin={editing.origin} undoManager={editing.undoManager} readOnly={editing.readOnly} {...props} />;
  }
  return <input {...props} value={fallback} readOnly />;
}

/** Tells the others which field this person is in while focus is inside `children`. */
function FieldArea({
  field,
  awareness,
  className,
  children,
}: {
  field: string;
  awareness: Awareness | null;
  className: string;
  children: ReactNode;
}) {
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) announceField(awareness, null);
  };
  return (
    <div className={className} data-field={field} onFocus={() => announceField(awareness, field)} onBlur={onBlur}>
      {children}
    </div>
  );
}

const PERSON_LABELS = [
  ['name', 'Namn', 'text'],
  ['title', 'Titel', 'text'],
  ['email', 'E-post', 'email'],
  ['party', 'Parti', 'text'],
] as const;

function PersonInput({
  spec,
  map,
  editing,
  visitors,
}: {
  spec: FieldSpec;
  map: Y.Map<unknown>;
  editing: Editing;
  visitors?: FieldVisitor[];
}) {
  const id = useId();
  return (
    <fieldset className="person-field">
      <legend>{spec.label}</legend>
      <Visitors visitors={visitors} />
      {PERSON_LABELS.map(([part, label, type]) => (
        <label key={part} className="person-part">
          <span>{label}</span>
          <TextInput
            id={`${id}-${part}`}
            type={type === 'email' ? 'text' : type}
            inputMode={type === 'email' ? 'email' : undefined}
            text={map.get(part)}
            fallback=""
            editing={editing}
            maxLength={MAX_FIELD_TEXT_LENGTH}
          />
        </label>
      ))}
    </fieldset>
  );
}

/** A stable React key per person map, so an input stays bound to its person when others are removed. */
const personKeys = new WeakMap<object, number>();
let nextPersonKey = 1;
function personKey(person: object): number {
  let key = personKeys.get(person);
  if (key === undefined) {
    key = nextPersonKey++;
    personKeys.set(person, key);
  }
  return key;
}

function PersonsInput({
  spec,
  list,
  editing,
  visitors,
}: {
  spec: FieldSpec;
  list: Y.Array<unknown>;
  editing: Editing;
  visitors?: FieldVisitor[];
}) {
  const persons = list.toArray().filter((entry): entry is Y.Map<unknown> => hasShape(entry, 'person'));
  const change = (apply: () => void) => list.doc?.transact(apply, editing.origin);
  return (
    <fieldset className="persons-field">
      <legend>{spec.label}</legend>
      <Visitors visitors={visitors} />
      {persons.length === 0 && <p className="muted">Ingen ännu.</p>}
      <ul>
        {persons.map((person, index) => {
          const name = readFieldValue('person', person) as { name: string };
          return (
            <li key={personKey(person)}>
              <label>
                <span className="visually-hidden">Namn {index + 1}</span>
                <TextInput text={person.get('name')} fallback="" editing={editing} placeholder="Namn" maxLength={MAX_FIELD_TEXT_LENGTH} />
              </label>
              <label>
                <span className="visually-hidden">Parti {index + 1}</span>
                <TextInput
                  className="party-input"
                  text={person.get('party')}
                  fallback=""
                  editing={editing}
                  placeholder="Parti"
                  maxLength={MAX_FIELD_TEXT_LENGTH}
                />
              </label>
              {!editing.readOnly && (
                <button type="button" className="link-button" onClick={() => change(() => list.delete(list.toArray().indexOf(person), 1))}>
                  Ta bort <span className="visually-hidden">{name.name || `person ${index + 1}`}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!editing.readOnly && (
        <button type="button" className="secondary" onClick={() => change(() => list.push([newPersonMap()]))}>
          Lägg till person
        </button>
      )}
    </fieldset>
  );
}

function FieldInput({
  spec,
  slot,
  editing,
  awareness,
  visitors,
}: {
  spec: FieldSpec;
  slot: unknown;
  editing: Editing;
  awareness: Awareness | null;
  visitors?: FieldVisitor[];
}) {
  const id = useId();
  const value: FieldValue | undefined = slot === undefined ? undefined : readFieldValue(spec.kind, slot);
  const issues = value === undefined ? [] : fieldIssues(spec, value).filter((issue) => !issue.endsWith('saknas.'));
  const shape = shapeOfKind(spec.kind);
  if (shape !== 'text' && hasShape(slot, shape)) {
    return (
      <FieldArea field={spec.key} awareness={awareness} className={shape === 'persons' ? 'field field-wide' : 'field'}>
        {shape === 'person' ? (
          <PersonInput spec={spec} map={slot as Y.Map<unknown>} editing={editing} visitors={visitors} />
        ) : (
          <PersonsInput spec={spec} list={slot as Y.Array<unknown>} editing={editing} visitors={visitors} />
        )}
        <Issues id={`${id}-issues`} issues={issues} />
      </FieldArea>
    );
  }
  return (
    <FieldArea field={spec.key} awareness={awareness} className="field">
      <div className="field-label">
        <label htmlFor={id}>
          {spec.label}
          {spec.required && (
            <span className="required-mark" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
        <Visitors visitors={visitors} />
      </div>
      <TextInput
        id={id}
        name={spec.key}
        type="text"
        text={slot}
        fallback={typeof value === 'string' ? value : ''}
        editing={editing}
        placeholder={spec.kind === 'date' ? (spec.hint ?? 'ÅÅÅÅ-MM-DD') : spec.hint}
        required={spec.required}
        maxLength={MAX_FIELD_TEXT_LENGTH}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
      />
      <Issues id={`${id}-issues`} issues={issues} />
    </FieldArea>
  );
}

export function HeaderFields({ doc, specs, readOnly, awareness }: Props) {
  const meta = useMeta(doc);
  const editing = useHeaderUndo(doc, readOnly);
  const presence = useFieldPresence(awareness);
  const titleId = useId();
  const fields = meta.get(FIELDS);
  const slots = fields instanceof Y.Map ? (fields as Y.Map<unknown>) : null;
  useEffect(() => () => announceField(awareness, null), [awareness]);
  return (
    <section className="header-fields" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`} className="visually-hidden">
        Rubrikfält
      </h2>
      <FieldArea field={TITLE} awareness={awareness} className="field field-wide">
        <div className="field-label">
          <label htmlFor={titleId}>Titel</label>
          <Visitors visitors={presence.get(TITLE)} />
        </div>
        <TextInput
          id={titleId}
          className="title-input"
          type="text"
          text={meta.get(TITLE)}
          fallback={readTitle(doc)}
          editing={editing}
          maxLength={MAX_TITLE_LENGTH}
        />
      </FieldArea>
      {specs.map((spec) => (
        <FieldInput
          key={spec.key}
          spec={spec}
          slot={slots?.get(spec.key)}
          editing={editing}
          awareness={awareness}
          visitors={presence.get(spec.key)}
        />
      ))}
    </section>
  );
}
