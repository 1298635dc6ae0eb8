/**
 * One document: header fields, the section blocks, outline, presence and a sync status that
 * tells the truth. Readers and commenters see the same page, read-only.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { isDocumentStatus, statusLabel, templates, type TemplateRef } from '../../shared/model';
import { DEFAULT_TEMPLATE_PACK_ID } from '../../shared/model/templatePacks';
import { BODY, META } from '../../shared/doc/documentState';
import { readFields } from '../../shared/doc/headerFields';
import { api, ApiError, type SessionUser } from '../app/api';
import { colorFor } from '../app/colors';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { Drawer, FoldOnNarrow, FoldingActions } from '../app/NarrowScreen';
import { onLinkClick } from '../app/router';
import { useTemplate } from '../app/templates';
import { DocumentEditor } from '../editor/DocumentEditor';
import { HeaderFields } from '../editor/HeaderFields';
import { Outline } from '../editor/Outline';
import { PresenceList } from '../editor/PresenceList';
import { SyncStatus } from '../editor/SyncStatus';
import { START_COMMENT_EVENT } from '../editor/commentRequest';
import { useAwarenessUsers, useYMap } from '../editor/hooks';
import { useDocumentSession } from '../sync/useDocumentSession';
import { CommentsPanel } from '../review/CommentsPanel';
import { openThreadsBySection, useReviewSession, useThreads } from '../review/useReview';
import { SharingDialog } from './SharingDialog';
import { AuditDialog } from './AuditDialog';
import { StatusPanel } from '../workflow/StatusPanel';
import { VersionsDialog } from '../workflow/VersionsDialog';
import { BilagaPanel } from '../workflow/BilagaPanel';
import { TemplateVersionNotice } from '../workflow/TemplateVersionNotice';
import { LifecycleActions } from '../workflow/LifecycleActions';
import { useCompleteness } from '../workflow/useCompleteness';
import { Toolbar } from '../editor/Toolbar';
import { FindReplaceBar } from '../editor/FindReplaceBar';
import { WordCount } from '../editor/WordCount';
import { PrintFooter, PrintHeading } from '../editor/PrintLayout';
import { useDocumentTitle } from '../editor/documentTitle';
import { editorModes } from '../suggestions/suggestMode';

interface Details {
  id: string;
  type: string;
  title: string;
  status: string;
  role: 'owner' | 'editor' | 'commenter' | 'reader';
  privateToGroup: string | null;
  template?: TemplateRef;
  /** Archived documents are read-only for everyone until an owner takes them out. */
  archivedAt?: string | null;
}

/**
 * The pack version the document is made from: the live meta map's, once synced (it changes when
 * an editor moves the document to a newer version), else the listing row's.
 */
function templateRefOf(meta: Record<string, unknown>, details: Details | null): TemplateRef | null {
  if (!details) return null;
  const pack = typeof meta.templatePack === 'string' ? meta.templatePack : (details.template?.pack ?? DEFAULT_TEMPLATE_PACK_ID);
  const version = typeof meta.templateVersion === 'number' ? meta.templateVersion : (details.template?.version ?? 1);
  return { pack, version };
}

