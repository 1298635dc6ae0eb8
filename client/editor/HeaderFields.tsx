/**
 * The header fields of the document as a form, bound live to the shared `fields` map: what one
 * person types appears for everyone. Validation messages come from the shared model.
 */
import { useId } from 'react';
import type * as Y from 'yjs';
import { fieldIssues, type FieldSpec, type FieldValue, type Person } from '../../shared/model';
import { useYMap } from './hooks';

interface Props {
  fields: Y.Map<FieldValue>;
  specs: readonly FieldSpec[];
  title: string;
  onTitle(title: string): void;
  readOnly: boolean;
}

function Issues({ id, issues }: { id: string; issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <p className="field-issue" id={id} role="status">
      {issues.join(' ')}
    </p>
  );
}

function PersonInput({ spec, value, onChange, readOnly }: { spec: FieldSpec; value: Person; onChange(value: Person): void; readOnly: boolean }) {
  const id = useId();
  const part = (key: keyof Person, label: string, type = 'text') => (
    <label className="person-part">
      <span>{label}</span>
      <input
        id={`${id}-${key}`}
        type={type}
        value={value[key] ?? ''}
        readOnly={readOnly}
        onChange={(event) => onChange({ ...value, [key]: event.target.value })}
      />
    </label>
  );
  return (
    <fieldset className="person-field">
      <legend>{spec.label}</legend>
      {part('name', 'Namn')}
      {part('title', 'Titel')}
      {part('email', 'E-post', 'email')}
      {part('party', 'Parti')}
    </fieldset>
  );
}

function PersonsInput({ spec, value, onChange, readOnly }: { spec: FieldSpec; value: Person[]; onChange(value: Person[]): void; readOnly: boolean }) {
  const set = (index: number, person: Person) => onChange(value.map((entry, at) => (at === index ? person : entry)));
  return (
    <fieldset className="persons-field">
      <legend>{spec.label}</legend>
      {value.length === 0 && <p className="muted">Ingen ännu.</p>}
      <ul>
        {value.map((person, index) => (
          <li key={index}>
            <label>
              <span className="visually-hidden">Namn {index + 1}</span>
              <input value={person.name} placeholder="Namn" readOnly={readOnly} onChange={(event) => set(index, { ...person, name: event.target.value })} />
            </label>
            <label>
              <span className="visually-hidden">Parti {index + 1}</span>
              <input className="party-input" value={person.party ?? ''} placeholder="Parti" readOnly={readOnly} onChange={(event) => set(index, { ...person, party: event.target.value })} />
            </label>
            {!readOnly && (
              <button type="button" className="link-button" onClick={() => onChange(value.filter((_, at) => at !== index))}>
                Ta bort <span className="visually-hidden">{person.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <button type="button" className="secondary" onClick={() => onChange([...value, { name: '', party: '' }])}>
          Lägg till person
        </button>
      )}
    </fieldset>
  );
}

function FieldInput({ spec, value, onChange, readOnly }: { spec: FieldSpec; value: FieldValue | undefined; onChange(value: FieldValue): void; readOnly: boolean }) {
  const id = useId();
  const issues = value === undefined ? [] : fieldIssues(spec, value).filter((issue) => !issue.endsWith('saknas.'));
  if (spec.kind === 'person') {
    const person = (value as Person | undefined) ?? { name: '' };
    return (
      <div className="field">
        <PersonInput spec={spec} value={person} onChange={onChange} readOnly={readOnly} />
        <Issues id={`${id}-issues`} issues={issues} />
      </div>
    );
  }
  if (spec.kind === 'persons') {
    return (
      <div className="field field-wide">
        <PersonsInput spec={spec} value={(value as Person[] | undefined) ?? []} onChange={onChange} readOnly={readOnly} />
        <Issues id={`${id}-issues`} issues={issues} />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required && <span className="required-mark" aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        name={spec.key}
        type={spec.kind === 'date' ? 'date' : 'text'}
        value={typeof value === 'string' ? value : ''}
        placeholder={spec.hint}
        required={spec.required}
        readOnly={readOnly}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <Issues id={`${id}-issues`} issues={issues} />
    </div>
  );
}

export function HeaderFields({ fields, specs, title, onTitle, readOnly }: Props) {
  const values = useYMap(fields);
  const titleId = useId();
  return (
    <section className="header-fields" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`} className="visually-hidden">
        Rubrikfält
      </h2>
      <div className="field field-wide">
        <label htmlFor={titleId}>Titel</label>
        <input id={titleId} className="title-input" value={title} readOnly={readOnly} onChange={(event) => onTitle(event.target.value)} />
      </div>
      {specs.map((spec) => (
        <FieldInput key={spec.key} spec={spec} value={values[spec.key]} readOnly={readOnly} onChange={(value) => fields.set(spec.key, value)} />
      ))}
    </section>
  );
}
