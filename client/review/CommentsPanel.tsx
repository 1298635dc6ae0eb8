/**
 * The comments panel: threads grouped by section in document order, filters, the form for a
 * new thread, and the "Kommentera" button that floats by a selection. Everything shown comes
 * from the review Y.Doc, so it is live for everyone; the server's review guard decides what
 * may be written, the forms only follow the role.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { uuidv4 } from 'lib0/random';
import type { DocumentType } from '../../shared/model';
import type { Mention } from '../../shared/review/reviewSchema';
import {
  addReply,
  createThread,
  deleteComment,
  editComment,
  setResolved,
  type Author,
  type ThreadView,
} from '../../shared/review/reviewDoc';
import type { SessionUser } from '../app/api';
import { useSyncState, type DocumentSession } from '../sync/useDocumentSession';
import { START_COMMENT_EVENT } from '../editor/commentRequest';
import { commentTarget, type CommentTarget } from './anchors';
import { CommentForm } from './CommentForm';
import { useSelectionPoint, useThreadRanges } from './editorHooks';
import { showThreads, type HighlightedThread } from './reviewHighlights';
import { FILTER_LABELS, groupBySection, matchesFilter, type ThreadFilter } from './threadList';
import { ThreadItem, type ThreadActions } from './ThreadItem';
import { SuggestionList } from '../suggestions/SuggestionList';

const DRAFT_ID = 'ny-kommentar';

interface Props {
  review: DocumentSession | null;
  threads: readonly ThreadView[];
  editor: Editor | null;
  type: DocumentType;
  user: SessionUser;
  /** Owners, editors and commenters may write comments; readers only read them. */
  canComment: boolean;
}

// AltGr reports itself as Ctrl+Alt on Windows, and AltGr+M types µ on a Swedish keyboard.
const isShortcut = (event: KeyboardEvent) =>
  event.ctrlKey && event.altKey && !event.shiftKey && event.code === 'KeyM' && !event.getModifierState('AltGraph');

