/**
 * Linking one's existing Yttra account to the organisation's OpenID provider: the way an account
 * made before single sign-on (with the same e-mail address) becomes the person's there, since
 * the provider's sign-in never takes over an account by e-mail.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';
import { REFUSALS } from './SignInPage';

interface SignInProvider {
  id: string;
  name: string;
}

/** The provider's answer to a linking lands on /losenord?koppling=klar or ?kopplingsfel=<reason>. */
function linkOutcome(): { text: string; error: boolean } | null {
  const query = new URLSearchParams(location.search);
  const done = query.get('koppling') === 'klar';
  const reason = query.get('kopplingsfel');
  if (!done && reason === null) return null;
  history.replaceState(null, '', location.pathname);
  if (done) return { text: 'Ditt konto är kopplat. Nästa gång kan du logga in med organisationens konto.', error: false };
  return { text: REFUSALS[reason!] ?? REFUSALS.refused!, error: true };
}

export function LinkProvider() {
  const [provider, setProvider] = useState<SignInProvider | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    setMessage(linkOutcome());
    void api<{ providers: SignInProvider[] }>('GET', '/api/session/providers').then(
      (result) => setProvider(result.providers.find((offered) => offered.id === 'oidc') ?? null),
      () => undefined,
    );
  }, []);

  if (!provider) return null;
  const link = async () => {
    setMessage(null);
    try {
      const { url } = await api<{ url: string }>('POST', '/api/session/oidc/link');
      window.location.assign(url);
    } catch (caught) {
      setMessage({ text: caught instanceof ApiError ? caught.message : 'Kopplingen kunde inte påbörjas.', error: true });
    }
  };
  return (
    <section aria-labelledby="link-provider-heading">
      <h2 id="link-provider-heading">Logga in med {provider.name}</h2>
      <p>Koppla ditt konto i Yttra till {provider.name}, så kan du logga in med det i stället för med lösenord.</p>
      <button type="button" className="secondary" onClick={() => void link()}>
        Koppla till {provider.name}
      </button>
      {message && (
        <p className={message.error ? 'form-error' : undefined} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
