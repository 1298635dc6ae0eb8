/**
 * One tab's connection to one room: the stock y-websocket provider, plus what Yttra adds —
 * "saved" acknowledgements (so the status can say "Sparat" truthfully), typed errors, and
 * reconnection with jittered backoff that stops when the server says retrying cannot help.
 * Works in the browser and in Node (tests pass a WebSocket implementation).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { filterAwarenessUpdate } from '../../shared/protocol/awareness';
import {
  CAPABILITY_ACKS,
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_YTTRA,
  encodeHello,
  isDocumentChangeFrame,
  readYttraMessage,
} from '../../shared/protocol/messages';
import { isPermanentClose, reconnectDelay, restartDelay, RESTART_WINDOW_MS } from './reconnectPolicy';

/** `retryAt` (epoch ms): when the next attempt to reach the server is due, while offline. */
export type SyncState =
  | { kind: 'connecting' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'offline'; retryAt?: number }
  | { kind: 'refused'; message: string };

export interface DocumentConnectionOptions {
  serverUrl: string;
  room: string;
  doc: Y.Doc;
  params?: Record<string, string>;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  /**
   * y-websocket can share changes between tabs over a BroadcastChannel. Yttra does not by
   * default: a change that reached a tab that way could arrive at the server before the change it
   * builds on, and every tab has its own socket anyway.
   */
  disableBroadcastChannel?: boolean;
  /** Called with every change of state (for the status line). */
  onState?: (state: SyncState) => void;
  /** Called when the server refused a change and closed: the local copy must be reloaded. */
  onRefused?: (code: string, message: string) => void;
}

export class DocumentConnection {
  readonly provider: WebsocketProvider;
  private sent = 0;
  private acked = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAt: number | null = null;
  /** When the server last said it was restarting (1012), until a sync with it succeeds. */
  private restartSince: number | null = null;
  /** The user asked to try now: "Ansluter…" rather than "Offline" until that attempt ends. */
  private retryingNow = false;
  private stateValue: SyncState = { kind: 'connecting' };
  private lastError: string | null = null;
  private destroyed = false;
  /** Every reconnect delay chosen, for tests and diagnostics. */
  readonly delays: number[] = [];

