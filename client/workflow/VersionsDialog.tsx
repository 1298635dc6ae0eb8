/**
 * Named versions: make one (who saved each is listed), open one read-only, compare any two
 * paragraph by paragraph with the inserted and deleted words marked, and restore one as a new
 * change.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { nestLists, suggestionOf, tableGrid, type Block, type InlineRun, type NestedBlock } from '../../shared/doc/blockModel';
import type { SuggestionMarkName } from '../../shared/model/schema';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { documentTypeOfView } from '../../shared/model';
import type { BlockDiffEntry } from '../../shared/diff/blockDiff';
import type { DiffPart } from '../../shared/diff/wordDiff';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';

interface Version {
  id: string;
  name: string;
  createdAt: string;
  /** In Swedish, from the server: "Sparad av …", "Automatiskt vid statusbyte …", "Återställning …". */
  savedBy?: string;
}
interface Comparison {
  title: DiffPart[];
  sections: Array<{
    key: string;
    title: string;
    changed: boolean;
    formattingChanged: boolean;
    suggestionsChanged?: boolean;
    coarse?: string;
    entries: BlockDiffEntry[];
  }>;
}

const CURRENT = 'current';

const savedAt = (iso: string) => new Date(iso).toLocaleString('sv-SE', { dateStyle: 'medium', timeStyle: 'short' });

const SUGGESTION_WORDS: Record<SuggestionMarkName, string> = {
  insertion: 'föreslagen infogning',
  deletion: 'föreslagen borttagning',
  formatChange: 'föreslagen formatering',
};

/** "föreslagen borttagning av Anna Berg": what a word in a suggestion is, for its title and screen readers. */
function suggestionLabel(suggestion: { kind: SuggestionMarkName; userName?: string | null }): string {
  return `${SUGGESTION_WORDS[suggestion.kind]} av ${suggestion.userName || 'okänd person'}`;
}

/**
 * Words that stand in an open suggestion of their version are marked as that suggestion (its
 * kind and author), inside the inserted or deleted marking of the comparison itself.
 */
function SuggestedWords({ suggestion, children }: { suggestion: DiffPart['suggestion']; children: ReactNode }) {
  if (!suggestion) return <>{children}</>;
  return (
    <span className={`diff-suggestion diff-suggestion-${suggestion.kind}`} title={suggestionLabel(suggestion)}>
      {children}
      <span className="visually-hidden"> ({suggestionLabel(suggestion)})</span>
    </span>
  );
}

function Diff({ parts, as: Tag = 'p' }: { parts: DiffPart[]; as?: 'p' | 'span' }) {
  return (
    <Tag className="diff">
      {parts.map((part, index) => {
        const words = <SuggestedWords suggestion={part.suggestion}>{part.text}</SuggestedWords>;
        return part.kind === 'inserted' ? (
          <ins key={index}>{words}</ins>
        ) : part.kind === 'deleted' ? (
          <del key={index}>{words}</del>
        ) : (
          <span key={index}>{words}</span>
        );
      })}
    </Tag>
  );
}

const CHANGE_LABELS: Record<string, string> = {
  inserted: 'Nytt stycke',
  deleted: 'Borttaget stycke',
  modified: 'Ändrat stycke',
  formatting: 'Formateringen har ändrats',
  suggestions: 'Förslagen har ändrats',
};

function collapsedText(count: number): string {
  return count === 1 ? '… 1 oförändrat stycke …' : `… ${count} oförändrade stycken …`;
}

