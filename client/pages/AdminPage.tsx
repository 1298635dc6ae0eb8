/**
 * Administration: people (add, edit, administrator rights, password reset, disable) and groups
 * (add, members in and out). The server enforces every rule (the last administrator, nobody
 * disabling themself); this page shows its answers.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../app/api';
import { TemplateAdmin } from './TemplateAdmin';

interface User {
  id: string;
  name: string;
  email: string;
  title: string;
  party: string | null;
  isAdmin: boolean;
  isNamndsekreterare?: boolean;
  disabled: boolean;
}
type GroupKind = 'forvaltning' | 'namnd' | 'parti';
interface Group {
  id: string;
  name: string;
  kind: GroupKind;
  party: string | null;
  members: string[];
}

const GROUP_KINDS: Record<GroupKind, string> = { forvaltning: 'Förvaltning', namnd: 'Nämnd', parti: 'Partigrupp' };

export function AdminPage() {
  const [users, setUsers] = useState<User[]>([]);
  const [groups, setGroups] = useState<Group[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [oneTime, setOneTime] = useState<{ name: string; email: string; password: string } | null>(null);
  const [person, setPerson] = useState({ name: '', email: '', title: '', party: '', password: '' });
  const [editing, setEditing] = useState<{ id: string; name: string; title: string; email: string } | null>(null);
  const [group, setGroup] = useState<{ name: string; kind: GroupKind; party: string }>({ name: '', kind: 'parti', party: '' });

  const load = async () => {
    const [people, teams] = await Promise.all([
      api<{ users: User[] }>('GET', '/api/users'),
      api<{ groups: Group[] }>('GET', '/api/groups'),
    ]);
    setUsers(people.users);
    setGroups(teams.groups);
  };
  useEffect(() => {
    void load();
  }, []);

  const attempt = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await action();
      setMessage(done);
      await load();
      return true;
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : 'Det gick inte.');
      return false;
    }
  };

  const addPerson = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => api('POST', '/api/users', { ...person, party: person.party || null }), `${person.name} har lagts till.`);
  };
  const saveEdit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const { id, ...changes } = editing;
    void attempt(() => api('PATCH', `/api/users/${id}`, changes), `${changes.name} har ändrats.`).then(
      (saved) => saved && setEditing(null),
    );
  };
  const resetPassword = (user: User) => {
    if (
      !window.confirm(
        `Återställa lösenordet för ${user.name}? Personen loggas ut överallt och måste välja ett nytt lösenord vid inloggningen.`,
      )
    )
      return;
    void attempt(async () => {
      const { password } = await api<{ password: string }>('POST', `/api/users/${user.id}/password-reset`);
      setOneTime({ name: user.name, email: user.email, password });
    }, `Lösenordet för ${user.name} är återställt.`);
  };
  const addGroup = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => api('POST', '/api/groups', { ...group, party: group.party || null }), `${group.name} har lagts till.`);
  };
  const nameOf = (id: string) => users.find((user) => user.id === id)?.name ?? id;

  return (
    <main id="main" className="admin-page">
      <h1>Administration</h1>
      {message && <p role="status">{message}</p>}
      {oneTime && (
        <div role="alert" className="one-time-password">
          <p>
            Engångslösenord för {oneTime.name} ({oneTime.email}): <code>{oneTime.password}</code>
          </p>
          <p>Lämna det till personen på ett säkert sätt. Det visas bara nu och måste bytas vid inloggningen.</p>
          <button type="button" onClick={() => setOneTime(null)}>
            Jag har noterat det
          </button>
        </div>
      )}
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">Personer</h2>
        <ul>
          {users.map((user) =>
            editing?.id === user.id ? (
              <li key={user.id}>
                <form onSubmit={saveEdit} className="stacked-form" aria-label={`Ändra ${user.name}`}>
                  {(['name', 'title', 'email'] as const).map((key) => (
                    <label key={key}>
                      {{ name: 'Namn', title: 'Titel', email: 'E-post' }[key]}
                      <input
                        type={key === 'email' ? 'email' : 'text'}
                        value={editing[key]}
                        onChange={(event) => setEditing({ ...editing, [key]: event.target.value })}
                      />
                    </label>
                  ))}
                  <button type="submit">Spara</button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Avbryt
                  </button>
                </form>
              </li>
            ) : (
              <li key={user.id}>
                {user.name} {user.party ? `(${user.party})` : ''} – {user.title ? `${user.title}, ` : ''}
                {user.email} {user.isAdmin ? '(administratör)' : ''} {user.isNamndsekreterare ? '(nämndsekreterare)' : ''}{' '}
                {user.disabled ? '(avstängd)' : ''}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setEditing({ id: user.id, name: user.name, title: user.title, email: user.email })}
                >
                  Ändra
                </button>{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void attempt(
                      () => api('PATCH', `/api/users/${user.id}`, { isAdmin: !user.isAdmin }),
                      user.isAdmin ? `${user.name} är inte längre administratör.` : `${user.name} är nu administratör.`,
                    )
                  }
                >
                  {user.isAdmin ? 'Ta bort administratörsrätt' : 'Gör till administratör'}
                </button>{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void attempt(
                      () => api('PATCH', `/api/users/${user.id}`, { isNamndsekreterare: !user.isNamndsekreterare }),
                      user.isNamndsekreterare ? `${user.name} är inte längre nämndsekreterare.` : `${user.name} är nu nämndsekreterare.`,
                    )
                  }
                >
                  {user.isNamndsekreterare ? 'Ta bort nämndsekreterarroll' : 'Gör till nämndsekreterare'}
                </button>{' '}
                <button type="button" className="link-button" onClick={() => resetPassword(user)}>
                  Återställ lösenord
                </button>{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void attempt(
                      () => api('PATCH', `/api/users/${user.id}`, { disabled: !user.disabled }),
                      user.disabled ? `${user.name} kan logga in igen.` : `${user.name} är avstängd.`,
                    )
                  }
                >
                  {user.disabled ? 'Aktivera' : 'Stäng av'}
                </button>
              </li>
            ),
          )}
        </ul>
        <form onSubmit={addPerson} className="stacked-form">
          <h3>Lägg till en person</h3>
          {(['name', 'email', 'title', 'party', 'password'] as const).map((key) => (
            <label key={key}>
              {{ name: 'Namn', email: 'E-post', title: 'Titel', party: 'Parti (valfritt)', password: 'Lösenord (minst 8 tecken)' }[key]}
              <input
                type={key === 'password' ? 'password' : key === 'email' ? 'email' : 'text'}
                value={person[key]}
                onChange={(event) => setPerson({ ...person, [key]: event.target.value })}
              />
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
              <strong>{team.name}</strong> ({GROUP_KINDS[team.kind]}
              {team.party ? `, ${team.party}` : ''}):{' '}
              {team.members.length === 0
                ? 'inga medlemmar'
                : team.members.map((id) => (
                    <span key={id} className="group-member">
                      {nameOf(id)}{' '}
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Ta bort ${nameOf(id)} ur ${team.name}`}
                        onClick={() =>
                          void attempt(
                            () => api('DELETE', `/api/groups/${team.id}/members/${id}`),
                            `${nameOf(id)} är inte längre med i ${team.name}.`,
                          )
                        }
                      >
                        ta bort
                      </button>{' '}
                    </span>
                  ))}
              <label>
                <span className="visually-hidden">Lägg till medlem i {team.name}</span>
                <select
                  value=""
                  onChange={(event) =>
                    void attempt(
                      () => api('POST', `/api/groups/${team.id}/members`, { userId: event.target.value }),
                      'Medlemmen har lagts till.',
                    )
                  }
                >
                  <option value="">Lägg till medlem…</option>
                  {users
                    .filter((user) => !team.members.includes(user.id))
                    .map((user) => (
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
            <select value={group.kind} onChange={(event) => setGroup({ ...group, kind: event.target.value as GroupKind })}>
              {(Object.keys(GROUP_KINDS) as GroupKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {GROUP_KINDS[kind]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Parti (för partigrupp)
            <input value={group.party} onChange={(event) => setGroup({ ...group, party: event.target.value })} />
          </label>
          <button type="submit">Lägg till</button>
        </form>
      </section>
      <TemplateAdmin />
    </main>
  );
}
