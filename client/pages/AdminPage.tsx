/** Administration: add people and groups, and put people in groups. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../app/api';

interface User {
  id: string;
  name: string;
  email: string;
  title: string;
  party: string | null;
  disabled: boolean;
}
interface Group {
  id: string;
  name: string;
  kind: string;
  party: string | null;
  members: string[];
}

export function AdminPage() {
  const [users, setUsers] = useState<User[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [person, setPerson] = useState({ name: '', email: '', title: '', party: '', password: '' });
  const [group, setGroup] = useState({ name: '', kind: 'parti', party: '' });

  const load = async () => {
    const [people, teams] = await Promise.all([api<{ users: User[] }>('GET', '/api/users'), api<{ groups: Group[] }>('GET', '/api/groups')]);
    setUsers(people.users);
    setGroups(teams.groups);
  };
  useEffect(() => {
    void load();
  }, []);

  const attempt = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      setMessage(done);
      await load();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : 'Det gick inte.');
    }
  };

  const addPerson = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => api('POST', '/api/users', { ...person, party: person.party || null }), `${person.name} har lagts till.`);
  };
  const addGroup = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => api('POST', '/api/groups', { ...group, party: group.party || null }), `${group.name} har lagts till.`);
  };

  return (
    <main id="main" className="admin-page">
      <h1>Administration</h1>
      {message && <p role="status">{message}</p>}
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">Personer</h2>
        <ul>
          {users.map((user) => (
            <li key={user.id}>
              {user.name} {user.party ? `(${user.party})` : ''} – {user.email} {user.disabled ? '(avstängd)' : ''}{' '}
              <button type="button" className="link-button" onClick={() => void attempt(() => api('PATCH', `/api/users/${user.id}`, { disabled: !user.disabled }), user.disabled ? `${user.name} kan logga in igen.` : `${user.name} är avstängd.`)}>
                {user.disabled ? 'Aktivera' : 'Stäng av'}
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={addPerson} className="stacked-form">
          <h3>Lägg till en person</h3>
          {(['name', 'email', 'title', 'party', 'password'] as const).map((key) => (
            <label key={key}>
              {{ name: 'Namn', email: 'E-post', title: 'Titel', party: 'Parti (valfritt)', password: 'Lösenord (minst 8 tecken)' }[key]}
              <input type={key === 'password' ? 'password' : key === 'email' ? 'email' : 'text'} value={person[key]} onChange={(event) => setPerson({ ...person, [key]: event.target.value })} />
            </label>
          ))}
          <button type="submit">Lägg till</button>
        </form>
      </section>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Grupper</h2>
        <ul>
          {groups.map((team) => (
            <li key={team.id}>
              <strong>{team.name}</strong> ({team.kind}): {team.members.map((id) => users.find((user) => user.id === id)?.name ?? id).join(', ') || 'inga medlemmar'}
              <label>
                <span className="visually-hidden">Lägg till medlem i {team.name}</span>
                <select value="" onChange={(event) => void attempt(() => api('POST', `/api/groups/${team.id}/members`, { userId: event.target.value }), 'Medlemmen har lagts till.')}>
                  <option value="">Lägg till medlem…</option>
                  {users.filter((user) => !team.members.includes(user.id)).map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.name}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
        </ul>
        <form onSubmit={addGroup} className="stacked-form">
          <h3>Lägg till en grupp</h3>
          <label>
            Namn
            <input value={group.name} onChange={(event) => setGroup({ ...group, name: event.target.value })} />
          </label>
          <label>
            Slag
            <select value={group.kind} onChange={(event) => setGroup({ ...group, kind: event.target.value })}>
              <option value="forvaltning">Förvaltning</option>
              <option value="namnd">Nämnd</option>
              <option value="parti">Partigrupp</option>
            </select>
          </label>
          <label>
            Parti (för partigrupp)
            <input value={group.party} onChange={(event) => setGroup({ ...group, party: event.target.value })} />
          </label>
          <button type="submit">Lägg till</button>
        </form>
      </section>
    </main>
  );
}
