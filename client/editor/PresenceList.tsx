import { sectionSpec, type DocumentType } from '../../shared/model';
import type { PresentUser } from './hooks';

export function PresenceList({ users, type }: { users: PresentUser[]; type: DocumentType }) {
  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading">Här nu</h2>
      <ul>
        {users.map((user) => (
          <li key={user.id} data-user={user.name}>
            <span className="avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
              {user.name.slice(0, 1)}
            </span>
            <span>
              {user.name}
              {user.party ? ` (${user.party})` : ''}
              {user.isSelf ? ' – du' : ''}
              {user.section && <span className="muted"> · i {sectionSpec(type, user.section)?.title ?? user.section}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
