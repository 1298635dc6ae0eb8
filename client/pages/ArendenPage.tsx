/** Ärenden: search the register, and register a new ärende. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Arende, type SessionUser } from '../app/api';
import { navigate, onLinkClick } from '../app/router';
import { diarienummerExamples } from '../../shared/model/diarienummer';

type Person = Pick<SessionUser, 'id' | 'name' | 'title'>;

const EMPTY_FORM = { diarienummer: '', arendemening: '', namnd: '', handlaggare: '' };

/** `mayRegister`: a nämndsekreterare or administrator, who registers ärenden (the server decides). */
export function ArendenPage({ mayRegister = true }: { mayRegister?: boolean }) {
  const [arenden, setArenden] = useState<Arende[] | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [query, setQuery] = useState('');
  const [form, setForm] = useState(EMPTY_FORM);
  const [listError, setListError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ arenden: Arende[] }>('GET', `/api/arenden?q=${encodeURIComponent(query)}`).then(
        (result) => {
          setArenden(result.arenden);
          setListError(null);
        },
        (caught: unknown) => setListError(caught instanceof ApiError ? caught.message : 'Ärendena kunde inte hämtas.'),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    // Without the list the form still works: the ärende is registered without a handläggare.
    api<{ users: Person[] }>('GET', '/api/users').then(
      (result) => setPeople(result.users),
      () => setFormError('Listan över handläggare kunde inte hämtas.'),
    );
  }, []);

  const register = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    try {
      const { arende } = await api<{ arende: Arende }>('POST', '/api/arenden', { ...form, handlaggare: form.handlaggare || null });
      navigate(`/arenden/${arende.id}`);
    } catch (caught) {
      setFormError(caught instanceof ApiError ? caught.message : 'Ärendet kunde inte registreras.');
    }
  };

  const field = (key: keyof typeof EMPTY_FORM) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });

  return (
    <main id="main" className="document-list-page">
      <h1>Ärenden</h1>
      {mayRegister ? (
        <section aria-labelledby="new-arende-heading">
          <h2 id="new-arende-heading">Registrera ett ärende</h2>
          <form onSubmit={(event) => void register(event)} className="stacked-form">
            <label htmlFor="arende-diarienummer">Diarienummer</label>
            <input id="arende-diarienummer" {...field('diarienummer')} placeholder={`t.ex. ${diarienummerExamples()}`} required />
            <label htmlFor="arende-arendemening">Ärendemening</label>
            <input id="arende-arendemening" {...field('arendemening')} required />
            <label htmlFor="arende-namnd">Nämnd</label>
            <input id="arende-namnd" {...field('namnd')} placeholder="Arbetsmarknads- och socialnämnden" />
            <label htmlFor="arende-handlaggare">Handläggare</label>
            <select id="arende-handlaggare" {...field('handlaggare')}>
              <option value="">Ingen vald</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.title ? `${person.name}, ${person.title}` : person.name}
                </option>
              ))}
            </select>
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <button type="submit">Registrera</button>
          </form>
        </section>
      ) : (
        <p className="muted">Ärenden registreras av nämndsekreteraren. Be hen om ett nytt ärende eller en ändrad beslutsplanering.</p>
      )}
      <section aria-labelledby="arenden-heading">
        <h2 id="arenden-heading">Alla ärenden</h2>
        <label htmlFor="arende-search">Sök på diarienummer eller ärendemening</label>
        <input id="arende-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        {listError && (
          <p className="form-error" role="alert">
            {listError}
          </p>
        )}
        {arenden === null && !listError && <p>Hämtar ärenden…</p>}
        {arenden !== null && arenden.length === 0 && <p>{query.trim() ? 'Inga ärenden matchar sökningen.' : 'Inga ärenden ännu.'}</p>}
        <ul className="documents">
          {(arenden ?? []).map((arende) => (
            <li key={arende.id}>
              <a href={`/arenden/${arende.id}`} onClick={onLinkClick}>
                {arende.diarienummer} – {arende.arendemening}
              </a>
              {arende.namnd && <span className="doc-meta">{arende.namnd}</span>}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
