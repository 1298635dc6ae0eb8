/**
 * Bilagor to a decided document: the generated closing lines, a way for a member of a party group
 * to start a särskilt yttrande or a reservation with co-signers from the same group (who sign at
 * once) or invited politicians of other groups (named only once they confirm), and, for an invitee,
 * the invitation to confirm or decline. Only a ledamot or ersättare of the document's nämnd may
 * start one, and its signatories may withdraw it before justering. The server enforces all of it;
 * this only offers what it accepts.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../app/api';
import { navigate, onLinkClick } from '../app/router';

interface Person {
  id: string;
  name: string;
  party: string | null;
  disabled?: boolean;
}

interface Invitation {
  bilagaId: string;
  type: string;
  title: string;
  state: 'inbjuden' | 'bekraftad' | 'avbojd';
  invitedBy: string;
}

const TYPE_WORDS: Record<string, string> = { sarskilt_yttrande: 'ett särskilt yttrande', reservation: 'en reservation' };

/** What the server offers the caller on this document (GET …/bilagor). */
interface Offer {
  invitations?: Invitation[];
  mayFile?: boolean;
  filingRefusal?: string | null;
  withdrawable?: Array<{ bilagaId: string; type: string; title: string }>;
}

interface Group {
  id: string;
  name: string;
  kind: string;
  members: string[];
}

export function BilagaPanel({ documentId, closingLines, self }: { documentId: string; closingLines: string[]; self: string }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [otherPoliticians, setOtherPoliticians] = useState<Person[]>([]);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [offer, setOffer] = useState<Offer>({});
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
        const inOtherGroups = new Set(groups.filter((group) => group.kind === 'parti' && group !== own).flatMap((group) => group.members));
        setOtherPoliticians(
          own
            ? users.filter(
                (person) => person.id !== self && !person.disabled && inOtherGroups.has(person.id) && !own.members.includes(person.id),
              )
            : [],
        );
      },
      () => setPartyGroup(null),
    );
  }, [self]);

  // The caller's own invitations to co-sign; read again after each answer.
  const [answered, setAnswered] = useState(0);
  useEffect(() => {
    let live = true;
    api<Offer>('GET', `/api/documents/${documentId}/bilagor`).then(
      (answer) => {
        if (!live) return;
        setInvitations(answer.invitations ?? []);
        setOffer(answer);
      },
      () => live && setInvitations([]),
    );
    return () => {
      live = false;
    };
  }, [documentId, answered]);

  const respond = async (invitation: Invitation, answer: 'confirm' | 'decline') => {
    try {
      await api('POST', `/api/documents/${documentId}/bilagor/${invitation.bilagaId}/${answer}`, {});
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Svaret kunde inte sparas.');
    }
    setAnswered((count) => count + 1);
  };

  const withdraw = async (bilaga: { bilagaId: string; type: string; title: string }) => {
    const what = TYPE_WORDS[bilaga.type] ?? 'en bilaga';
    if (!window.confirm(`Återkalla ${what} (${bilaga.title})? Raden om den försvinner ur dokumentets slutrader.`)) return;
    try {
      await api('POST', `/api/documents/${documentId}/bilagor/${bilaga.bilagaId}/withdraw`, {});
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Bilagan kunde inte återkallas.');
    }
    setAnswered((count) => count + 1);
  };

  const cosignerBox = (person: Person) => (
    <label key={person.id} className="checkbox">
      <input
        type="checkbox"
        checked={cosigners.includes(person.id)}
        onChange={(event) => setCosigners(event.target.checked ? [...cosigners, person.id] : cosigners.filter((id) => id !== person.id))}
      />
      {person.name}
      {person.party ? ` (${person.party})` : ''}
    </label>
  );

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
      {invitations
        .filter((invitation) => invitation.state !== 'avbojd')
        .map((invitation) => (
          <div key={invitation.bilagaId} className="bilaga-invitation" role="group" aria-label={`Inbjudan: ${invitation.title}`}>
            {invitation.state === 'inbjuden' ? (
              <>
                <p>
                  Du har bjudits in att underteckna {TYPE_WORDS[invitation.type] ?? 'en bilaga'} av {invitation.invitedBy}:{' '}
                  {invitation.title}. Du namnges i dokumentet först när du bekräftar.
                </p>
                <button type="button" onClick={() => void respond(invitation, 'confirm')}>
                  Bekräfta
                </button>{' '}
                <button type="button" onClick={() => void respond(invitation, 'decline')}>
                  Avböj
                </button>
              </>
            ) : (
              <p>
                Du undertecknar {invitation.title}.{' '}
                <a href={`/d/${invitation.bilagaId}`} onClick={onLinkClick}>
                  Öppna bilagan
                </a>{' '}
                <button type="button" onClick={() => void respond(invitation, 'decline')}>
                  Dra tillbaka
                </button>
              </p>
            )}
          </div>
        ))}
      {(offer.withdrawable ?? []).map((bilaga) => (
        <p key={bilaga.bilagaId} className="bilaga-own">
          Du undertecknar {TYPE_WORDS[bilaga.type] ?? 'en bilaga'}:{' '}
          <a href={`/d/${bilaga.bilagaId}`} onClick={onLinkClick}>
            {bilaga.title}
          </a>{' '}
          <button type="button" onClick={() => void withdraw(bilaga)}>
            Återkalla bilagan
          </button>
        </p>
      ))}
      {partyGroup === null && (
        <p className="muted">Särskilda yttranden och reservationer skrivs av ledamöter och ersättare i en partigrupp.</p>
      )}
      {partyGroup && offer.mayFile === false && offer.filingRefusal && <p className="muted">{offer.filingRefusal}</p>}
      {error && !(partyGroup && offer.mayFile !== false) && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {partyGroup && offer.mayFile !== false && (
        <form onSubmit={(event) => void create(event)} className="stacked-form">
          <label htmlFor="bilaga-type">Skriv en bilaga</label>
          <select id="bilaga-type" value={type} onChange={(event) => setType(event.target.value as typeof type)}>
            <option value="sarskilt_yttrande">Särskilt yttrande</option>
            <option value="reservation">Reservation</option>
          </select>
          <fieldset>
            <legend>Medundertecknare från {partyGroup.name}</legend>
            {people.map(cosignerBox)}
          </fieldset>
          {otherPoliticians.length > 0 && (
            <fieldset>
              <legend>Bjud in politiker från andra partigrupper</legend>
              <p className="muted">De namnges i bilagan och i dokumentet först när de själva har bekräftat.</p>
              {otherPoliticians.map(cosignerBox)}
            </fieldset>
          )}
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
