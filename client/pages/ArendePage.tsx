/** One ärende: its facts, its meetings, its documents and who is working in each right now. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_TYPES, formatPerson, isDocumentStatus, statusLabel } from '../../shared/model';
import { api, ApiError, type ArendeView, type Meeting } from '../app/api';
import { useActiveTemplates } from '../app/templates';
import { navigate, onLinkClick } from '../app/router';
import { BeslutsplaneringEditor } from './BeslutsplaneringEditor';

function message(caught: unknown, fallback: string): string {
  return caught instanceof ApiError ? caught.message : fallback;
}

export function ArendePage({ arendeId }: { arendeId: string }) {
  const [arende, setArende] = useState<ArendeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notUpdated, setNotUpdated] = useState<string | null>(null);
  const [type, setType] = useState<string>(DOCUMENT_TYPES[0]!.key);
  // The organisation's own names for its document types; the shipped defaults until they have loaded.
  const documentTypes = useActiveTemplates()?.documentTypes ?? DOCUMENT_TYPES;
  const [title, setTitle] = useState('');

  const load = useCallback(
    () =>
      api<ArendeView>('GET', `/api/arenden/${arendeId}`).then(setArende, (caught: unknown) =>
        setError(message(caught, 'Ärendet kunde inte hämtas.')),
      ),
    [arendeId],
  );

  useEffect(() => {
    void load();
    // Who is working where changes by the minute; a light poll keeps the page honest.
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load]);

  const saveMeetings = async (beslutsplanering: Meeting[]) => {
    setError(null);
    setNotUpdated(null);
    try {
      const saved = await api<{ notUpdated?: { message: string } }>('PATCH', `/api/arenden/${arendeId}`, { beslutsplanering });
      // Saved; a document that could not be brought in step now shows it when it next opens.
      if (saved.notUpdated) setNotUpdated(saved.notUpdated.message);
      await load();
    } catch (caught) {
      setError(message(caught, 'Beslutsplaneringen kunde inte sparas.'));
      throw caught;
    }
  };

  const createDocument = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { id } = await api<{ id: string }>('POST', '/api/documents', { type, title, arendeId });
      navigate(`/d/${id}`);
    } catch (caught) {
      setError(message(caught, 'Dokumentet kunde inte skapas.'));
    }
  };

  if (!arende)
    return (
      <main id="main" className="document-list-page">
        {error ?? 'Hämtar ärendet…'}
      </main>
    );
  // Its handläggare, a nämndsekreterare and administrators may change it (the server checks).
  const mayManage = (arende as ArendeView & { mayManage?: boolean }).mayManage !== false;
  // Planning the meetings is the nämndsekreterare's (issue 16); the handläggare sees the plan.
  const mayPlan = (arende as ArendeView & { mayPlan?: boolean }).mayPlan !== false;
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notUpdated && <p role="status">{notUpdated}</p>}
      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">Uppgifter</h2>
        <dl className="arende-facts">
          <dt>Diarienummer</dt>
          <dd>{arende.diarienummer}</dd>
          <dt>Ärendemening</dt>
          <dd>{arende.arendemening}</dd>
          <dt>Nämnd</dt>
          <dd>{arende.namnd || <span className="muted">Inte angiven</span>}</dd>
          <dt>Handläggare</dt>
          <dd>{arende.handlaggareName ?? <span className="muted">Ingen vald</span>}</dd>
        </dl>
      </section>
      <section aria-labelledby="planering-heading">
        <h2 id="planering-heading">Beslutsplanering</h2>
        <p className="muted">Ärendets sammanträden visas i dokumentens beslutsplanering och ändras bara här.</p>
        {mayPlan ? (
          <BeslutsplaneringEditor meetings={arende.beslutsplanering} onChange={saveMeetings} />
        ) : arende.beslutsplanering.length > 0 ? (
          <ul>
            {arende.beslutsplanering.map((meeting) => (
              <li key={`${meeting.organ} ${meeting.date}`}>
                {meeting.organ} {meeting.date}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Inga sammanträden planerade.</p>
        )}
      </section>
      <section aria-labelledby="arende-docs-heading">
        <h2 id="arende-docs-heading">Dokument i ärendet</h2>
        {arende.documents.length === 0 && <p className="muted">Inga dokument ännu.</p>}
        <ul className="documents">
          {arende.documents.map((document) => (
            <li key={document.id}>
              <a href={`/d/${document.id}`} onClick={onLinkClick}>
                {document.title}
              </a>
              <span className="doc-meta">
                {document.typeLabel} · {isDocumentStatus(document.status) ? statusLabel(document.status) : document.status}
              </span>
              <span className="doc-meta">
                {document.present.length > 0
                  ? `Arbetar i dokumentet nu: ${document.present.map((person) => formatPerson({ name: person.name, party: person.party ?? undefined })).join(', ')}`
                  : 'Ingen arbetar i dokumentet just nu'}
              </span>
            </li>
          ))}
        </ul>
        {mayManage && <h3>Nytt dokument i ärendet</h3>}
        {mayManage && (
          <form onSubmit={(event) => void createDocument(event)} className="inline-form">
            <label htmlFor="arende-new-type">Dokumenttyp</label>
            <select id="arende-new-type" value={type} onChange={(event) => setType(event.target.value)}>
              {documentTypes.map((documentType) => (
                <option key={documentType.key} value={documentType.key}>
                  {documentType.label}
                </option>
              ))}
            </select>
            <label htmlFor="arende-new-title">Titel</label>
            <input id="arende-new-title" value={title} onChange={(event) => setTitle(event.target.value)} required />
            <button type="submit">Skapa</button>
          </form>
        )}
      </section>
    </main>
  );
}
