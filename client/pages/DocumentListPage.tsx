/** The start page: the documents you may see, and a new document of any type. */
import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, isDocumentStatus, statusLabel } from '../../shared/model';
import { api, ApiError, type DocumentSummary } from '../app/api';
import { useActiveTemplates } from '../app/templates';
import { navigate, onLinkClick } from '../app/router';
import { ImportPanel } from './ImportPanel';

const ROLE_LABEL: Record<string, string> = {
  owner: 'Ägare',
  editor: 'Redaktör',
  suggester: 'Föreslå ändringar',
  commenter: 'Kommentator',
  reader: 'Läsare',
};

export function DocumentListPage() {
  const [documents, setDocuments] = useState<DocumentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [type, setType] = useState<string>(DOCUMENT_TYPES[0]!.key);
  // The organisation's own names for its document types; the shipped defaults until they have loaded.
  const documentTypes = useActiveTemplates()?.documentTypes ?? DOCUMENT_TYPES;
  const [title, setTitle] = useState('');
  const [filters, setFilters] = useState({ q: '', status: '', type: '', diarienummer: '', state: 'current' });
  const [notice, setNotice] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value.trim() !== '')).toString();
    const timer = setTimeout(() => {
      api<{ documents: DocumentSummary[] }>('GET', `/api/documents${query ? `?${query}` : ''}`).then(
        (result) => {
          setDocuments(result.documents);
          setError(null);
        },
        (caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'Dokumenten kunde inte hämtas.'),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [filters, reloads]);

  /** Takes a document out of the wastebasket; it is back in the list of current documents. */
  const restore = async (doc: DocumentSummary) => {
    try {
      await api('POST', `/api/documents/${doc.id}/restore`);
      setNotice(`${doc.title} är återställt.`);
      setReloads((count) => count + 1);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte återställas.');
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { id } = await api<{ id: string }>('POST', '/api/documents', { type, title });
      navigate(`/d/${id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte skapas.');
    }
  };

  const shown = documents ?? [];
  const filtered = Object.entries(filters).some(([key, value]) => key !== 'state' && value.trim() !== '');
  const emptyText =
    filters.state === 'wastebasket'
      ? 'Papperskorgen är tom.'
      : filters.state === 'archived'
        ? 'Inga arkiverade dokument.'
        : filtered
          ? 'Inga dokument matchar filtret.'
          : 'Inga dokument ännu.';

  return (
    <main id="main" className="document-list-page">
      <h1>Dokument</h1>
      <section className="create-document" aria-labelledby="create-heading">
        <h2 id="create-heading">Nytt dokument</h2>
        <form onSubmit={create} className="inline-form">
          <label htmlFor="new-type">Dokumenttyp</label>
          <select id="new-type" value={type} onChange={(event) => setType(event.target.value)}>
            {documentTypes.map((documentType) => (
              <option key={documentType.key} value={documentType.key}>
                {documentType.label}
              </option>
            ))}
          </select>
          <label htmlFor="new-title">Titel</label>
          <input
            id="new-title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            placeholder="T.ex. Yttrande över remiss om …"
            required
          />
          <button type="submit">Skapa</button>
        </form>
        <ImportPanel />
      </section>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">Dina dokument</h2>
        <div className="inline-form filters" role="search" aria-label="Filtrera dokumenten">
          <label htmlFor="filter-state">Visa</label>
          <select id="filter-state" value={filters.state} onChange={(event) => setFilters({ ...filters, state: event.target.value })}>
            <option value="current">Aktuella</option>
            <option value="archived">Arkiverade</option>
            <option value="wastebasket">Papperskorgen</option>
          </select>
          <label htmlFor="search">Sök på titel</label>
          <input id="search" type="search" value={filters.q} onChange={(event) => setFilters({ ...filters, q: event.target.value })} />
          <label htmlFor="filter-diarienummer">Diarienummer</label>
          <input
            id="filter-diarienummer"
            value={filters.diarienummer}
            onChange={(event) => setFilters({ ...filters, diarienummer: event.target.value })}
          />
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={(event) => setFilters({ ...filters, status: event.target.value })}>
            <option value="">Alla</option>
            {DOCUMENT_STATUSES.map((status) => (
              <option key={status.key} value={status.key}>
                {status.label}
              </option>
            ))}
          </select>
          <label htmlFor="filter-type">Typ</label>
          <select id="filter-type" value={filters.type} onChange={(event) => setFilters({ ...filters, type: event.target.value })}>
            <option value="">Alla</option>
            {documentTypes.map((documentType) => (
              <option key={documentType.key} value={documentType.key}>
                {documentType.label}
              </option>
            ))}
          </select>
        </div>
        {documents === null && !error && <p>Hämtar dokument…</p>}
        {notice && <p role="status">{notice}</p>}
        {documents !== null && shown.length === 0 && <p>{emptyText}</p>}
        <ul className="documents">
          {shown.map((doc) => (
            <li key={doc.id}>
              {doc.purgeAt ? (
                <span>{doc.title}</span>
              ) : (
                <a href={`/d/${doc.id}`} onClick={onLinkClick}>
                  {doc.title}
                </a>
              )}
              <span className="doc-meta">
                {doc.typeLabel} · {isDocumentStatus(doc.status) ? statusLabel(doc.status) : doc.status} · {ROLE_LABEL[doc.role] ?? doc.role}
                {doc.privateToGroup ? ' · partiets utkast' : ''}
                {doc.archivedAt ? ' · arkiverat' : ''} · ändrad {new Date(doc.updatedAt).toLocaleString('sv-SE')}
                {doc.purgeAt ? ` · tas bort för gott ${new Date(doc.purgeAt).toLocaleDateString('sv-SE')}` : ''}
              </span>
              {doc.purgeAt && (
                <button type="button" className="secondary" onClick={() => void restore(doc)}>
                  Återställ
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
