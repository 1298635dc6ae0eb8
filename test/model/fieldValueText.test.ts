/**
 * A header field as one line of text, as the version comparison, the import plan and a template
 * migration (which keeps a value with no field in the new template as text) all read it.
 */
import { describe, expect, it } from 'vitest';
import { fieldValueText } from '../../shared/model';

describe('a header field as text', () => {
  it('keeps everything each person holds, also when there are several', () => {
    expect(
      fieldValueText([
        { name: 'Kerstin Håkansson', party: 'M', title: 'Ordförande', email: 'kerstin@example.se' },
        { name: 'Ali Rahimi', title: 'Ledamot' },
      ]),
    ).toBe('Kerstin Håkansson (M), Ordförande, kerstin@example.se; Ali Rahimi, Ledamot');
  });

  it('gives a text as it is, and leaves out empty parts and empty persons', () => {
    expect(fieldValueText('ASN-2023-5446')).toBe('ASN-2023-5446');
    expect(fieldValueText({ name: 'Britt-Marie Ek', title: '  ' })).toBe('Britt-Marie Ek');
    expect(fieldValueText([{ name: '' }, { name: 'Ali Rahimi' }])).toBe('Ali Rahimi');
  });
});
