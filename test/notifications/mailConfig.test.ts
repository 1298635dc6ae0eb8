/** The mail settings are read from the environment, and the SMTP password never reaches the log. */
import { describe, expect, it } from 'vitest';
import { configForLog, configFromEnv } from '../../server/config';

describe('notification mail configuration', () => {
  it('is off without YTTRA_SMTP_URL, and logs the SMTP address without its password', () => {
    expect(configFromEnv({}).mail).toEqual({ smtpUrl: undefined, from: 'Yttra <yttra@localhost>', batchMs: 60 * 60 * 1000 });
    const config = configFromEnv({
      YTTRA_SMTP_URL: 'smtp://yttra:hemligt-ord@mail.kommun.se:587',
      YTTRA_MAIL_FROM: 'Yttra <noreply@kommun.se>',
      YTTRA_MAIL_BATCH_MINUTES: '30',
    });
    expect(config.mail).toEqual({
      smtpUrl: 'smtp://yttra:hemligt-ord@mail.kommun.se:587',
      from: 'Yttra <noreply@kommun.se>',
      batchMs: 30 * 60 * 1000,
    });
    const logged = JSON.stringify(configForLog(config));
    expect(logged).not.toContain('hemligt-ord');
    expect(logged).toContain('mail.kommun.se');
    expect(() => configFromEnv({ YTTRA_SMTP_URL: 'inte en adress' })).toThrow(/YTTRA_SMTP_URL/);
  });
});
