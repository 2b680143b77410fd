import { describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness } from '../../support/bot-harness';

/** pino's number for the warn level. */
const WARN = 40;

describe('settings accepted with a warning (bot harness)', () => {
  it('an e-mail in ADMIN_AAD_OBJECT_IDS is logged at warn level at start and shown by `status`', async () => {
    const h = await startHarness({ env: { ADMIN_AAD_OBJECT_IDS: 'someone@example.com' } });
    try {
      const warned = h.logs.filter(
        (l) => l.level === WARN && String(l.msg).startsWith('ADMIN_AAD_OBJECT_IDS: "someone@'),
      );
      expect(warned).toHaveLength(1);
      expect(String(warned[0]?.msg)).toContain('is not an Entra object id');
      await h.send(h.a.personal('status'));
      const [reply] = await h.connector.waitFor(1);
      expect(cardText(cardOf(reply?.body))).toContain(
        '⚠ ADMIN_AAD_OBJECT_IDS: "someone@example.com" is not an Entra object id',
      );
      // The log stays English; the card speaks the reader's language.
      await h.send(h.a.personal('status', { locale: 'fr-FR' }));
      const [, french] = await h.connector.waitFor(2);
      expect(cardText(cardOf(french?.body))).toContain(
        '⚠ ADMIN_AAD_OBJECT_IDS : « someone@example.com » n’est pas un ID d’objet Entra',
      );
    } finally {
      await h.stop();
    }
  });
});
