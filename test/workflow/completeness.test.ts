import { describe, expect, it } from 'vitest';
import { completenessIssues } from '../../shared/model/completeness';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import { importText } from '../../server/import';
import { readSeed, type SeedName } from '../helpers/seeds';

function seedView(name: SeedName): DocumentSnapshotView {
  const parsed = importText(readSeed(name));
  return {
    type: parsed.type,
    title: parsed.title,
    status: 'utkast',
    fields: parsed.fields,
    sections: Object.entries(parsed.sections).map(([key, blocks]) => ({ key, blocks })),
  };
}

const missing = (view: DocumentSnapshotView) => completenessIssues(view).map((issue) => `${issue.kind}:${issue.key}`);

describe('the completeness check on the seed documents', () => {
  it('finds ASN-2023-5446 complete', () => {
    expect(missing(seedView('tjansteskrivelse-asn-2023-5446'))).toEqual([]);
  });

  it('finds that ASN-2023-12667 lacks Barnperspektiv', () => {
    // The seed has no Barnperspektiv section: it must be written or motivated as not relevant.
    expect(missing(seedView('tjansteskrivelse-asn-2023-12667'))).toEqual(['section:barnperspektiv']);
  });

  it('finds the yttrande ASN-2023-13451 complete', () => {
    expect(missing(seedView('yttrande-asn-2023-13451'))).toEqual([]);
  });

  it('names an emptied section, a missing beslutspunkt and an invalid diarienummer', () => {
    const view = seedView('tjansteskrivelse-asn-2023-5446');
    view.fields.diarienummer = 'asn-23-1';
    view.sections = view.sections.map((section) =>
      section.key === 'sammanfattning' || section.key === 'forslagTillBeslut' ? { ...section, blocks: [] } : section,
    );
    const issues = completenessIssues(view);
    expect(issues.map((issue) => `${issue.kind}:${issue.key}`)).toEqual([
      'field:diarienummer',
      'section:sammanfattning',
      'section:forslagTillBeslut',
    ]);
    expect(issues[2]!.message).toMatch(/minst en beslutspunkt/);
  });
  it('finds that a särskilt yttrande on the seed yttrande still needs its sammanträdesdatum and its statement', () => {
    const main = seedView('yttrande-asn-2023-13451');
    const bilaga: DocumentSnapshotView = {
      type: 'sarskilt_yttrande',
      title: `Särskilt yttrande: ${String(main.fields.remissTitel)}`,
      status: 'utkast',
      fields: {
        namnd: main.fields.namnd!,
        arendemening: main.fields.remissTitel!,
        diarienummer: main.fields.diarienummer!,
        sammantradesdatum: '',
        paragraf: '',
        undertecknare: [
          { name: 'Kerstin Håkansson', party: 'M' },
          { name: 'Marek Lakatos', party: 'V' },
        ],
      },
      sections: [{ key: 'yttrande', blocks: [{ kind: 'paragraph', runs: [] }] }],
    };
    expect(missing(bilaga)).toEqual(['field:sammantradesdatum', 'section:yttrande']);
  });
});