  constructor(private readonly options: DocumentConnectionOptions) {
    const Base = options.WebSocketImpl ?? WebSocket;
    // Count the document-change frames each socket sends, to compare with the server's acks.
    const connection = this;
    class CountingWebSocket extends (Base as unknown as { new (url: string, protocols?: string | string[]): WebSocket }) {
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        if (data instanceof Uint8Array && isDocumentChangeFrame(data)) connection.sent += 1;
        super.send(data);
      }
    }
    this.provider = new WebsocketProvider(options.serverUrl, options.room, options.doc, {
      WebSocketPolyfill: CountingWebSocket as unknown as typeof WebSocket,
      params: options.params ?? {},
      disableBc: options.disableBroadcastChannel ?? true,
      // Reconnection is ours (jittered); the provider's own loop is switched off on each close.
      maxBackoffTime: 60_000,
    });
    this.provider.messageHandlers[MESSAGE_YTTRA] = (_encoder, decoder) => this.onYttraMessage(decoder);
    // Others' presence passes the shared awareness schema before it reaches any reader (the
    // editor's caret rendering among them): a state that does not fit is never applied.
    this.provider.messageHandlers[MESSAGE_AWARENESS] = (_encoder, decoder, provider) => {
      const update = filterAwarenessUpdate(decoding.readVarUint8Array(decoder));
      if (update) awarenessProtocol.applyAwarenessUpdate(provider.awareness, update, provider);
    };
    const defaultAuth = this.provider.messageHandlers[MESSAGE_AUTH];
    this.provider.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, provider, emitSynced, messageType) => {
      const copy = decoding.clone(decoder);
      decoding.readVarUint(copy);
      this.lastError = decoding.readVarString(copy);
      defaultAuth?.(encoder, decoder, provider, emitSynced, messageType);
    };
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') {
        this.sent = 0;
        this.acked = 0;
        this.provider.ws?.send(encodeHello(CAPABILITY_ACKS));
      }
      this.refresh();
    });
    this.provider.on('sync', (synced: boolean) => {
      // A server that synced with us is healthy again: the next loss starts the backoff afresh.
      if (synced) {
        this.attempt = 0;
        this.restartSince = null;
      }
      this.refresh();
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => this.onClose(event));
    options.doc.on('update', this.onLocalUpdate);
    // The browser says the network is back: no reason to sit out the rest of the backoff.
    globalThis.addEventListener?.('online', this.onOnline);
  }

  private readonly onOnline = (): void => this.retryNow();

  /**
   * Tries to reach the server at once instead of waiting for the scheduled attempt ("Försök igen
   * nu"). Does nothing while connected or after a permanent refusal.
   */
  retryNow(): void {
    if (this.destroyed || this.stateValue.kind === 'refused' || this.provider.wsconnected || this.provider.wsconnecting) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
    this.retryingNow = true;
    this.provider.connect();
    this.refresh();
  }

  get state(): SyncState {
    return this.stateValue;
  }

  private readonly onLocalUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin !== this.provider) this.refresh();
  };

  private onYttraMessage(decoder: decoding.Decoder): void {
    const message = readYttraMessage(decoder);
    if (message.kind === 'ack') {
      this.acked = Math.max(this.acked, message.count);
      this.attempt = 0;
      this.refresh();
    } else if (message.kind === 'error') {
      this.lastError = message.message;
      // Only a change the server will never take means the local copy must be dropped.
      if (message.code === 'structure_refused' || message.code === 'suggestion_refused' || message.code === 'forbidden') {
        this.options.onRefused?.(message.code, message.message);
      }
    }
  }

  private onClose(event: CloseEvent | null): void {
    if (this.destroyed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryingNow = false;
    // Take over from the provider's own fixed backoff. The provider emits this event mid-way
    // through its close handling, so its loop is stopped once that is done (before any timer).
    queueMicrotask(() => {
      if (!this.destroyed) this.provider.disconnect();
    });
    if (isPermanentClose(event?.code)) {
      this.setState({ kind: 'refused', message: this.lastError ?? event?.reason ?? 'Servern nekade anslutningen.' });
      return;
    }
    const now = Date.now();
    if (event?.code === CLOSE.serverRestart) this.restartSince ??= now;
    const restarting = this.restartSince !== null && now - this.restartSince < RESTART_WINDOW_MS;
    const delay = restarting ? restartDelay(this.options.random) : reconnectDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.delays.push(delay);
    this.retryAt = now + delay;
    this.setState({ kind: 'offline', retryAt: this.retryAt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      if (!this.destroyed) this.provider.connect();
    }, delay);
  }

  private refresh(): void {
    if (this.stateValue.kind === 'refused') return;
    if (!this.provider.wsconnected) {
      const connecting = this.provider.wsconnecting && (this.attempt === 0 || this.retryingNow);
      this.setState(connecting ? { kind: 'connecting' } : { kind: 'offline', ...(this.retryAt ? { retryAt: this.retryAt } : {}) });
    } else if (!this.provider.synced) {
      this.setState({ kind: 'connecting' });
    } else {
      this.setState({ kind: this.acked >= this.sent ? 'saved' : 'saving' });
    }
  }

  private setState(state: SyncState): void {
    const same = state.kind === this.stateValue.kind && JSON.stringify(state) === JSON.stringify(this.stateValue);
    this.stateValue = state;
    if (!same) this.options.onState?.(state);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    globalThis.removeEventListener?.('online', this.onOnline);
    this.options.doc.off('update', this.onLocalUpdate);
    this.provider.destroy();
  }
}
