import { describe, expect, it } from 'vitest';
import { createPerson } from '../helpers/people';
import { api, useServersAndClients } from '../helpers/server';
import { newArendeId, registerArende, type ArendeBody } from './fixture';

describe('registering an ärende', () => {
  const { start } = useServersAndClients();

  it('refuses a malformed diarienummer with a message showing the right form', async () => {
    const server = await start();
    const bad = await registerArende(server, 'asn-23-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/ASN-2023-13451/);
  });

  it('refuses a diarienummer that another ärende already has', async () => {
    const server = await start();
    expect((await registerArende(server, 'ASN-2023-12667')).status).toBe(201);
    const duplicate = await registerArende(server, ' ASN-2023-12667 ');
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('Det finns redan ett ärende med diarienumret ASN-2023-12667.');
  });

  it('refuses a meeting without a real date', async () => {
    const server = await start();
    const bad = await registerArende(server, 'ASN-2023-1', { beslutsplanering: [{ organ: 'ASN', date: '2023-02-30' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/2023-08-17/);
  });

  it('refuses a handläggare who is not a user', async () => {
    const server = await start();
    const bad = await registerArende(server, 'ASN-2023-2', { handlaggare: 'ingen-sadan' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Handläggaren/);
  });

  it('keeps the beslutsplanering in date order and names the handläggare', async () => {
    const server = await start();
    const anna = await createPerson(server, 'Anna Utvecklingssekreterare');
    const created = await registerArende(server, 'ASN-2023-13451', { handlaggare: anna.id });
    const view = await api<{ handlaggareName: string; beslutsplanering: Array<{ organ: string }> }>(
      server,
      server.adminToken,
      'GET',
      `/api/arenden/${created.body.arende!.id}`,
    );
    expect(view.body.handlaggareName).toBe('Anna Utvecklingssekreterare');
    expect(view.body.beslutsplanering.map((meeting) => meeting.organ)).toEqual([
      'ASN beredning',
      'Arbetsmarknads- och socialnämndens arbetsutskott',
    ]);
  });

  it('finds ärenden by part of the diarienummer or the ärendemening', async () => {
    const server = await start();
    await registerArende(server, 'ASN-2023-13451', { arendemening: 'Remiss om trygghet' });
    await registerArende(server, 'STK-2023-663', { arendemening: 'Lokalförsörjning' });
    const found = async (q: string) =>
      (
        await api<{ arenden: Array<{ diarienummer: string }> }>(server, server.adminToken, 'GET', `/api/arenden?q=${encodeURIComponent(q)}`)
      ).body.arenden.map((arende) => arende.diarienummer);
    expect(await found('stk')).toEqual(['STK-2023-663']);
    expect(await found('trygghet')).toEqual(['ASN-2023-13451']);
    expect((await found('')).sort()).toEqual(['ASN-2023-13451', 'STK-2023-663']);
  });
});

describe('changing an ärende', () => {
  const { start } = useServersAndClients();

  it('changes only the fields given', async () => {
    const server = await start();
    const id = await newArendeId(server, 'ASN-2023-5446');
    const changed = await api<ArendeBody>(server, server.adminToken, 'PATCH', `/api/arenden/${id}`, { arendemening: '  Ny ärendemening ' });
    expect(changed.status).toBe(200);
    expect(changed.body.arende).toMatchObject({ diarienummer: 'ASN-2023-5446', arendemening: 'Ny ärendemening' });
    expect(changed.body.arende!.beslutsplanering).toHaveLength(2);
  });

  it("refuses to take another ärende's diarienummer", async () => {
    const server = await start();
    await newArendeId(server, 'ASN-2023-1');
    const id = await newArendeId(server, 'ASN-2023-2');
    const taken = await api<ArendeBody>(server, server.adminToken, 'PATCH', `/api/arenden/${id}`, { diarienummer: 'ASN-2023-1' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/redan ett ärende/);
    const same = await api<ArendeBody>(server, server.adminToken, 'PATCH', `/api/arenden/${id}`, { diarienummer: 'ASN-2023-2' });
    expect(same.status).toBe(200);
  });

  it('answers 404 for an ärende that does not exist', async () => {
    const server = await start();
    const missing = await api<ArendeBody>(server, server.adminToken, 'PATCH', '/api/arenden/finnsinte', { arendemening: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('Det finns inget sådant ärende.');
  });
});
