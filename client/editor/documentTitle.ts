/** The browser tab names the open document, so that a person with many tabs finds it. */
import { useEffect } from 'react';

export const APP_NAME = 'Yttra';

export function tabTitle(documentTitle: string): string {
  const title = documentTitle.trim();
  return title ? `${title} – ${APP_NAME}` : APP_NAME;
}

/** Shows `documentTitle` in the tab while the page is open; the app's own name again after. */
export function useDocumentTitle(documentTitle: string): void {
  useEffect(() => {
    document.title = tabTitle(documentTitle);
  }, [documentTitle]);
  useEffect(
    () => () => {
      document.title = APP_NAME;
    },
    [],
  );
}
