import { describe, expect, it } from 'vitest';
import { readDocument } from '../../shared/doc/documentState';
import { completenessIssues } from '../../shared/model';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { oldLayoutDocument } from '../sync/headerFieldsOldLayout';

describe('the completeness check on header values of the wrong shape', () => {
  it('judges a stored {name: 5} in a date field as text that is not a date, and does not throw', () => {
    const doc = oldLayoutDocument('tjansteskrivelse', {
      title: 'T',
      fields: { datum: { name: 5 }, varReferens: 'Anna Adell', diarienummer: ['x'] },
    });
    const issues = completenessIssues(readDocument(doc));
    expect(issues.find((issue) => issue.key === 'datum')?.message).toBe('Datum ska vara ett datum som 2023-09-27.');
    expect(issues.some((issue) => issue.key === 'varReferens')).toBe(false);
  });

  it('does not throw on a plain view whose values were never read through their kind', () => {
    const view = {
      type: 'reservation',
      title: 'R',
      status: 'utkast',
      fields: { sammantradesdatum: { name: 5 }, undertecknare: [null, { name: 7 }], ordforande: 12 },
      sections: [],
    } as unknown as DocumentSnapshotView;
    expect(() => completenessIssues(view)).not.toThrow();
    expect(completenessIssues(view).find((issue) => issue.key === 'undertecknare')).toBeUndefined();
  });
});
