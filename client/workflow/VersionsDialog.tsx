/**
 * Named versions: make one, open one read-only, compare any two section by section with the
 * inserted and deleted words marked, and restore one as a new change.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { blockText } from '../../shared/doc/blocks';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { documentType } from '../../shared/model';
import type { DiffPart } from '../../shared/diff/wordDiff';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';

interface Version {
  id: string;
  name: string;
  createdAt: string;
}
interface Comparison {
  title: DiffPart[];
  sections: Array<{ key: string; title: string; changed: boolean; parts: DiffPart[] }>;
}

const CURRENT = 'current';

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="diff">
      {parts.map((part, index) =>
        part.kind === 'inserted' ? (
          <ins key={index}>{part.text}</ins>
        ) : part.kind === 'deleted' ? (
          <del key={index}>{part.text}</del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

export function VersionsDialog({ documentId, canEdit, onClose }: { documentId: string; canEdit: boolean; onClose(): void }) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(CURRENT);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [opened, setOpened] = useState<{ name: string; view: DocumentSnapshotView } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = async () => {
    const result = await api<{ versions: Version[] }>('GET', `/api/documents/${documentId}/versions`);
    setVersions(result.versions);
    if (!from && result.versions.length > 0) setFrom(result.versions[result.versions.length - 1]!.id);
  };
  useEffect(() => {
    void load();
  }, [documentId]);

  const attempt = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : 'Det gick inte.');
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('POST', `/api/documents/${documentId}/versions`, { name });
      setName('');
      setMessage('Versionen är sparad.');
      await load();
    });
  };
  const compare = () =>
    attempt(async () => setComparison(await api<Comparison>('GET', `/api/documents/${documentId}/versions/compare?from=${from}&to=${to}`)));
  const open = (version: Version) =>
    attempt(async () => setOpened({ name: version.name, view: await api<DocumentSnapshotView>('GET', `/api/documents/${documentId}/versions/${version.id}`) }));
  const restore = (version: Version) =>
    attempt(async () => {
      if (!window.confirm(`Återställ texten till "${version.name}"? Det blir en ny ändring; historiken finns kvar.`)) return;
      await api('POST', `/api/documents/${documentId}/versions/${version.id}/restore`);
      setMessage(`Texten är återställd till "${version.name}".`);
    });
  const label = (id: string) => (id === CURRENT ? 'Nuvarande text' : (versions.find((version) => version.id === id)?.name ?? ''));

  return (
    <ModalDialog title="Versioner" wide onClose={onClose}>
      {message && <p role="status">{message}</p>}
      {canEdit && (
        <form onSubmit={create} className="inline-form">
          <label htmlFor="version-name">Namn på ny version</label>
          <input id="version-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Till arbetsutskottet 2023-08-17" />
          <button type="submit">Spara version</button>
        </form>
      )}
      <ul className="versions">
        {versions.map((version) => (
          <li key={version.id}>
            <strong>{version.name}</strong> <span className="muted">{new Date(version.createdAt).toLocaleString('sv-SE')}</span>{' '}
            <button type="button" className="link-button" onClick={() => void open(version)}>
              Visa <span className="visually-hidden">{version.name}</span>
            </button>
            <a href={`/api/documents/${documentId}/export?format=docx&version=${version.id}`}>
              Word <span className="visually-hidden">för {version.name}</span>
            </a>{' '}
            {canEdit && (
              <button type="button" className="link-button" onClick={() => void restore(version)}>
                Återställ <span className="visually-hidden">{version.name}</span>
              </button>
            )}
          </li>
        ))}
        {versions.length === 0 && <li className="muted">Inga versioner ännu.</li>}
      </ul>
      {versions.length > 0 && (
        <div className="inline-form">
          <label htmlFor="compare-from">Jämför</label>
          <select id="compare-from" value={from} onChange={(event) => setFrom(event.target.value)}>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.name}
              </option>
            ))}
          </select>
          <label htmlFor="compare-to">med</label>
          <select id="compare-to" value={to} onChange={(event) => setTo(event.target.value)}>
            <option value={CURRENT}>Nuvarande text</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.name}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" onClick={() => void compare()}>
            Jämför
          </button>
        </div>
      )}
      {comparison && (
        <section className="comparison" aria-label={`Jämförelse mellan ${label(from)} och ${label(to)}`}>
          {comparison.sections.filter((section) => section.changed).length === 0 && <p>Inga skillnader i texten.</p>}
          {comparison.sections
            .filter((section) => section.changed)
            .map((section) => (
              <div key={section.key} className="comparison-section" data-section-key={section.key}>
                <h3>{section.title}</h3>
                <Diff parts={section.parts} />
              </div>
            ))}
        </section>
      )}
      {opened && (
        <section className="version-view" aria-label={`Versionen ${opened.name}, skrivskyddad`}>
          <h3>{opened.name} (skrivskyddad)</h3>
          {documentType(opened.view.type).sections.map((spec) => (
            <div key={spec.key}>
              <h4>{spec.title}</h4>
              {(opened.view.sections.find((section) => section.key === spec.key)?.blocks ?? []).map((block, index) => (
                <p key={index}>{blockText(block)}</p>
              ))}
            </div>
          ))}
        </section>
      )}
    </ModalDialog>
  );
}