/** One entry of a section's comparison: a changed paragraph or table row, context, or a collapsed run. */
function ComparisonEntry({ entry }: { entry: BlockDiffEntry }) {
  if (entry.kind === 'collapsed') return <p className="diff-collapsed muted">{collapsedText(entry.count)}</p>;
  if (entry.kind === 'context') {
    return entry.cells ? (
      <table className="diff-row diff-context">
        <tbody>
          <tr>
            {entry.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        </tbody>
      </table>
    ) : (
      <p className="diff-context muted">{entry.text}</p>
    );
  }
  return (
    <div className={`diff-change diff-${entry.kind}`} data-change={entry.kind}>
      <span className="visually-hidden">{CHANGE_LABELS[entry.kind]}: </span>
      {entry.cells ? (
        <table className="diff-row">
          <tbody>
            <tr>
              {entry.cells.map((cell, index) => (
                <td key={index}>
                  <Diff parts={cell} as="span" />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      ) : (
        <Diff parts={entry.parts} />
      )}
      {(entry.kind === 'formatting' || entry.kind === 'suggestions' || entry.coarse) && (
        <p className="muted">
          {entry.kind === 'formatting'
            ? 'Formateringen har ändrats.'
            : entry.kind === 'suggestions'
              ? 'Samma text, men förslagen i den har ändrats (gjorts, godtagits eller avvisats).'
              : 'Ändrat (för långt för att jämföras ord för ord).'}
        </p>
      )}
    </div>
  );
}

function Runs({ runs }: { runs: readonly InlineRun[] }) {
  return (
    <>
      {runs.map((run, index) => {
        let node: ReactNode = run.text;
        if (run.code) node = <code>{node}</code>;
        if (run.strike) node = <s>{node}</s>;
        if (run.underline) node = <u>{node}</u>;
        if (run.italic) node = <em>{node}</em>;
        if (run.bold) node = <strong>{node}</strong>;
        // Open suggestions show as suggestions, as in the editor: proposed text underlined, text proposed for deletion struck through.
        const suggestion = suggestionOf(run, 'deletion') ?? suggestionOf(run, 'insertion') ?? suggestionOf(run, 'formatChange');
        if (suggestion) {
          const label = suggestionLabel(suggestion);
          const Tag = suggestion.kind === 'deletion' ? 'del' : suggestion.kind === 'insertion' ? 'ins' : 'span';
          return (
            <Tag
              key={index}
              className={`version-suggestion version-suggestion-${suggestion.kind}`}
              title={label}
              data-suggestion={suggestion.kind}
            >
              {node}
              <span className="visually-hidden"> ({label})</span>
            </Tag>
          );
        }
        return <span key={index}>{node}</span>;
      })}
    </>
  );
}

/** A version's content as the editor shows it: headings, nested lists, tables as tables. */
function ReadOnlyBlocks({ blocks }: { blocks: readonly Block[] }) {
  return (
    <>
      {nestLists(blocks).map((block, index) => (
        <ReadOnlyBlock key={index} block={block} />
      ))}
    </>
  );
}

function ReadOnlyBlock({ block }: { block: NestedBlock }): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return (
        <p>
          <Runs runs={block.runs} />
        </p>
      );
    case 'heading': {
      const Heading = block.level <= 3 ? 'h5' : 'h6';
      return (
        <Heading>
          <Runs runs={block.runs} />
        </Heading>
      );
    }
    case 'listTree': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          <Runs runs={item.runs} />
          {item.lists.map((list, inner) => (
            <ReadOnlyBlock key={inner} block={list} />
          ))}
        </li>
      ));
      return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'quote':
      return (
        <blockquote>
          <ReadOnlyBlocks blocks={block.blocks} />
        </blockquote>
      );
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'divider':
      return <hr />;
    case 'table':
      return (
        <table className="version-table">
          <tbody>
            {tableGrid(block.rows).map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row
                  .filter((slot) => slot.origin)
                  .map((slot, cellIndex) => {
                    const Cell = slot.cell.header ? 'th' : 'td';
                    return (
                      <Cell key={cellIndex} colSpan={slot.cell.colspan} rowSpan={slot.cell.rowspan}>
                        <ReadOnlyBlocks blocks={slot.cell.blocks} />
                      </Cell>
                    );
                  })}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

export function VersionsDialog({ documentId, canEdit, onClose }: { documentId: string; canEdit: boolean; onClose(): void }) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(CURRENT);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [opened, setOpened] = useState<{ name: string; view: DocumentSnapshotView } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = async () => {
    const result = await api<{ versions: Version[] }>('GET', `/api/documents/${documentId}/versions`);
    setVersions(result.versions);
    if (!from && result.versions.length > 0) setFrom(result.versions[result.versions.length - 1]!.id);
  };
  useEffect(() => {
    void load();
  }, [documentId]);

  const attempt = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : 'Det gick inte.');
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('POST', `/api/documents/${documentId}/versions`, { name });
      setName('');
      setMessage('Versionen är sparad.');
      await load();
    });
  };
  const compare = () =>
    attempt(async () => setComparison(await api<Comparison>('GET', `/api/documents/${documentId}/versions/compare?from=${from}&to=${to}`)));
  const open = (version: Version) =>
    attempt(async () =>
      setOpened({
        name: version.name,
        view: await api<DocumentSnapshotView>('GET', `/api/documents/${documentId}/versions/${version.id}`),
      }),
    );
  const restore = (version: Version) =>
    attempt(async () => {
      if (!window.confirm(`Återställ texten till "${version.name}"? Det blir en ny ändring; historiken finns kvar.`)) return;
      await api('POST', `/api/documents/${documentId}/versions/${version.id}/restore`);
      setMessage(`Texten är återställd till "${version.name}".`);
    });
  const label = (id: string) => (id === CURRENT ? 'Nuvarande text' : (versions.find((version) => version.id === id)?.name ?? ''));

  return (
    <ModalDialog title="Versioner" wide onClose={onClose}>
      {message && <p role="status">{message}</p>}
      {canEdit && (
        <form onSubmit={create} className="inline-form">
          <label htmlFor="version-name">Namn på ny version</label>
          <input
            id="version-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Till arbetsutskottet 2023-08-17"
          />
          <button type="submit">Spara version</button>
        </form>
      )}
      <ul className="versions">
        {versions.map((version) => (
          <li key={version.id}>
            <strong>{version.name}</strong>{' '}
            <span className="muted version-author">
              {version.savedBy ?? 'Sparad'}, {savedAt(version.createdAt)}
            </span>{' '}
            <button type="button" className="link-button" onClick={() => void open(version)}>
              Visa <span className="visually-hidden">{version.name}</span>
            </button>
            <a href={`/api/documents/${documentId}/export?format=docx&version=${version.id}`}>
              Word <span className="visually-hidden">för {version.name}</span>
            </a>{' '}
            {canEdit && (
              <button type="button" className="link-button" onClick={() => void restore(version)}>
                Återställ <span className="visually-hidden">{version.name}</span>
              </button>
            )}
          </li>
        ))}
        {versions.length === 0 && <li className="muted">Inga versioner ännu.</li>}
      </ul>
      {versions.length > 0 && (
        <div className="inline-form">
          <label htmlFor="compare-from">Jämför</label>
          <select id="compare-from" value={from} onChange={(event) => setFrom(event.target.value)}>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.name}
              </option>
            ))}
          </select>
          <label htmlFor="compare-to">med</label>
          <select id="compare-to" value={to} onChange={(event) => setTo(event.target.value)}>
            <option value={CURRENT}>Nuvarande text</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.name}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" onClick={() => void compare()}>
            Jämför
          </button>
        </div>
      )}
      {comparison && (
        <section className="comparison" aria-label={`Jämförelse mellan ${label(from)} och ${label(to)}`}>
          {comparison.sections.filter((section) => section.changed).length === 0 && <p>Inga skillnader i texten.</p>}
          {comparison.sections
            .filter((section) => section.changed)
            .map((section) => (
              <div key={section.key} className="comparison-section" data-section-key={section.key}>
                <h3>{section.title}</h3>
                {section.coarse && <p className="muted">{section.coarse}</p>}
                {section.entries.map((entry, index) => (
                  <ComparisonEntry key={index} entry={entry} />
                ))}
              </div>
            ))}
        </section>
      )}
      {opened && (
        <section className="version-view" aria-label={`Versionen ${opened.name}, skrivskyddad`}>
          <h3>{opened.name} (skrivskyddad)</h3>
          {documentTypeOfView(opened.view).sections.map((spec) => (
            <div key={spec.key}>
              <h4>{spec.title}</h4>
              <ReadOnlyBlocks blocks={opened.view.sections.find((section) => section.key === spec.key)?.blocks ?? []} />
            </div>
          ))}
        </section>
      )}
    </ModalDialog>
  );
}
