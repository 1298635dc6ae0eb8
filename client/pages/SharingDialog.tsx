/** Who may do what with the document: people and groups with a role; the owner changes it. */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';

type Role = 'owner' | 'editor' | 'suggester' | 'commenter' | 'reader';
interface Entry {
  principalType: 'user' | 'group';
  principalId: string;
  role: Role;
}
interface Named {
  id: string;
  name: string;
  party?: string | null;
}

const ROLES: Array<[Role, string]> = [
  ['owner', 'Ägare'],
  ['editor', 'Redaktör'],
  ['suggester', 'Föreslå ändringar'],
  ['commenter', 'Kommentator'],
  ['reader', 'Läsare'],
];

export function SharingDialog({ documentId, canChange, onClose }: { documentId: string; canChange: boolean; onClose(): void }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [users, setUsers] = useState<Named[]>([]);
  const [groups, setGroups] = useState<Named[]>([]);
  const [adding, setAdding] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([
      api<{ entries: Entry[] }>('GET', `/api/documents/${documentId}/access`),
      api<{ users: Named[] }>('GET', '/api/users'),
      api<{ groups: Named[] }>('GET', '/api/groups'),
    ]).then(
      ([access, people, teams]) => {
        setEntries(access.entries);
        setUsers(people.users);
        setGroups(teams.groups);
      },
      (caught: unknown) => setMessage(caught instanceof ApiError ? caught.message : 'Delningen kunde inte hämtas.'),
    );
  }, [documentId]);

  const nameOf = (entry: Entry) =>
    (entry.principalType === 'user' ? users : groups).find((named) => named.id === entry.principalId)?.name ?? 'Okänd';

  const save = async () => {
    try {
      await api('PUT', `/api/documents/${documentId}/access`, { entries });
      setMessage('Sparat.');
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : 'Delningen kunde inte sparas.');
    }
  };

  return (
    <ModalDialog
      title="Dela dokumentet"
      onClose={onClose}
      actions={
        canChange && (
          <button type="button" onClick={() => void save()}>
            Spara
          </button>
        )
      }
    >
      <table>
        <thead>
          <tr>
            <th scope="col">Person eller grupp</th>
            <th scope="col">Roll</th>
            {canChange && (
              <th scope="col">
                <span className="visually-hidden">Ta bort</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={`${entry.principalType}:${entry.principalId}`}>
              <td>
                {nameOf(entry)} {entry.principalType === 'group' && <span className="muted">(grupp)</span>}
              </td>
              <td>
                <select
                  aria-label={`Roll för ${nameOf(entry)}`}
                  value={entry.role}
                  disabled={!canChange}
                  onChange={(event) =>
                    setEntries(entries.map((other, at) => (at === index ? { ...other, role: event.target.value as Role } : other)))
                  }
                >
                  {ROLES.map(([role, label]) => (
                    <option key={role} value={role}>
                      {label}
                    </option>
                  ))}
                </select>
              </td>
              {canChange && (
                <td>
                  <button type="button" className="link-button" onClick={() => setEntries(entries.filter((_, at) => at !== index))}>
                    Ta bort <span className="visually-hidden">{nameOf(entry)}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canChange && (
        <div className="inline-form">
          <label htmlFor="share-add">Lägg till</label>
          <select id="share-add" value={adding} onChange={(event) => setAdding(event.target.value)}>
            <option value="">Välj person eller grupp…</option>
            {users.map((person) => (
              <option key={person.id} value={`user:${person.id}`}>
                {person.name}
                {person.party ? ` (${person.party})` : ''}
              </option>
            ))}
            {groups.map((group) => (
              <option key={group.id} value={`group:${group.id}`}>
                {group.name} (grupp)
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary"
            disabled={!adding}
            onClick={() => {
              const [principalType, principalId] = adding.split(':') as ['user' | 'group', string];
              if (!entries.some((entry) => entry.principalType === principalType && entry.principalId === principalId)) {
                setEntries([...entries, { principalType, principalId, role: 'reader' }]);
              }
              setAdding('');
            }}
          >
            Lägg till
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </ModalDialog>
  );
}