export function EditorPage({ documentId, user }: { documentId: string; user: SessionUser }) {
  // A nämndsekreterare moves any document they can read through the workflow, its meeting steps too.
  const runsMeetings = user.isAdmin || user.isNamndsekreterare === true;
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const [showAudit, setShowAudit] = useState(false);
  const [handInMessage, setHandInMessage] = useState<string | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  // A phone-sized screen shows the side panels one at a time, as drawers over the text.
  const [drawer, setDrawer] = useState<'overview' | 'comments' | null>(null);
  const closeDrawer = useCallback(() => setDrawer(null), []);
  // The toolbar's Kommentera (a phone has no Ctrl+Alt+M) opens the comments, where the new comment is written.
  useEffect(() => {
    const openComments = () => setDrawer('comments');
    window.addEventListener(START_COMMENT_EVENT, openComments);
    return () => window.removeEventListener(START_COMMENT_EVENT, openComments);
  }, []);

  useEffect(() => {
    setDetails(null);
    setError(null);
    api<Details>('GET', `/api/documents/${documentId}`).then(setDetails, (caught: unknown) =>
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte öppnas.'),
    );
  }, [documentId]);

  const session = useDocumentSession(details ? documentId : null, { offlineCopy: true });
  const meta = useMemo(() => (session ? session.doc.getMap(META) : null), [session?.doc]);
  const metaValues = useYMap(meta);
  const users = useAwarenessUsers(session?.connection.provider.awareness ?? null);
  const onEditor = useCallback((editor: Editor | null) => setEditor(editor), []);
  const review = useReviewSession(details ? documentId : null);
  const threads = useThreads(review?.doc ?? null);
  const openThreads = useMemo(() => openThreadsBySection(threads), [threads]);
  const issues = useCompleteness(session?.doc ?? null, session?.ready ?? false);
  const missingSections = useMemo(() => new Set(issues.filter((issue) => issue.kind === 'section').map((issue) => issue.key)), [issues]);
  useDocumentTitle(String(metaValues.title ?? details?.title ?? ''));
  const livePack = metaValues.templatePack;
  const liveVersion = metaValues.templateVersion;
  const templateRef = useMemo(
    () => templateRefOf({ templatePack: livePack, templateVersion: liveVersion }, details),
    [details, livePack, liveVersion],
  );
  const templateReady = useTemplate(templateRef);

  if (error) {
    return (
      <main id="main">
        <p className="form-error" role="alert">
          {error}
        </p>
        <a href="/" onClick={onLinkClick}>
          Till dokumentlistan
        </a>
      </main>
    );
  }
  const type = details && templateReady ? templates.documentType(templateRef ?? undefined, details.type) : undefined;
  if (!details || !type || !session || !templateRef) return <main id="main">Öppnar dokumentet…</main>;

  const status = String(metaValues.status ?? details.status);
  const archived = Boolean(details.archivedAt);
  const editable = (details.role === 'owner' || details.role === 'editor') && status !== 'justerad' && !archived;
  // A justerad or archived document's comments are closed too (the server refuses them; this only stops offering).
  const canComment = details.role !== 'reader' && status !== 'justerad' && !archived;
  const title = String(metaValues.title ?? details.title);
  const printProps = {
    type,
    template: templateRef,
    title,
    fields: readFields(session.doc),
    closingLines: (metaValues.closingLines as string[] | undefined) ?? [],
  };

  return (
    <div className="editor-page">
      {/* A named region, not a <header>: the app's top bar is the page's one banner landmark. */}
      <section className="editor-header" aria-label="Dokumentet">
        <a href="/" onClick={onLinkClick} className="back-link">
          ← Dokument
        </a>
        <div className="editor-heading">
          <p className="doc-type">
            {type.label} · {isDocumentStatus(status) ? statusLabel(status) : status}
            {!editable &&
              ((details.role as string) === 'suggester' && status !== 'justerad' ? ' · du föreslår ändringar' : ' · skrivskyddat för dig')}
          </p>
          <h1>{title || 'Namnlöst dokument'}</h1>
        </div>
        <SyncStatus session={session} />
        <div className="drawer-toggles">
          <button type="button" className="secondary" aria-expanded={drawer === 'overview'} onClick={() => setDrawer('overview')}>
            Översikt
          </button>
          <button type="button" className="secondary" aria-expanded={drawer === 'comments'} onClick={() => setDrawer('comments')}>
            Kommentarer
          </button>
        </div>
        <FoldingActions className="editor-actions">
          <a className="button secondary" href={`/api/documents/${documentId}/export?format=docx`}>
            Exportera Word
          </a>
          <a
            className="button secondary"
            href={`/api/documents/${documentId}/export?format=docx&suggestions=markup`}
            title="Öppna förslagen som spårade ändringar i Word, att godta eller avvisa där"
          >
            Word med förslag
          </a>
          <a className="button secondary" href={`/api/documents/${documentId}/export?format=pdf`}>
            PDF
          </a>
          <button type="button" className="secondary" onClick={() => setShowVersions(true)}>
            Versioner
          </button>
          <button type="button" className="secondary" onClick={() => setSharing(true)}>
            Dela
          </button>
          {details.role === 'owner' && (
            <button type="button" className="secondary" onClick={() => setShowAudit(true)}>
              Logg
            </button>
          )}
          {details.role === 'owner' && (
            <LifecycleActions
              documentId={documentId}
              status={status}
              archived={archived}
              onArchivedChange={(now) => setDetails({ ...details, archivedAt: now ? new Date().toISOString() : null })}
            />
          )}
        </FoldingActions>
        {archived && <p className="private-note">Arkiverat: dokumentet kan bara läsas. En ägare kan ta det ur arkivet.</p>}
        {details.privateToGroup && (
          <p className="private-note">
            Partigruppens utkast: bara gruppen och medundertecknarna ser det.{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                // Handing in cannot be taken back: the draft stops being the party group's alone.
                const sure = window.confirm(
                  'Lämna in utkastet? Därefter kan nämndens ledamöter och förvaltningen läsa det, och det går inte att göra privat igen.',
                );
                if (!sure) return;
                void api('POST', `/api/documents/${documentId}/hand-in`).then(
                  () => {
                    setDetails({ ...details, privateToGroup: null });
                    setHandInMessage('Inlämnat: nämndens ledamöter och förvaltningen kan nu läsa det.');
                  },
                  (caught: unknown) => setHandInMessage(caught instanceof ApiError ? caught.message : 'Det gick inte att lämna in.'),
                );
              }}
            >
              Lämna in
            </button>
          </p>
        )}
        {handInMessage && <p role="status">{handInMessage}</p>}
        <TemplateVersionNotice documentId={documentId} current={templateRef} canMove={editable} />
      </section>
      {showAudit && <AuditDialog documentId={documentId} onClose={() => setShowAudit(false)} />}
      {sharing && <SharingDialog documentId={documentId} canChange={details.role === 'owner'} onClose={() => setSharing(false)} />}
      {showVersions && <VersionsDialog documentId={documentId} canEdit={editable} onClose={() => setShowVersions(false)} />}
      <div className="editor-layout">
        <Drawer label="Översikt" open={drawer === 'overview'} onClose={closeDrawer}>
          <aside className="editor-side">
            <ErrorBoundary label="Statusen">
              <StatusPanel
                documentId={documentId}
                status={status}
                issues={issues}
                canChange={details.role === 'owner' || details.role === 'editor' || runsMeetings}
                isAdmin={user.isAdmin}
                runsMeetings={runsMeetings}
              />
            </ErrorBoundary>
            <ErrorBoundary label="Innehållsförteckningen">
              <Outline type={type} openThreads={openThreads} missing={missingSections} />
            </ErrorBoundary>
            <ErrorBoundary label="Listan över vilka som är här">
              <PresenceList users={users} type={type} />
            </ErrorBoundary>
          </aside>
        </Drawer>
        <main id="main" className="editor-main">
          {!session.ready ? (
            <p>Hämtar dokumentet…</p>
          ) : (
            <>
              <FoldOnNarrow summary="Dokumentets uppgifter (datum, diarienummer …)">
                <ErrorBoundary label="Fälten">
                  <HeaderFields
                    doc={session.doc}
                    specs={type.fields}
                    readOnly={!editable}
                    awareness={session.connection.provider.awareness}
                  />
                </ErrorBoundary>
              </FoldOnNarrow>
              {editor && (
                <div className="editor-tools">
                  <Toolbar editor={editor} type={type} editable={editable} canComment={canComment} />
                  <FindReplaceBar editor={editor} canReplace={editable} />
                  <WordCount editor={editor} />
                </div>
              )}
              <ErrorBoundary label="Dokumentets text">
                <article className="page" aria-label="Dokumentets text">
                  <PrintHeading {...printProps} />
                  <DocumentEditor
                    doc={session.doc}
                    body={session.doc.getXmlFragment(BODY)}
                    provider={session.connection.provider}
                    type={type}
                    user={{ id: user.id, name: user.name, color: colorFor(user.id), party: user.party }}
                    editable={editable}
                    modes={editorModes(details.role, status === 'justerad')}
                    onEditor={onEditor}
                  />
                  <PrintFooter {...printProps} />
                </article>
              </ErrorBoundary>
              {!type.isBilaga && (type.key === 'yttrande' || type.key === 'tjansteskrivelse') && (
                <BilagaPanel
                  documentId={documentId}
                  closingLines={(metaValues.closingLines as string[] | undefined) ?? []}
                  self={user.id}
                />
              )}
            </>
          )}
        </main>
        <Drawer label="Kommentarer" open={drawer === 'comments'} onClose={closeDrawer}>
          <ErrorBoundary label="Kommentarerna">
            <CommentsPanel review={review} threads={threads} editor={editor} type={type} user={user} canComment={canComment} />
          </ErrorBoundary>
        </Drawer>
      </div>
    </div>
  );
}
