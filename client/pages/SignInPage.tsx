import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type SessionUser } from '../app/api';

interface SignInProvider {
  id: string;
  name: string;
  url: string;
}

/** Why a sign-in through the identity provider did not go through (server: ExternalRefusal). */
export const REFUSALS: Record<string, string> = {
  refused: 'Inloggningen kunde inte bekräftas. Försök logga in igen.',
  expired: 'Inloggningen tog för lång tid eller startades i en annan flik eller webbläsare. Försök igen.',
  unavailable: 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.',
  emailTaken:
    'Det finns redan ett konto i Yttra med din e-postadress. Logga in med lösenordet och välj Koppla under Byt lösenord, eller be en administratör om hjälp.',
  noEmail: 'Inloggningstjänsten skickade ingen e-postadress för dig, och Yttra behöver en. Kontakta IT-avdelningen.',
  disabled: 'Ditt konto i Yttra är avstängt. Kontakta en administratör.',
  linkedElsewhere: 'Ditt konto hos inloggningstjänsten är redan kopplat till ett annat konto i Yttra. Kontakta en administratör.',
};

/** The provider's answer lands on /?inloggning=klar or /?inloggningsfel=<reason>; the address is then tidied. */
function providerOutcome(): { signedIn: boolean; refusal: string | null } {
  const query = new URLSearchParams(location.search);
  const signedIn = query.get('inloggning') === 'klar';
  const reason = query.get('inloggningsfel');
  if (signedIn || reason !== null) history.replaceState(null, '', location.pathname);
  return { signedIn, refusal: reason === null ? null : (REFUSALS[reason] ?? REFUSALS.refused!) };
}

export function SignInPage({ onSignedIn }: { onSignedIn(user: SessionUser): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The provider's refusal is shown by its button, not in the password form.
  const [providerError, setProviderError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<SignInProvider[]>([]);
  const [passwordSignIn, setPasswordSignIn] = useState(true);
  const signedIn = useRef(onSignedIn);
  signedIn.current = onSignedIn;

  // Once, on arrival: the provider's outcome in the address, and which providers are offered.
  useEffect(() => {
    const outcome = providerOutcome();
    if (outcome.refusal) setProviderError(outcome.refusal);
    if (outcome.signedIn)
      void api<{ user: SessionUser }>('GET', '/api/session').then(
        (result) => signedIn.current(result.user),
        () => setProviderError(REFUSALS.refused!),
      );
    void api<{ password: boolean; providers: SignInProvider[] }>('GET', '/api/session/providers').then(
      (result) => {
        setProviders(result.providers);
        setPasswordSignIn(result.password);
      },
      // An older server without the route: the password form is all there is.
      () => undefined,
    );
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setProviderError(null);
    try {
      const { user } = await api<{ user: SessionUser }>('POST', '/api/session', { email, password });
      onSignedIn(user);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Inloggningen misslyckades.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1>Logga in i Yttra</h1>
      {providers.map((provider) => (
        <p key={provider.id}>
          <a className="button" href={provider.url}>
            Logga in med {provider.name}
          </a>
        </p>
      ))}
      {providerError && (
        <p className="form-error" role="alert">
          {providerError}
        </p>
      )}
      {passwordSignIn && (
        <>
          {providers.length > 0 && <p className="muted">eller med e-postadress och lösenord:</p>}
          <form onSubmit={submit} noValidate>
            <label htmlFor="email">E-postadress</label>
            <input
              id="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
            />
            <label htmlFor="password">Lösenord</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? 'Loggar in…' : 'Logga in'}
            </button>
          </form>
          {providers.length === 0 && (
            <p className="muted">Demokonton finns listade i README och i serverns startutskrift (lösenord "yttra-demo").</p>
          )}
        </>
      )}
    </main>
  );
}
