/**
 * Bilagor to a decided document: the generated closing lines, and a way for a member of a party
 * group to start a särskilt yttrande or a reservation with co-signers from the same group (the
 * server enforces both; this only offers what it will accept).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../app/api';
import { navigate } from '../app/router';

interface Person {
  id: string;
  name: string;
  party: string | null;
}

interface Group {
  id: string;
  name: string;
  kind: string;
  members: string[];
}

export function BilagaPanel({ documentId, closingLines, self }: { documentId: string; closingLines: string[]; self: string }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [partyGroup, setPartyGroup] = useState<Group | null | undefined>(undefined);
  const [type, setType] = useState<'sarskilt_yttrande' | 'reservation'>('sarskilt_yttrande');
  const [cosigners, setCosigners] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api<{ users: Person[] }>('GET', '/api/users'), api<{ groups: Group[] }>('GET', '/api/groups')]).then(
      ([{ users }, { groups }]) => {
        // The same group the server files the bilaga for: the first party group the user is in.
        const own = groups.find((group) => group.kind === 'parti' && group.members.includes(self)) ?? null;
        setPartyGroup(own);
        setPeople(own ? users.filter((person) => person.id !== self && own.members.includes(person.id)) : []);
      },
      () => setPartyGroup(null),
    );
  }, [self]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { id } = await api<{ id: string }>('POST', `/api/documents/${documentId}/bilagor`, { type, cosigners });
      navigate(`/d/${id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Bilagan kunde inte skapas.');
    }
  };

  return (
    <section className="bilaga-panel" aria-labelledby="bilaga-heading">
      <h2 id="bilaga-heading">Bilagor</h2>
      {closingLines.length > 0 ? (
        <ul className="closing-lines">
          {closingLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">Inga särskilda yttranden eller reservationer anmälda.</p>
      )}
      {partyGroup === null && <p className="muted">Särskilda yttranden och reservationer skrivs av ledamöter och ersättare i en partigrupp.</p>}
      {partyGroup && (
        <form onSubmit={(event) => void create(event)} className="stacked-form">
          <label htmlFor="bilaga-type">Skriv en bilaga</label>
          <select id="bilaga-type" value={type} onChange={(event) => setType(event.target.value as typeof type)}>
            <option value="sarskilt_yttrande">Särskilt yttrande</option>
            <option value="reservation">Reservation</option>
          </select>
          <fieldset>
            <legend>Medundertecknare från {partyGroup.name}</legend>
            {people.map((person) => (
              <label key={person.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={cosigners.includes(person.id)}
                  onChange={(event) => setCosigners(event.target.checked ? [...cosigners, person.id] : cosigners.filter((id) => id !== person.id))}
                />
                {person.name}
                {person.party ? ` (${person.party})` : ''}
              </label>
            ))}
          </fieldset>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit">Skapa bilaga</button>
        </form>
      )}
    </section>
  );
}
