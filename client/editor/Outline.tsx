/** The sections in order, each a link to its block, with what is still missing marked. */
import type { DocumentType } from '../../shared/model';
import { FOCUS_SECTION_EVENT } from './focusSection';

/**
 * The caret goes to the end of the section's text, to write on, and the section's title is
 * scrolled into view. (Following the link itself would move focus out of the editor.)
 */
function jumpToSection(event: React.MouseEvent<HTMLAnchorElement>, sectionKey: string): void {
  event.preventDefault();
  window.dispatchEvent(new CustomEvent(FOCUS_SECTION_EVENT, { detail: sectionKey }));
  document.getElementById(`avsnitt-${sectionKey}`)?.scrollIntoView({ block: 'start' });
}

export interface OutlineProps {
  type: DocumentType;
  /** Section keys the completeness check finds lacking. */
  missing?: ReadonlySet<string>;
  /** Open comment threads per section key. */
  openThreads?: ReadonlyMap<string, number>;
}

export function Outline({ type, missing, openThreads }: OutlineProps) {
  return (
    <nav className="outline" aria-labelledby="outline-heading">
      <h2 id="outline-heading">Avsnitt</h2>
      <ol>
        {type.sections.map((section) => {
          const threads = openThreads?.get(section.key) ?? 0;
          return (
            <li key={section.key} className={missing?.has(section.key) ? 'missing' : undefined}>
              <a href={`#avsnitt-${section.key}`} onClick={(event) => jumpToSection(event, section.key)}>
                {section.title}
              </a>
              {section.required && <span className="visually-hidden"> (obligatoriskt)</span>}
              {missing?.has(section.key) && <span className="badge badge-missing">saknas</span>}
              {threads > 0 && (
                <span className="badge" aria-label={`${threads} öppna kommentarer`}>
                  {threads}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
