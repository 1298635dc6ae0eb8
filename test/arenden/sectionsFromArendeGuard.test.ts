/** The rule on a section the ärende writes: no client change inside it, any change elsewhere as before. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initialiseDocument, metaMap, sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import { ARENDE_LINK, writeSectionsFromArende } from '../../shared/doc/arendeSections';
import { checkBodyUpdate } from '../../server/sync/guards/bodyGuard';
import { typeInSection } from '../helpers/clients';

const MEETINGS = [
  { organ: 'ASN beredning', date: '2023-08-09' },
  { organ: 'Arbetsmarknads- och socialnämnden', date: '2023-08-30' },
];

/** A server doc in an ärende (or not) and a client replica of it; judges the update a client change makes. */
function replicas(inArende = true) {
  const server = new Y.Doc();
  initialiseDocument(server, 'tjansteskrivelse', { title: 'Samverkan med polisen' });
  if (inArende)
    writeSectionsFromArende(server, { id: 'a1', diarienummer: 'ASN-2023-12667', kept: { beslutsplanering: ['Se bilaga'] } }, MEETINGS);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return (change: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    change(client);
    return checkBodyUpdate(server, Y.encodeStateAsUpdate(client, before), 'write');
  };
}

const plan = (doc: Y.Doc) => sectionElements(doc).find((element) => sectionKeyOf(element) === 'beslutsplanering')!;
const firstText = (element: Y.XmlElement): Y.XmlText => {
  let node: Y.XmlElement | Y.XmlText = element;
  while (!(node instanceof Y.XmlText)) node = node.get(0) as Y.XmlElement | Y.XmlText;
  return node;
};

describe('when the document is in an ärende', () => {
  it.each([
    ['typing in it', (doc: Y.Doc) => typeInSection(doc, 'beslutsplanering', 'Kommunfullmäktige 2023-09-28')],
    ['changing a meeting', (doc: Y.Doc) => firstText(plan(doc)).insert(0, 'Extra ')],
    ['making a meeting bold', (doc: Y.Doc) => firstText(plan(doc)).format(0, 3, { bold: {} })],
    ['deleting the kept line', (doc: Y.Doc) => plan(doc).delete(1, 1)],
    [
      'replacing it whole',
      (doc: Y.Doc) => doc.transact(() => (plan(doc).delete(0, plan(doc).length), plan(doc).insert(0, [new Y.XmlElement('paragraph')]))),
    ],
  ])('refuses %s, telling where the meetings are changed', (_what, change) => {
    expect(replicas()(change)).toEqual({
      accepted: false,
      code: 'structure_refused',
      closeConnection: true,
      message: expect.stringContaining('Beslutsplanering visar ärendets sammanträden (ASN-2023-12667) och ändras på ärendets sida'),
    });
  });

  it('accepts typing in every other section', () => {
    expect(replicas()((doc) => typeInSection(doc, 'arendet', 'Bakgrund'))).toEqual({ accepted: true, changesDocument: true });
  });

  it('refuses a client that removes the link to the ärende', () => {
    expect(replicas()((doc) => metaMap(doc).delete(ARENDE_LINK))).toMatchObject({ accepted: false, code: 'structure_refused' });
  });
});

describe('when the document is in no ärende', () => {
  it('accepts typing in its Beslutsplanering', () => {
    expect(replicas(false)((doc) => typeInSection(doc, 'beslutsplanering', 'ASN beredning 2023-08-09'))).toEqual({
      accepted: true,
      changesDocument: true,
    });
  });

  it('refuses a client that links it to an ärende itself', () => {
    expect(replicas(false)((doc) => metaMap(doc).set(ARENDE_LINK, { id: 'x', diarienummer: 'X', kept: {} }))).toMatchObject({
      accepted: false,
      code: 'structure_refused',
    });
  });
});
