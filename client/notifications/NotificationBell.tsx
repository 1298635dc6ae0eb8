/**
 * The bell in the top bar: the unread count, asked for every 20 seconds and when the window gets
 * focus again, and a list that links to the document (and thread) and marks what is opened read.
 * The e-mail setting (off, at once, collected) sits at the foot of the list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../app/api';
import { navigate } from '../app/router';
import './notifications.css';

type MailMode = 'off' | 'immediate' | 'batched';

interface NotificationItem {
  id: string;
  kind: 'mention' | 'reply' | 'comment' | 'suggestion' | 'status' | 'bilaga';
  documentId: string;
  documentTitle: string;
  threadId: string | null;
  actorName: string | null;
  text: string;
  createdAt: string;
  readAt: string | null;
}

interface Listing {
  unread: number;
  mail: MailMode;
  notifications: NotificationItem[];
}

const POLL_MS = 20_000;

const WHAT: Record<NotificationItem['kind'], string> = {
  mention: 'nämnde dig i en kommentar',
  reply: 'svarade i en tråd du deltar i',
  comment: 'kommenterade ditt dokument',
  suggestion: 'föreslog en ändring i ditt dokument',
  status: 'ändrade status',
  bilaga: 'namngav dig som medundertecknare',
};

const MAIL_LABELS: Record<MailMode, string> = {
  off: 'Ingen e-post',
  immediate: 'E-post direkt',
  batched: 'Samlad e-post (högst en i timmen)',
};

function hrefOf(item: NotificationItem): string {
  return `/d/${encodeURIComponent(item.documentId)}${item.threadId ? `#trad-${encodeURIComponent(item.threadId)}` : ''}`;
}

export function NotificationBell() {
  const [listing, setListing] = useState<Listing | null>(null);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  const refresh = useCallback(() => {
    api<Listing>('GET', '/api/notifications').then(
      (result) => setListing(result),
      // Offline or a restart: the count stays as it was until the next poll answers.
      () => undefined,
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [refresh]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const markRead = async (ids?: string[]) => {
    try {
      const { unread } = await api<{ unread: number }>('POST', '/api/notifications/read', ids ? { ids } : {});
      setListing(
        (current) =>
          current && {
            ...current,
            unread,
            notifications: current.notifications.map((item) =>
              !ids || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? new Date().toISOString() } : item,
            ),
          },
      );
    } catch {
      setProblem('Aviseringarna kunde inte markeras som lästa. Försök igen.');
    }
  };

  const openItem = (item: NotificationItem) => {
    if (!item.readAt) void markRead([item.id]);
    setOpen(false);
    navigate(`/d/${encodeURIComponent(item.documentId)}`);
    // The hash after the page: an open document hears it (hashchange) and shows the thread.
    if (item.threadId) window.location.hash = `trad-${encodeURIComponent(item.threadId)}`;
  };

  const setMail = async (mail: MailMode) => {
    try {
      await api('PUT', '/api/notifications/settings', { mail });
      setListing((current) => current && { ...current, mail });
      setProblem(null);
    } catch {
      setProblem('Inställningen kunde inte sparas. Försök igen.');
    }
  };

  const unread = listing?.unread ?? 0;
  return (
    <div className="notification-bell" ref={panel}>
      <button
        type="button"
        className="link-button notification-button"
        aria-expanded={open}
        aria-label={unread > 0 ? `Aviseringar, ${unread} olästa` : 'Aviseringar'}
        onClick={() => {
          setOpen(!open);
          if (!open) refresh();
        }}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 && (
          <span className="notification-count" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section className="notification-panel" aria-label="Aviseringar">
          <header className="notification-panel-head">
            <h2>Aviseringar</h2>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={() => void markRead()}>
                Markera alla som lästa
              </button>
            )}
          </header>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          {listing && listing.notifications.length === 0 ? (
            <p className="notification-empty">Inga aviseringar ännu.</p>
          ) : (
            <ul className="notification-list">
              {listing?.notifications.map((item) => (
                <li key={item.id} className={item.readAt ? 'notification' : 'notification notification-unread'}>
                  <a
                    href={hrefOf(item)}
                    onClick={(event) => {
                      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                      event.preventDefault();
                      openItem(item);
                    }}
                  >
                    <span className="notification-what">
                      {item.readAt ? '' : <span className="visually-hidden">Oläst: </span>}
                      <strong>{item.actorName ?? 'Någon'}</strong> {WHAT[item.kind]}
                      {item.documentTitle ? ` – ${item.documentTitle}` : ''}
                    </span>
                    {item.text && <span className="notification-text">{item.text}</span>}
                    <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString('sv-SE')}</time>
                  </a>
                </li>
              ))}
            </ul>
          )}
          {listing && (
            <label className="notification-mail">
              E-post om aviseringar
              <select value={listing.mail} onChange={(event) => void setMail(event.target.value as MailMode)}>
                {(Object.keys(MAIL_LABELS) as MailMode[]).map((mode) => (
                  <option key={mode} value={mode}>
                    {MAIL_LABELS[mode]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </section>
      )}
    </div>
  );
}
