/** Ärenden: search and register, and one ärende with its documents and who is in each now. */
import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_TYPES, isDocumentStatus, statusLabel } from '../../shared/model';
import { api, ApiError } from '../app/api';
import { navigate, onLinkClick } from '../app/router';

interface Arende {
  id: string;
  diarienummer: string;
  arendemening: string;
  namnd: string;
  beslutsplanering: Array<{ organ: string; date: string }>;
}
interface ArendeDocument {
  id: string;
  title: string;
  typeLabel: string;
  status: string;
  present: Array<{ name: string; party: string | null }>;
}

export function ArendenPage() {
  const [arenden, setArenden] = useState<Arende[]>([]);
  const [query, setQuery] = useState('');
  const [form, setForm] = useState({ diarienummer: '', arendemening: '', namnd: '' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ arenden: Arende[] }>('GET', `/api/arenden?q=${encodeURIComponent(query)}`).then((result) => setArenden(result.arenden), () => undefined);
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { arende } = await api<{ arende: Arende }>('POST', '/api/arenden', form);
      navigate(`/arenden/${arende.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Ärendet kunde inte registreras.');
    }
  };

  return (
    <main id="main" className="document-list-page">
      <h1>Ärenden</h1>
      <section aria-labelledby="new-arende-heading">
        <h2 id="new-arende-heading">Registrera ett ärende</h2>
        <form onSubmit={(event) => void create(event)} className="stacked-form">
          <label>
            Diarienummer
            <input value={form.diarienummer} placeholder="ASN-2023-13451" onChange={(event) => setForm({ ...form, diarienummer: event.target.value })} />
          </label>
          <label>
            Ärendemening
            <input value={form.arendemening} onChange={(event) => setForm({ ...form, arendemening: event.target.value })} />
          </label>
          <label>
            Nämnd
            <input value={form.namnd} placeholder="Arbetsmarknads- och socialnämnden" onChange={(event) => setForm({ ...form, namnd: event.target.value })} />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit">Registrera</button>
        </form>
      </section>
      <section aria-labelledby="arenden-heading">
        <h2 id="arenden-heading">Alla ärenden</h2>
        <label htmlFor="arende-search">Sök på diarienummer eller ärendemening</label>
        <input id="arende-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        <ul className="documents">
          {arenden.map((arende) => (
            <li key={arende.id}>
              <a href={`/arenden/${arende.id}`} onClick={onLinkClick}>
                {arende.diarienummer} – {arende.arendemening}
              </a>
              <span className="doc-meta">{arende.namnd}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

export function ArendePage({ arendeId }: { arendeId: string }) {
  const [arende, setArende] = useState<(Arende & { documents: ArendeDocument[] }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [type, setType] = useState<string>(DOCUMENT_TYPES[0]!.key);
  const [title, setTitle] = useState('');

  useEffect(() => {
    const load = () =>
      api<Arende & { documents: ArendeDocument[] }>('GET', `/api/arenden/${arendeId}`).then(setArende, (caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : 'Ärendet kunde inte hämtas.'),
      );
    void load();
    // Who is working where changes by the minute; a light poll keeps the page honest.
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [arendeId]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { id } = await api<{ id: string }>('POST', '/api/documents', { type, title, arendeId });
      navigate(`/d/${id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte skapas.');
    }
  };

  if (!arende) return <main id="main">{error ?? 'Hämtar ärendet…'}</main>;
  return (
    <main id="main" className="document-list-page">
      <p>
        <a href="/arenden" onClick={onLinkClick}>
          ← Ärenden
        </a>
      </p>
      <h1>
        {arende.diarienummer} {arende.arendemening}
      </h1>
      <section aria-labelledby="planering-heading">
        <p>{arende.namnd}</p>
        <h2 id="planering-heading">Beslutsplanering</h2>
        {arende.beslutsplanering.length === 0 ? (
          <p className="muted">Inga sammanträden inlagda.</p>
        ) : (
          <ul>
            {arende.beslutsplanering.map((meeting) => (
              <li key={`${meeting.organ}${meeting.date}`}>
                {meeting.organ} {meeting.date}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="arende-docs-heading">
        <h2 id="arende-docs-heading">Dokument i ärendet</h2>
        <ul className="documents">
          {arende.documents.map((document) => (
            <li key={document.id}>
              <a href={`/d/${document.id}`} onClick={onLinkClick}>
                {document.title}
              </a>
              <span className="doc-meta">
                {document.typeLabel} · {isDocumentStatus(document.status) ? statusLabel(document.status) : document.status}
                {document.present.length > 0 && ` · arbetar nu: ${document.present.map((person) => person.name).join(', ')}`}
              </span>
            </li>
          ))}
        </ul>
        <form onSubmit={(event) => void create(event)} className="inline-form">
          <label htmlFor="arende-new-type">Nytt dokument</label>
          <select id="arende-new-type" value={type} onChange={(event) => setType(event.target.value)}>
            {DOCUMENT_TYPES.map((documentType) => (
              <option key={documentType.key} value={documentType.key}>
                {documentType.label}
              </option>
            ))}
          </select>
          <label htmlFor="arende-new-title">Titel</label>
          <input id="arende-new-title" value={title} onChange={(event) => setTitle(event.target.value)} />
          <button type="submit">Skapa</button>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}
