import { describe, expect, it } from 'vitest';
import { documentLayout, renderHtml, renderText } from '../../server/export';
import { importText } from '../../server/import';
import { normaliseText, readSeed, SEED_NAMES, seedParagraphs } from '../helpers/seeds';
import { viewOf } from './exportHelpers';

describe.each(SEED_NAMES)('exporting seed %s to text', (name) => {
  const seed = readSeed(name);
  const parsed = importText(seed);
  const text = renderText(documentLayout(viewOf(parsed), parsed.announcedBilagor));

  it('writes every paragraph of the seed, in the seed’s order', () => {
    const exported = normaliseText(text);
    let from = 0;
    for (const paragraph of seedParagraphs(seed)) {
      const at = exported.indexOf(paragraph, from);
      expect(at, `missing or out of order: "${paragraph.slice(0, 80)}"`).toBeGreaterThanOrEqual(0);
      from = at + paragraph.length;
    }
  });

  it('imports back into the same document', () => {
    const again = importText(text);
    expect(again.type).toBe(parsed.type);
    expect(again.fields).toEqual(parsed.fields);
    expect(again.sections).toEqual(parsed.sections);
    expect(again.announcedBilagor).toEqual(parsed.announcedBilagor);
  });
});

describe('exporting the yttrande', () => {
  const parsed = importText(readSeed('yttrande-asn-2023-13451'));
  const layout = documentLayout(viewOf(parsed), parsed.announcedBilagor);

  it('generates the opening line and the closing lines in the seed’s words', () => {
    const text = renderText(layout);
    expect(text).toContain('\n\nArbetsmarknads- och socialnämnden lämnar följande yttrande:\n\n');
    expect(text.trimEnd().split('\n\n').slice(-2)).toEqual([
      'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.',
      'Farishta Sulaiman (M), Ingrid Gunnarson (M) och Anna Adell (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    ]);
  });

  it('writes no closing lines when no bilaga is announced', () => {
    const text = renderText(documentLayout(viewOf(parsed), []));
    expect(text).not.toContain('avser inkomma');
    expect(text.trimEnd().endsWith('Britt-Marie Pettersson\n.....')).toBe(true);
  });

  it('writes semantic, self-contained HTML with an A4 print stylesheet', () => {
    const html = renderHtml(layout);
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<section aria-labelledby="avsnitt-yttrande"><h2 id="avsnitt-yttrande">Yttrande</h2>');
    expect(html).toContain('<h3>Avhopparverksamhet</h3>');
    expect(html).toContain('<em>Hoppa av</em>');
    expect(html).toContain('<dt>Till</dt><dd>Kommunstyrelsen</dd>');
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });

  it('escapes what officials type, so text never becomes markup', () => {
    const view = viewOf(parsed);
    view.sections[0]!.blocks = [{ kind: 'paragraph', runs: [{ text: '<script>alert(1)</script> & "citat"' }] }];
    const html = renderHtml(documentLayout(view, []));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;');
  });
});

describe('exporting a tjänsteskrivelse with an empty optional section', () => {
  it('leaves the optional section out and keeps an empty required section’s heading', () => {
    const parsed = importText(readSeed('tjansteskrivelse-asn-2023-12667'));
    const titles = documentLayout(viewOf(parsed)).sections.map((section) => section.title);
    expect(titles).toContain('Barnperspektiv');
    expect(titles).not.toContain('Beslutet skickas till');
  });
});
