/**
 * Stock y-websocket clients in Node, as an outside tool would connect, plus small helpers to
 * edit a section and wait for conditions.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { readSections, sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { blockText } from '../../shared/doc/blocks';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function connectClient(serverUrl: string, documentId: string, params: Record<string, string> = {}): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function waitSynced(client: TestClient): Promise<void> {
  await waitFor(() => client.provider.synced, 'client to sync');
}

/** Appends text to the first paragraph of a section, as typing at its end would. */
export function typeInSection(doc: Y.Doc, sectionKey: string, text: string): void {
  const section = sectionElements(doc).find((element) => sectionKeyOf(element) === sectionKey);
  if (!section) throw new Error(`no section ${sectionKey}`);
  let paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
  if (!paragraph) {
    doc.transact(() => section.insert(section.length, [new Y.XmlElement('paragraph')]));
    paragraph = section.get(section.length - 1) as Y.XmlElement;
  }
  let textNode = paragraph.get(0);
  if (!(textNode instanceof Y.XmlText)) {
    paragraph.insert(0, [new Y.XmlText()]);
    textNode = paragraph.get(0);
  }
  const xmlText = textNode as Y.XmlText;
  xmlText.insert(xmlText.length, text);
}

export function sectionText(doc: Y.Doc, sectionKey: string): string {
  const section = readSections(doc).find((entry) => entry.key === sectionKey);
  return section ? section.blocks.map(blockText).join('\n') : '';
}

export function sectionKeys(doc: Y.Doc): string[] {
  return sectionElements(doc).map((element) => sectionKeyOf(element) ?? '?');
}
