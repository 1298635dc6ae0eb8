/**
 * A worker thread's template registry holds only the built-in packs; an organisation's own pack
 * travels with the task, so that a document made from it exports from a worker exactly as it
 * does in place.
 */
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initialiseDocument, readDocument } from '../../shared/doc/documentState';
import { templates, type TemplatePack } from '../../shared/model';
import { STOCKHOLM_PACK } from '../../shared/model/templatePacks/stockholm';
import { exportDocument } from '../../server/export/exportDocument';
import { templatePacksFor } from '../../server/work/documentStates';
import { WorkerPool } from '../../server/work/workerPool';

const GOTLAND_PACK: TemplatePack = {
  ...STOCKHOLM_PACK,
  id: 'gotland-worker-test',
  name: 'Region Gotland',
  letterhead: { organisation: 'Region Gotland', forvaltning: 'Regionstyrelseförvaltningen' },
};
templates.add(GOTLAND_PACK);

function gotlandView() {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', {
    template: { pack: GOTLAND_PACK.id, version: GOTLAND_PACK.version },
    title: 'Avgifter inom hemtjänsten',
    fields: { diarienummer: 'RS 2024/17', namnd: 'Regionstyrelsen' },
    sections: { sammanfattning: [{ kind: 'paragraph', runs: [{ text: 'Förvaltningen föreslår nya avgifter.' }] }] },
  });
  return readDocument(doc);
}

describe('an organisation’s template pack in a worker', () => {
  const pool = new WorkerPool({ size: 1 });
  afterAll(() => pool.close());

  it('exports a document of that pack as the main thread does', async () => {
    const view = gotlandView();
    const expected = await exportDocument(view, [], 'txt');
    expect(expected.body.toString('utf8')).toContain('Tjänsteutlåtande');
    const packs = templatePacksFor(view.template);
    expect(packs.map((pack) => pack.id)).toEqual([GOTLAND_PACK.id]);
    const file = await pool.run('exportFile', { source: { view, packs }, bilagor: [], format: 'txt', options: {} });
    expect(Buffer.from(file.body).toString('utf8')).toBe(expected.body.toString('utf8'));
    expect(file.filename).toBe(expected.filename);
  });

  it('would not know the pack without it (which is why it is sent)', async () => {
    const view = { ...gotlandView(), template: { pack: 'gotland-unsent', version: 1 } };
    const file = await pool.run('exportFile', { source: { view }, bilagor: [], format: 'txt', options: {} });
    expect(Buffer.from(file.body).toString('utf8')).not.toContain('Tjänsteutlåtande');
  });
});
