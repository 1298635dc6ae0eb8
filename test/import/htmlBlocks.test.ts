import { describe, expect, it } from 'vitest';
import { htmlToSourceBlocks } from '../../server/import/htmlBlocks';
import { sourceText } from '../../server/import/sourceBlocks';

describe("reading mammoth's HTML", () => {
  it('keeps the text of lists and tables nested 20,000 deep without recursing through them', () => {
    const depth = 20_000;
    const html = `<h2>Ärendet</h2>${'<ul><li>nivå'.repeat(depth)}${'</li></ul>'.repeat(depth)}${'<table><tr><td>cell'.repeat(depth)}${'</td></tr></table>'.repeat(depth)}`;
    const text = htmlToSourceBlocks(html).map(sourceText).join(' ');
    expect(text.match(/nivå/g)).toHaveLength(depth);
    expect(text.match(/cell/g)).toHaveLength(depth);
  });

  // A quadratic reader would take minutes on these; the test's timeout is the budget.
  it.each([
    ['unclosed tags', '<a'.repeat(500_000)],
    ['angle brackets', '<'.repeat(1_000_000)],
    ['entity starts', '&#'.repeat(500_000)],
    ['attributes without an end', `<p ${'a="1" '.repeat(150_000)}`],
  ])('reads 1 MB of %s', (_, hostile) => {
    expect(() => htmlToSourceBlocks(hostile)).not.toThrow();
  });
});