export function CommentsPanel({ review, threads, editor, type, user, canComment }: Props) {
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const [activeId, setActiveId] = useState<string | null>(null);
  // A notification links to its thread as #trad-<id>: that thread is the active one on arrival.
  useEffect(() => {
    const follow = () => {
      const linked = /^#trad-(.+)$/.exec(window.location.hash)?.[1];
      if (linked) setActiveId(decodeURIComponent(linked));
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const [draft, setDraft] = useState<CommentTarget | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const ranges = useThreadRanges(editor);
  const selectionPoint = useSelectionPoint(editor);
  const now = () => new Date().toISOString();
  const author: Author = { id: user.id, name: user.name };

  // Emphasis follows what the panel shows: a thread filtered out of the list is not active.
  const visibleActiveId = threads.some((thread) => thread.id === activeId && matchesFilter(thread, filter, user.id)) ? activeId : null;

  useEffect(() => {
    if (!editor) return;
    const highlighted: HighlightedThread[] = threads.map(({ id, anchor, resolved }) => ({ id, anchor, resolved }));
    if (draft) highlighted.push({ id: DRAFT_ID, anchor: draft.anchor, resolved: false });
    showThreads(editor, { threads: highlighted, activeId: draft ? DRAFT_ID : visibleActiveId, onActivate: setActiveId });
  }, [editor, threads, visibleActiveId, draft]);

  // Clicking highlighted text activates its thread: bring it into view in the panel.
  useEffect(() => {
    if (activeId)
      document.querySelector(`.comments-panel [data-thread-id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const startComment = () => {
    if (!editor || !canComment) return;
    const target = commentTarget(editor.state);
    if (!target) return setProblem('Markera först den text du vill kommentera.');
    if ('problem' in target) return setProblem(target.problem);
    setProblem(null);
    setDraft(target);
  };
  const startCommentRef = useRef(startComment);
  startCommentRef.current = startComment;
  useEffect(() => {
    if (!canComment) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      event.preventDefault();
      startCommentRef.current();
    };
    // The toolbar's Kommentera button asks the same.
    const onRequest = () => startCommentRef.current();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener(START_COMMENT_EVENT, onRequest);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener(START_COMMENT_EVENT, onRequest);
    };
  }, [canComment]);

  const submitDraft = (body: string, mentions: Mention[]) => {
    if (!review || !draft) return;
    const id = uuidv4();
    createThread(review.doc, { id, commentId: uuidv4(), ...draft, author, body, now: now(), mentions });
    setDraft(null);
    setActiveId(id);
    if (filter === 'resolved') setFilter('open');
  };

  const actions: ThreadActions = {
    select(thread) {
      setActiveId(thread.id);
      const range = ranges.get(thread.id);
      if (!editor || !range) return;
      editor.chain().setTextSelection(range).run();
      if (editor.isEditable) editor.view.focus();
      const { node } = editor.view.domAtPos(range.from);
      (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
    },
    activate: (thread) => setActiveId(thread.id),
    reply: (thread, body, mentions) => review && addReply(review.doc, thread.id, { id: uuidv4(), author, body, now: now(), mentions }),
    edit: (thread, comment, body) => review && editComment(review.doc, thread.id, comment.id, body, now()),
    remove: (thread, comment) => review && deleteComment(review.doc, thread.id, comment.id, now()),
    setResolved: (thread, resolved) => review && setResolved(review.doc, thread.id, resolved, author, now()),
  };

  const groups = useMemo(
    () =>
      groupBySection(
        type,
        threads.filter((thread) => matchesFilter(thread, filter, user.id)),
        ranges,
      ),
    [type, threads, filter, user.id, ranges],
  );
  const openCount = threads.filter((thread) => !thread.resolved).length;
  const state = useSyncState(review);

  return (
    <aside className="comments-panel" aria-labelledby="comments-heading">
      {/* Suggestions (Föreslå) are reviewed here too, above the threads. */}
      <SuggestionList editor={editor} type={type} self={author} canComment={canComment} />
      <div className="comments-heading">
        <h2 id="comments-heading">Kommentarer</h2>
        <span className="muted">{openCount === 1 ? '1 öppen' : `${openCount} öppna`}</span>
      </div>
      {!review?.ready ? (
        <p className="muted">{state?.kind === 'refused' ? state.message : 'Hämtar kommentarerna…'}</p>
      ) : (
        <>
          {state?.kind === 'offline' && (
            <p className="comments-offline">Ej ansluten: nya kommentarer skickas när anslutningen är tillbaka.</p>
          )}
          {canComment ? (
            !draft && (
              <p className="comments-start">
                <button type="button" className="secondary" onClick={startComment} aria-keyshortcuts="Control+Alt+M">
                  Kommentera markerad text
                </button>
                <span className="muted"> Ctrl+Alt+M</span>
              </p>
            )
          ) : (
            <p className="muted">Du kan läsa kommentarerna men inte skriva egna.</p>
          )}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          {draft && (
            <section className="thread thread-draft" aria-labelledby="new-comment-heading">
              <h3 id="new-comment-heading">Ny kommentar</h3>
              <p className="thread-quote-text">”{draft.quote}”</p>
              <CommentForm
                label="Din kommentar"
                submitLabel="Kommentera"
                autoFocus
                mentions
                onSubmit={submitDraft}
                onCancel={() => setDraft(null)}
              />
            </section>
          )}
          <fieldset className="thread-filter">
            <legend>Visa</legend>
            {(Object.keys(FILTER_LABELS) as ThreadFilter[]).map((key) => (
              <label key={key}>
                <input type="radio" name="thread-filter" value={key} checked={filter === key} onChange={() => setFilter(key)} />
                {FILTER_LABELS[key]}
              </label>
            ))}
          </fieldset>
          {groups.length === 0 && <p className="muted">Inga kommentarer att visa.</p>}
          {groups.map((group) => (
            <section key={group.key} className="thread-group" aria-labelledby={`kommentarer-${group.key}`}>
              <h3 id={`kommentarer-${group.key}`}>{group.title}</h3>
              <ol className="threads">
                {group.threads.map((thread) => (
                  <ThreadItem
                    key={thread.id}
                    thread={thread}
                    range={ranges.get(thread.id)}
                    active={thread.id === visibleActiveId}
                    userId={user.id}
                    canComment={canComment}
                    actions={actions}
                  />
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
      {canComment && !draft && selectionPoint && (
        <button
          type="button"
          className="comment-on-selection"
          style={{ top: selectionPoint.top, left: selectionPoint.left }}
          // Keep the selection in the body: the click must not move focus out of it first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={startComment}
          tabIndex={-1}
        >
          Kommentera
        </button>
      )}
    </aside>
  );
}
