/**
 * The completeness check, live: the same shared function the server runs before "klar för
 * arbetsutskott", evaluated on the local copy as people type (at most a few times a second).
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readDocument } from '../../shared/doc/documentState';
import { completenessIssues, type CompletenessIssue } from '../../shared/model/completeness';
import { listSuggestions } from '../../shared/suggestions/resolve';

export function useCompleteness(doc: Y.Doc | null, ready: boolean): CompletenessIssue[] {
  const [issues, setIssues] = useState<CompletenessIssue[]>([]);
  useEffect(() => {
    if (!doc || !ready) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = () => {
      timer = null;
      try {
        const next = completenessIssues({ ...readDocument(doc), suggestions: listSuggestions(doc) });
        // The same issues as before re-render nothing (the whole editor page reads them).
        setIssues((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
      } catch {
        // A document still arriving (no type yet) has nothing to check.
      }
    };
    const schedule = () => {
      timer ??= setTimeout(check, 300);
    };
    check();
    doc.on('update', schedule);
    return () => {
      doc.off('update', schedule);
      if (timer) clearTimeout(timer);
    };
  }, [doc, ready]);
  return issues;
}
