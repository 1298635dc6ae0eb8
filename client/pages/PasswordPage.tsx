/**
 * Choosing one's own password: asked for before anything else after signing in with a one-time
 * password (from an administrator or the first start), and reachable from the top bar otherwise.
 * The server decides what is strong enough; the hint here only says the same rule beforehand.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../app/api';
import { LinkProvider } from './LinkProvider';

export function PasswordPage({ required, onChanged }: { required: boolean; onChanged(): void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeated) {
      setMessage({ text: 'De två nya lösenorden är inte lika.', error: true });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await api('PUT', '/api/session/password', { currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setRepeated('');
      setMessage({ text: 'Lösenordet är bytt. Du har loggats ut på alla andra enheter.', error: false });
      onChanged();
    } catch (caught) {
      setMessage({ text: caught instanceof ApiError ? caught.message : 'Lösenordet kunde inte bytas.', error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in password-page">
      <h1>Byt lösenord</h1>
      {required && <p>Du loggade in med ett engångslösenord. Välj ett eget lösenord innan du fortsätter.</p>}
      <form onSubmit={submit} noValidate>
        <label htmlFor="current-password">{required ? 'Engångslösenord' : 'Nuvarande lösenord'}</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          required
        />
        <label htmlFor="new-password">Nytt lösenord</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          aria-describedby="password-rule"
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          required
        />
        <p id="password-rule" className="muted">
          Minst 12 tecken. En lösenfras av några vanliga ord går bra, t.ex. ”blå cykel vid ån”.
        </p>
        <label htmlFor="repeat-password">Nytt lösenord igen</label>
        <input
          id="repeat-password"
          type="password"
          autoComplete="new-password"
          value={repeated}
          onChange={(event) => setRepeated(event.target.value)}
          required
        />
        {message && (
          <p className={message.error ? 'form-error' : undefined} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Byter…' : 'Byt lösenord'}
        </button>
      </form>
      {!required && <LinkProvider />}
    </main>
  );
}
