import { describe, expect, it } from 'vitest';
import type { DocumentLayout } from '../../server/export';
import { renderDocx, renderHtml, renderText } from '../../server/export';
import { zipEntry } from './zipEntry';

/** A layout with one section: a numbered list that continues from 4, with a bulleted sub-list. */
const layout: DocumentLayout = {
  letterhead: { organisation: 'Malmö stad' },
  typeLabel: 'Tjänsteskrivelse',
  header: [],
  addressee: [],
  title: 'Fortsatta beslutspunkter',
  sections: [
    {
      key: 'forslagTillBeslut',
      title: 'Förslag till beslut',
      blocks: [
        { kind: 'list', ordered: true, start: 4, items: [[{ text: 'Fjärde punkten' }], [{ text: 'Femte punkten' }]] },
        { kind: 'list', ordered: false, depth: 1, items: [[{ text: 'underpunkt' }]] },
        { kind: 'list', ordered: true, continues: true, items: [[{ text: 'Sjätte punkten' }]] },
      ],
    },
  ],
  signatures: [],
  signaturesAfter: 1,
  closingLines: [],
};

describe('a numbered list that does not start at 1', () => {
  it('keeps its first number and its sub-list in HTML', () => {
    expect(renderHtml(layout)).toContain(
      '<ol start="4"><li>Fjärde punkten</li><li>Femte punkten<ul><li>underpunkt</li></ul></li><li>Sjätte punkten</li></ol>',
    );
  });

  it('is numbered from its first number in text, the sub-list indented', () => {
    expect(renderText(layout)).toContain('4. Fjärde punkten\n5. Femte punkten\n   - underpunkt\n6. Sjätte punkten');
  });

  it('starts its Word numbering at its first number, continuing after the sub-list', async () => {
    const file = await renderDocx(layout);
    expect(zipEntry(file, 'word/numbering.xml')).toContain('<w:start w:val="4"/>');
    const document = zipEntry(file, 'word/document.xml');
    const numId = (text: string) => {
      const at = document.indexOf(text);
      return /<w:numId w:val="(\d+)"\/>/.exec(document.slice(document.lastIndexOf('<w:p>', at), at))?.[1];
    };
    expect(numId('Sjätte punkten')).toBe(numId('Fjärde punkten'));
    expect(numId('underpunkt')).not.toBe(numId('Fjärde punkten'));
  });
});
