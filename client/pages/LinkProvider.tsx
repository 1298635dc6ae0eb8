/**
 * Linking one's existing Yttra account to the organisation's OpenID provider: the way an account
 * made before single sign-on (with the same e-mail address) becomes the person's there, since
 * the provider's sign-in never takes over an account by e-mail.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';

interface SignInProvider {
  id: string;
  name: string;
}

export function LinkProvider() {
  const [provider, setProvider] = useState<SignInProvider | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api<{ providers: SignInProvider[] }>('GET', '/api/session/providers').then(
      (result) => setProvider(result.providers.find((offered) => offered.id === 'oidc') ?? null),
      () => undefined,
    );
  }, []);

  if (!provider) return null;
  const link = async () => {
    setError(null);
    try {
      const { url } = await api<{ url: string }>('POST', '/api/session/oidc/link');
      window.location.assign(url);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Kopplingen kunde inte påbörjas.');
    }
  };
  return (
    <section aria-labelledby="link-provider-heading">
      <h2 id="link-provider-heading">Logga in med {provider.name}</h2>
      <p>Koppla ditt konto i Yttra till {provider.name}, så kan du logga in med det i stället för med lösenord.</p>
      <button type="button" className="secondary" onClick={() => void link()}>
        Koppla till {provider.name}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
