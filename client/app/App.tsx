/** The app shell: who is signed in, and which page the address names. */
import { useEffect, useState } from 'react';
import { api, type SessionUser } from './api';
import { ErrorBoundary } from './ErrorBoundary';
import { navigate, onLinkClick, usePath } from './router';
import { SignInPage } from '../pages/SignInPage';
import { DocumentListPage } from '../pages/DocumentListPage';
import { EditorPage } from '../pages/EditorPage';
import { AdminPage } from '../pages/AdminPage';
import { ArendenPage } from '../pages/ArendenPage';
import { ArendePage } from '../pages/ArendePage';

export function App() {
  const path = usePath();
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    api<{ user: SessionUser }>('GET', '/api/session').then(
      (result) => setUser(result.user),
      () => setUser(null),
    );
  }, []);

  if (user === undefined) return <p className="loading">Yttra startar…</p>;
  if (user === null) return <SignInPage onSignedIn={setUser} />;

  const signOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setUser(null);
    navigate('/');
  };

  const documentMatch = /^\/d\/([A-Za-z0-9_-]+)$/.exec(path);
  const arendeMatch = /^\/arenden\/([A-Za-z0-9_-]+)$/.exec(path);
  return (
    <>
      <a className="skip-link" href="#main">
        Hoppa till innehållet
      </a>
      <header className="top-bar">
        <a href="/" onClick={onLinkClick} className="brand">
          Yttra
        </a>
        <span className="signed-in">
          {user.name}
          {user.party ? ` (${user.party})` : ''}
        </span>
        <a href="/arenden" onClick={onLinkClick}>
          Ärenden
        </a>
        {user.isAdmin && (
          <a href="/admin" onClick={onLinkClick}>
            Administration
          </a>
        )}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Logga ut
        </button>
      </header>
      {documentMatch ? (
        <ErrorBoundary key={documentMatch[1]} label="Dokumentet">
          <EditorPage documentId={documentMatch[1]!} user={user} />
        </ErrorBoundary>
      ) : arendeMatch ? (
        <ArendePage key={arendeMatch[1]} arendeId={arendeMatch[1]!} />
      ) : path === '/arenden' ? (
        <ArendenPage />
      ) : path === '/admin' && user.isAdmin ? (
        <AdminPage />
      ) : (
        <DocumentListPage />
      )}
    </>
  );
}
