/**
 * Import of an existing document (DOCX, text, Markdown): the server's report of what went where
 * is shown first, and the document is created only when the user confirms.
 */
import { useState } from 'react';
import { api, ApiError } from '../app/api';
import { navigate } from '../app/router';

interface ImportReport {
  type: { key: string; label: string; reason: string };
  entries: Array<{ kind: string; message: string }>;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function contentTypeOf(file: File): string {
  if (file.name.toLowerCase().endsWith('.docx')) return DOCX;
  if (file.name.toLowerCase().endsWith('.md')) return 'text/markdown';
  return 'text/plain';
}

export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<{ type: string; title: string; report: ImportReport } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    try {
      const result = await api<{ id?: string; type: string; title: string; report: ImportReport }>(
        'POST',
        `/api/import${dryRun ? '?dryRun=1' : ''}`,
        file,
        { headers: { 'content-type': contentTypeOf(file) } },
      );
      if (dryRun) setReport(result);
      else if (result.id) navigate(`/d/${result.id}`);
    } catch (caught) {
      setReport(null);
      setError(caught instanceof ApiError ? caught.message : 'Filen kunde inte läsas in.');
    }
  };

  return (
    <div className="import-panel">
      <h3>Importera ett befintligt dokument</h3>
      <label htmlFor="import-file">Word-, text- eller Markdown-fil</label>
      <input
        id="import-file"
        type="file"
        accept=".docx,.txt,.md"
        onChange={(event) => {
          setFile(event.target.files?.[0] ?? null);
          setReport(null);
        }}
      />
      <button type="button" className="secondary" disabled={!file} onClick={() => void send(true)}>
        Visa vad som importeras
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="import-report" role="region" aria-label="Importrapport">
          <p>
            <strong>{report.title}</strong> blir en {report.report.type.label.toLowerCase()} ({report.report.type.reason}).
          </p>
          <ul>
            {report.report.entries.map((entry, index) => (
              <li key={index}>{entry.message}</li>
            ))}
          </ul>
          <button type="button" onClick={() => void send(false)}>
            Skapa dokumentet
          </button>
        </div>
      )}
    </div>
  );
}
