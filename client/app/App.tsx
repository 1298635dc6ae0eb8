/** The app shell: who is signed in, and which page the address names. */
import { useEffect, useState } from 'react';
import { api, ApiError, type SessionUser } from './api';
import { clearOfflineData, rememberedUser, rememberUser } from '../offline/offlineData';
import { ErrorBoundary } from './ErrorBoundary';
import { navigate, onLinkClick, usePath } from './router';
import { SignInPage } from '../pages/SignInPage';
import { DocumentListPage } from '../pages/DocumentListPage';
import { EditorPage } from '../pages/EditorPage';
import { AdminPage } from '../pages/AdminPage';
import { ArendenPage } from '../pages/ArendenPage';
import { ArendePage } from '../pages/ArendePage';
import { PasswordPage } from '../pages/PasswordPage';
import { NotificationBell } from '../notifications/NotificationBell';

/**
 * Whether this browser has signed in and not out since. The session cookie is HttpOnly, so the
 * page cannot see it; without this hint every first visit would ask the server who is signed in
 * and get a 401, a failed request in the console of a page that works as it should.
 */
const SIGNED_IN_HINT = 'yttra.signedIn';

function hasSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    // Storage blocked: ask the server, as before.
    return true;
  }
}

function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // Storage blocked: the hint is only an optimisation.
  }
}

export function App() {
  const path = usePath();
  const [user, setUser] = useState<SessionUser | null | undefined>(() => (hasSignedIn() ? undefined : null));

  useEffect(() => {
    if (!hasSignedIn()) return;
    api<{ user: SessionUser }>('GET', '/api/session').then(
      (result) => {
        rememberUser(result.user);
        setUser(result.user);
      },
      (caught: unknown) => {
        // The server cannot be reached (not: it said no): whoever signed in here and has not
        // signed out works on in the offline copies; the socket tells if the session is gone.
        const offlineUser = caught instanceof ApiError && caught.status === 0 ? rememberedUser() : null;
        if (offlineUser) return setUser(offlineUser);
        rememberSignedIn(false);
        setUser(null);
      },
    );
  }, []);

  const signedIn = (signedInUser: SessionUser) => {
    rememberSignedIn(true);
    rememberUser(signedInUser);
    setUser(signedInUser);
  };

  if (user === undefined) return <p className="loading">Yttra startar…</p>;
  if (user === null) return <SignInPage onSignedIn={signedIn} />;

  const signOut = async (everywhere = false) => {
    const ended = await api<{ providerSignOut?: string }>('DELETE', everywhere ? '/api/session/all' : '/api/session').catch(
      () => undefined,
    );
    rememberSignedIn(false);
    await clearOfflineData();
    // Signed in through the organisation's provider: its session ends too, and it sends the browser back.
    if (ended?.providerSignOut) return window.location.assign(ended.providerSignOut);
    setUser(null);
    navigate('/');
  };
  // After a password change the server says who is signed in now (no longer a one-time password).
  const refreshUser = () =>
    void api<{ user: SessionUser }>('GET', '/api/session').then(
      (result) => setUser(result.user),
      () => setUser(null),
    );

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
        {!user.mustChangePassword && <NotificationBell />}
        <a href="/arenden" onClick={onLinkClick}>
          Ärenden
        </a>
        {user.isAdmin && (
          <a href="/admin" onClick={onLinkClick}>
            Administration
          </a>
        )}
        {!user.mustChangePassword && (
          <a href="/losenord" onClick={onLinkClick}>
            Byt lösenord
          </a>
        )}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Logga ut
        </button>
        <button type="button" className="link-button" onClick={() => void signOut(true)}>
          Logga ut överallt
        </button>
      </header>
      {user.mustChangePassword ? (
        <PasswordPage required onChanged={refreshUser} />
      ) : path === '/losenord' ? (
        <PasswordPage required={false} onChanged={refreshUser} />
      ) : documentMatch ? (
        <ErrorBoundary key={documentMatch[1]} label="Dokumentet">
          <EditorPage documentId={documentMatch[1]!} user={user} />
        </ErrorBoundary>
      ) : arendeMatch ? (
        <ArendePage key={arendeMatch[1]} arendeId={arendeMatch[1]!} />
      ) : path === '/arenden' ? (
        <ArendenPage mayRegister={user.isAdmin || user.isNamndsekreterare === true} />
      ) : path === '/admin' && user.isAdmin ? (
        <AdminPage />
      ) : (
        <DocumentListPage />
      )}
    </>
  );
}
