/**
 * A labelled text box with send and cancel, for a new thread, a reply or an edit. With `mentions`,
 * typing "@" and the beginning of a name opens a list of people (a listbox the text box controls:
 * arrow keys move, Enter or Tab picks, Escape closes); those who cannot see the document are
 * marked, and picking one offers the owner to share it with them as commenter, or tells anyone
 * else that they will not be told.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { cleanText } from '../../shared/model/text';
import { MAX_COMMENT_LENGTH, MAX_MENTIONS, type Mention } from '../../shared/review/reviewSchema';
import { usePath } from '../app/router';
import {
  loadMentionable,
  matching,
  mentionQuery,
  mentionsIn,
  shareAsCommenter,
  type Mentionable,
  type MentionableList,
} from '../notifications/mentions';

interface Props {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  /** Offer @mentions (new comments and replies; an edit keeps the mentions it was written with). */
  mentions?: boolean;
  onSubmit(body: string, mentions: Mention[]): void;
  onCancel?(): void;
}

export function CommentForm({ label, submitLabel, initial = '', autoFocus, mentions: offerMentions, onSubmit, onCancel }: Props) {
  const [body, setBody] = useState(initial);
  const [caret, setCaret] = useState(initial.length);
  const [people, setPeople] = useState<MentionableList | null>(null);
  const [chosen, setChosen] = useState<Mention[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ person: Mentionable; shared?: boolean; problem?: string } | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const documentId = /^\/d\/([\w-]+)/.exec(usePath())?.[1];

  const query = offerMentions && documentId ? mentionQuery(body, caret) : null;
  useEffect(() => {
    if (!query || people || !documentId) return;
    loadMentionable(documentId).then(setPeople, () => setPeople({ people: [], mayShare: false }));
  }, [query, people, documentId]);
  const options = query && closedAt !== query.start && people ? matching(people.people, query.query) : [];
  const open = options.length > 0;
  const active = open ? Math.min(highlighted, options.length - 1) : -1;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // What the server would refuse is made fit here, so a comment is never lost to a refusal:
    // a pasted control character becomes U+FFFD (visible), the box stops at the length limit.
    const text = cleanText(body.trim());
    if (!text) return;
    onSubmit(text, mentionsIn(text, chosen).slice(0, MAX_MENTIONS));
    setBody('');
    setChosen([]);
    setNotice(null);
  };

  const pick = (person: Mentionable) => {
    if (!query) return;
    const written = `@${person.name} `;
    const next = body.slice(0, query.start) + written + body.slice(caret);
    const at = query.start + written.length;
    setBody(next);
    setCaret(at);
    setHighlighted(0);
    if (person.hasAccess) {
      setChosen((current) => [...current, { userId: person.id, name: person.name }]);
      setNotice(null);
    } else setNotice({ person });
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(at, at);
    });
  };

  const share = async (person: Mentionable) => {
    if (!documentId) return;
    try {
      await shareAsCommenter(documentId, person.id);
      setPeople(
        (current) => current && { ...current, people: current.people.map((p) => (p.id === person.id ? { ...p, hasAccess: true } : p)) },
      );
      setChosen((current) => [...current, { userId: person.id, name: person.name }]);
      setNotice({ person, shared: true });
    } catch (error) {
      setNotice({ person, problem: error instanceof Error ? error.message : 'Dokumentet kunde inte delas. Försök igen.' });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlighted((active + step + options.length) % options.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        pick(options[active]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setClosedAt(query!.start);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
    if (event.key === 'Escape' && onCancel) onCancel();
  };
  const listId = `${id}-people`;
  return (
    <form className="comment-form" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={textarea}
        value={body}
        rows={3}
        maxLength={MAX_COMMENT_LENGTH}
        autoFocus={autoFocus}
        // A textarea may not take the combobox role; as a textbox it still names its list and the
        // highlighted person, and the count is announced below.
        aria-autocomplete={offerMentions ? 'list' : undefined}
        aria-controls={offerMentions ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          setBody(event.target.value);
          setCaret(event.target.selectionStart);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {offerMentions && (
        <ul id={listId} role="listbox" aria-label="Personer att nämna" className="mention-list" hidden={!open}>
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'mention-option mention-option-active' : 'mention-option'}
              onMouseDown={(event) => {
                // Keeps the focus (and the caret) in the text box.
                event.preventDefault();
                pick(person);
              }}
            >
              {person.name}
              {person.title ? <span className="mention-title"> · {person.title}</span> : null}
              {!person.hasAccess && <span className="mention-no-access"> (har inte tillgång)</span>}
            </li>
          ))}
        </ul>
      )}
      {offerMentions && (
        <p className="visually-hidden" aria-live="polite">
          {open ? `${options.length} ${options.length === 1 ? 'person' : 'personer'} att nämna; välj med pilarna och Enter.` : ''}
        </p>
      )}
      {notice && (
        <p className="mention-notice" role="status">
          {notice.problem ? (
            notice.problem
          ) : notice.shared ? (
            `Dokumentet är delat med ${notice.person.name} som kommentator.`
          ) : people?.mayShare ? (
            <>
              {notice.person.name} har inte tillgång till dokumentet och får ingen avisering.{' '}
              <button type="button" className="link-button" onClick={() => void share(notice.person)}>
                Dela med {notice.person.name} (kommentator)
              </button>
            </>
          ) : (
            `${notice.person.name} kan inte se dokumentet och får ingen avisering. Be dokumentets ägare att dela det.`
          )}
        </p>
      )}
      <div className="comment-form-actions">
        <button type="submit" disabled={!body.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Avbryt
          </button>
        )}
      </div>
    </form>
  );
}
