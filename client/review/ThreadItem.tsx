/** One thread in the comments panel: its text (or that the text is gone), comments, actions. */
import { useState, type ReactNode } from 'react';
import type { CommentView, ThreadView } from '../../shared/review/reviewDoc';
import type { Mention } from '../../shared/review/reviewSchema';
import type { TextRange } from './anchors';
import { CommentForm } from './CommentForm';
import { formatTime } from './threadList';

export interface ThreadActions {
  select(thread: ThreadView): void;
  activate(thread: ThreadView): void;
  reply(thread: ThreadView, body: string, mentions: Mention[]): void;
  edit(thread: ThreadView, comment: CommentView, body: string): void;
  remove(thread: ThreadView, comment: CommentView): void;
  setResolved(thread: ThreadView, resolved: boolean): void;
}

interface Props {
  thread: ThreadView;
  /** Undefined while the editor has not placed it yet; null when its text was deleted. */
  range: TextRange | null | undefined;
  active: boolean;
  userId: string;
  canComment: boolean;
  actions: ThreadActions;
}

export function ThreadItem({ thread, range, active, userId, canComment, actions }: Props) {
  const [replying, setReplying] = useState(false);
  const detached = range === null;
  const classes = ['thread', active && 'thread-active', thread.resolved && 'thread-resolved', detached && 'thread-detached'];
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      id={`trad-${thread.id}`}
      data-thread-id={thread.id}
      aria-current={active ? 'true' : undefined}
      onFocus={() => actions.activate(thread)}
    >
      {detached ? (
        <p className="thread-quote-gone">
          <strong>Texten är borttagen</strong>
          <span className="thread-quote-text"> ”{thread.quote}”</span>
        </p>
      ) : (
        <button type="button" className="thread-quote" onClick={() => actions.select(thread)} disabled={range === undefined}>
          <span className="visually-hidden">Visa i texten: </span>”{thread.quote}”
        </button>
      )}
      {thread.resolved && (
        <p className="thread-state">
          Löst{thread.resolvedBy && ` av ${thread.resolvedBy}`}
          {thread.resolvedAt && (
            <>
              {' '}
              <time dateTime={thread.resolvedAt}>{formatTime(thread.resolvedAt)}</time>
            </>
          )}
        </p>
      )}
      <ol className="comments">
        {thread.comments.map((comment) => (
          <CommentItem
            key={comment.id}
            thread={thread}
            comment={comment}
            own={canComment && comment.authorId === userId}
            actions={actions}
          />
        ))}
      </ol>
      {canComment && (
        <div className="thread-actions">
          {replying ? (
            <CommentForm
              label="Ditt svar"
              submitLabel="Svara"
              autoFocus
              mentions
              onSubmit={(body, mentions) => {
                actions.reply(thread, body, mentions);
                setReplying(false);
              }}
              onCancel={() => setReplying(false)}
            />
          ) : (
            <button type="button" className="secondary" onClick={() => setReplying(true)}>
              Svara
            </button>
          )}
          <button type="button" className="secondary" onClick={() => actions.setResolved(thread, !thread.resolved)}>
            {thread.resolved ? 'Öppna igen' : 'Markera som löst'}
          </button>
        </div>
      )}
    </li>
  );
}

function CommentItem({
  thread,
  comment,
  own,
  actions,
}: {
  thread: ThreadView;
  comment: CommentView;
  own: boolean;
  actions: ThreadActions;
}) {
  const [mode, setMode] = useState<'show' | 'edit' | 'confirmDelete'>('show');
  return (
    <li className="comment">
      <p className="comment-meta">
        <span className="comment-author">{comment.authorName}</span>{' '}
        <time dateTime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
        {comment.editedAt && !comment.deleted && <span className="comment-edited"> (redigerad)</span>}
      </p>
      {comment.deleted ? (
        <p className="comment-deleted">Kommentaren är borttagen.</p>
      ) : mode === 'edit' ? (
        <CommentForm
          label="Ändra din kommentar"
          submitLabel="Spara"
          initial={comment.body}
          autoFocus
          onSubmit={(body) => {
            actions.edit(thread, comment, body);
            setMode('show');
          }}
          onCancel={() => setMode('show')}
        />
      ) : (
        <p className="comment-body">{withMentions(comment.body, comment.mentions)}</p>
      )}
      {own && !comment.deleted && mode === 'show' && (
        <div className="comment-actions">
          <button type="button" className="link-button" onClick={() => setMode('edit')}>
            Redigera
          </button>
          <button type="button" className="link-button" onClick={() => setMode('confirmDelete')}>
            Ta bort
          </button>
        </div>
      )}
      {own && !comment.deleted && mode === 'confirmDelete' && (
        <div className="comment-actions" role="group" aria-label="Bekräfta borttagning">
          <span>Ta bort kommentaren?</span>
          <button
            type="button"
            className="danger"
            autoFocus
            onClick={() => {
              actions.remove(thread, comment);
              setMode('show');
            }}
          >
            Ta bort
          </button>
          <button type="button" className="secondary" onClick={() => setMode('show')}>
            Avbryt
          </button>
        </div>
      )}
    </li>
  );
}

/** The comment's text with each "@name" it mentions marked (the text itself is unchanged). */
function withMentions(body: string, mentions: readonly Mention[]): ReactNode {
  const names = [...new Set(mentions.map((mention) => `@${mention.name}`))].filter((name) => body.includes(name));
  if (names.length === 0) return body;
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return body.split(new RegExp(`(${escaped.join('|')})`, 'g')).map((part, index) =>
    names.includes(part) ? (
      <span key={index} className="comment-mention">
        {part}
      </span>
    ) : (
      part
    ),
  );
}
