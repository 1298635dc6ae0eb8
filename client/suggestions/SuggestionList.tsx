/**
 * The suggestions in the review panel, beside the comment threads: by section in document order,
 * each with author, time, a preview and Godta / Avvisa; a filter by author; and decisions for many
 * at once (all shown, all in a section, all by the chosen person). Every decision is one undoable
 * step (suggestionReview.ts).
 */
import { useMemo, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { DocumentType } from '../../shared/model';
import { requestComment } from '../editor/commentRequest';
import { useEditorMode, useSuggestions } from './hooks';
import { reviewSuggestions, type SuggestionView } from './suggestionReview';
import { authorColor, authorName, changeLines, formatSuggestionTime } from './describe';

interface Props {
  editor: Editor | null;
  type: DocumentType;
  self: { id: string; name: string };
  /** May write comments: a suggestion is then discussed in a thread on its text. */
  canComment: boolean;
}

const ALL = '';

interface Group {
  key: string;
  title: string;
  items: SuggestionView[];
}

function groupBySection(type: DocumentType, items: readonly SuggestionView[]): Group[] {
  const groups: Group[] = type.sections.map((section) => ({ key: section.key, title: section.title, items: [] }));
  for (const item of items) {
    let group = groups.find((candidate) => candidate.key === item.sectionKey);
    if (!group) {
      group = { key: item.sectionKey, title: 'Övrigt', items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups.filter((group) => group.items.length > 0);
}

export function SuggestionList({ editor, type, self, canComment }: Props) {
  const suggestions = useSuggestions(editor);
  const { canReview, mode } = useEditorMode(editor);
  // Someone who may only suggest takes back their own suggestions (the server allows just that).
  const canTakeBack = (item: SuggestionView) => !canReview && mode === 'suggest' && item.userId === self.id;
  const [author, setAuthor] = useState<string>(ALL);

  const authors = useMemo(() => {
    const byId = new Map<string, string>();
    for (const suggestion of suggestions) if (!byId.has(suggestion.userId)) byId.set(suggestion.userId, authorName(suggestion, self));
    return [...byId].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  }, [suggestions, self]);
  // A filter on someone whose suggestions are all decided falls back to everyone.
  const filter = authors.some(([id]) => id === author) ? author : ALL;
  const shown = suggestions.filter((suggestion) => filter === ALL || suggestion.userId === filter);
  const groups = groupBySection(type, shown);
  const filterName = authors.find(([id]) => id === filter)?.[1];

  // Nothing to review, nothing shown: the panel stays the comments panel it was.
  if (!editor || suggestions.length === 0) return null;
  const decide = (items: readonly SuggestionView[], accept: boolean) =>
    reviewSuggestions(
      editor,
      items.map((item) => item.id),
      accept,
    );
  const select = (item: SuggestionView) => {
    editor.chain().setTextSelection({ from: item.from, to: item.to }).run();
    if (editor.isEditable) editor.view.focus();
    const { node } = editor.view.domAtPos(item.from);
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
  };

  return (
    <section className="suggestion-list" aria-labelledby="forslag-rubrik">
      <div className="comments-heading">
        <h2 id="forslag-rubrik">Förslag</h2>
        <span className="muted">{suggestions.length === 1 ? '1 öppet' : `${suggestions.length} öppna`}</span>
      </div>
      <p className="suggestion-filter">
        <label htmlFor="forslag-av">Visa förslag av</label>{' '}
        <select id="forslag-av" value={filter} onChange={(event) => setAuthor(event.target.value)}>
          <option value={ALL}>Alla</option>
          {authors.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </p>
      {canReview && (
        <p className="suggestion-bulk" role="group" aria-label="Besluta om flera förslag">
          <button type="button" className="secondary" onClick={() => decide(shown, true)}>
            {filterName ? `Godta alla av ${filterName}` : 'Godta alla'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => decide(shown, false)}>
            {filterName ? `Avvisa alla av ${filterName}` : 'Avvisa alla'}
          </button>
        </p>
      )}
      {groups.map((group) => (
        <section key={group.key} className="suggestion-group" aria-labelledby={`forslag-${group.key}`}>
          <h3 id={`forslag-${group.key}`}>{group.title}</h3>
          {canReview && group.items.length > 1 && (
            <p className="suggestion-bulk" role="group" aria-label={`Besluta om förslagen i ${group.title}`}>
              <button type="button" className="link-button" onClick={() => decide(group.items, true)}>
                Godta alla i avsnittet
              </button>
              <button type="button" className="link-button" onClick={() => decide(group.items, false)}>
                Avvisa alla i avsnittet
              </button>
            </p>
          )}
          <ol className="suggestions">
            {group.items.map((item) => (
              <li
                key={item.id}
                className="suggestion-item"
                data-suggestion-id={item.id}
                style={{ borderLeftColor: authorColor(item.userId) }}
              >
                <p className="comment-meta">
                  <span className="comment-author">{authorName(item, self)}</span>{' '}
                  <time dateTime={item.createdAt}>{formatSuggestionTime(item.createdAt)}</time>
                </p>
                <button type="button" className="thread-quote suggestion-preview" onClick={() => select(item)}>
                  <span className="visually-hidden">Visa i texten: </span>
                  {changeLines(item).map((line) => (
                    <span key={line.kind} className={`suggestion-change-${line.kind}`}>
                      {line.label} ”{line.text}”{' '}
                    </span>
                  ))}
                </button>
                {(canReview || canComment || canTakeBack(item)) && (
                  <div className="thread-actions">
                    {canReview && (
                      <>
                        <button type="button" onClick={() => decide([item], true)}>
                          Godta
                        </button>
                        <button type="button" className="secondary" onClick={() => decide([item], false)}>
                          Avvisa
                        </button>
                      </>
                    )}
                    {canTakeBack(item) && (
                      <button type="button" className="secondary" onClick={() => decide([item], false)}>
                        Ta tillbaka
                      </button>
                    )}
                    {canComment && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          // A reply thread on the suggestion: a comment thread on its text.
                          select(item);
                          requestComment();
                        }}
                      >
                        Kommentera
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}
