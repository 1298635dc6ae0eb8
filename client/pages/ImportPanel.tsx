/**
 * Import of an existing document (DOCX, text, Markdown): the server's proposal (a dry run) opens
 * in the import dialog, where the official corrects type, title and sections before creating it.
 */
import { useState } from 'react';
import { api, ApiError } from '../app/api';
import { ImportDialog, type ImportProposal } from './ImportDialog';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function contentTypeOf(file: File): string {
  if (file.name.toLowerCase().endsWith('.docx')) return DOCX;
  if (file.name.toLowerCase().endsWith('.md')) return 'text/markdown';
  return 'text/plain';
}

export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [proposal, setProposal] = useState<ImportProposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const preview = async () => {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      setProposal(await api<ImportProposal>('POST', '/api/import?dryRun=1', file, { headers: { 'content-type': contentTypeOf(file) } }));
    } catch (caught) {
      setProposal(null);
      setError(caught instanceof ApiError ? caught.message : 'Filen kunde inte läsas in.');
    } finally {
      setBusy(false);
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
          setProposal(null);
          setError(null);
        }}
      />
      <button type="button" className="secondary" disabled={!file || busy} onClick={() => void preview()}>
        Visa vad som importeras
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {file && proposal && (
        <ImportDialog file={file} contentType={contentTypeOf(file)} proposal={proposal} onClose={() => setProposal(null)} />
      )}
    </div>
  );
}
