import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftImport } from '../../../src/cli/drift-import-command';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type Harness,
} from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { rng } from '../../support/drift-rig';

const HOUR = 3_600_000;
let h: Harness;

/** Two hours of predictions: a calm one, then a slow, verbose one (JSON Lines, via the CLI). */
function jsonl(now: number): string {
  const r = rng(11);
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    const current = i >= 100;
    const at = now - (current ? HOUR : 2 * HOUR) + (i % 100) * 30_000 + 1_000;
    lines.push(
      JSON.stringify({
        at,
        target: 'gpt-test',
        latency_ms: Math.round((current ? 1_400 : 400) * (0.8 + r() * 0.4)),
        completion_tokens: Math.round((current ? 350 : 100) * (0.8 + r() * 0.4)),
        prompt_tokens: 50,
        status: 'ok',
        finish_reason: current && i % 3 === 0 ? 'length' : 'stop',
      }),
    );
  }
  return lines.join('\n');
}

beforeAll(async () => {
  h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      DRIFT_DEFAULT_TARGET: 'gpt-test',
      DRIFT_WINDOW_HOURS: '1',
      DRIFT_FEATURES: 'latency_ms,completion_tokens,finish_reason,status,response_chars',
    },
  });
  const out: string[] = [];
  const code = await runDriftImport(['drift.jsonl'], {
    readFile: () => Promise.resolve(jsonl(Date.now())),
    openStore: () => Promise.resolve(openSqliteStore(h.dataDir)),
    now: Date.now,
    stdout: (s) => out.push(s),
    stderr: (s) => out.push(s),
  });
  expect(code).toBe(0);
  expect(out.join('')).toContain('Imported 200 predictions');
});
afterAll(() => h.stop());

describe('drift in Teams (bot harness)', () => {
  it('`drift` answers with a report card: verdict, per-feature rows, windows, chart', async () => {
    const before = h.connector.requests.length;
    await h.send(h.a.personal('drift'));
    const replies = await h.connector.waitFor(before + 1);
    const card = cardOf(replies[before]?.body);
    expect(card).toBeDefined();
    const check = checkCard(card ?? {});
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    const text = cardText(card);
    expect(text).toContain('Drift report: gpt-test');
    // The imported file has no response_chars: missing data, left out of the share (issue 13).
    expect(text).toMatch(/Dataset drift: \d of 4 features drifted/);
    expect(text).toContain('Insufficient data (not tested): Response length.');
    expect(text).toContain('Latency (ms)');
    expect(text).toContain('DRIFTED');
    expect(text).toContain('100 calls');
    expect(JSON.stringify(card)).toContain('"Chart.Line"');
  });

  it('`drift` in a French client: the same card in French, feature names and numbers too', async () => {
    const before = h.connector.requests.length;
    await h.send(h.a.personal('drift', { locale: 'fr-FR' }));
    const replies = await h.connector.waitFor(before + 1);
    const card = cardOf(replies[before]?.body);
    expect(checkCard(card ?? {}).events).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Rapport de dérive : gpt-test');
    expect(text).toMatch(
      /Dérive du jeu de données : \d caractéristiques? sur 4 (a|ont) dérivé \(\d+\s%\)/,
    );
    expect(text).toContain('Données insuffisantes (non testées) : Longueur de la réponse.');
    expect(text).toContain('Latence (ms)');
    expect(text).toContain('DÉRIVE');
    expect(text).toContain('100 appels');
    expect(text).not.toContain('Latency');
    expect(String(replies[before]?.body?.summary)).toMatch(
      /^Rapport de dérive pour gpt-test : \d caractéristiques? sur 4 (a|ont) dérivé$/,
    );
  });

  it('a bad argument and a refused button answer in French', async () => {
    let n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --sustained 0', { locale: 'fr-FR' }));
    let got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^L’option `--sustained` doit être un nombre entier de 1 à 100\. Syntaxe : .*, par ex\. /,
    );
    n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --every "*/90 * * * *"', { locale: 'fr-FR' }));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^« \*\/90 \* \* \* \* » n’est pas une planification utilisable : le champ des minutes n’a que 60 valeurs.* Utilisez un pas d’au plus 60/,
    );
    n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --tz Lune/Base', { locale: 'fr-FR' }));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toContain('« Lune/Base » n’est pas un fuseau horaire.');
    n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --often', { locale: 'fr-FR' }));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^`--often` n’est pas une option de cette commande\. Ses options : --every, --tz, --sustained, --only\. Syntaxe : /,
    );
    const other = h.activities({
      user: {
        id: '29:dev-two',
        name: 'Dev Two',
        aadObjectId: '22222222-2222-2222-2222-222222222222',
      },
    });
    await h.send(other.invokeAction('drift.retrain', { incidentId: 'abc' }, { locale: 'fr-FR' }));
    n = h.connector.requests.length;
    const denial = String(h.connector.requests[n - 1]?.body?.text);
    expect(denial).toMatch(
      /^Vous n’êtes pas autorisé à utiliser ce bouton \(il demande l’autorisation de `drift`\)\./,
    );
    expect(denial).toContain('Votre identifiant est 22222222-2222-2222-2222-222222222222');
    expect(denial).toContain('ADMIN_AAD_OBJECT_IDS (ID d’objet Entra)');
    n = h.connector.requests.length;
    await h.send(h.a.channel('subscriptions', { locale: 'fr-FR' }));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(/^(Aucun abonnement|Abonnements de ce canal)/);
  });

  it('`subscribe drift` in French: the confirmation and the list read in French', async () => {
    const fr = { locale: 'fr-FR' };
    let n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --every "0 9 * * *" --sustained 3', fr));
    let got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^Abonnement créé dans ce canal : Vérification de dérive · gpt-test · chaque jour à 09:00 UTC · persistante 3\. Prochaine vérification : \d{4}-/,
    );
    n = got.length;
    await h.send(h.a.channel('subscriptions', fr));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^Abonnements de ce canal :\n\n- \*\*Vérification de dérive\*\* · gpt-test · chaque jour à 09:00 UTC · persistante 3 · prochaine vérification : \d{4}-/,
    );
    n = got.length;
    await h.send(h.a.channel('subscribe météo', fr));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^Je ne sais pas m’abonner à « météo »\. Types connus : `drift`/,
    );
    n = got.length;
    await h.send(h.a.channel('unsubscribe drift', fr));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toBe(
      'Désabonné : « Vérification de dérive » ne s’exécute plus dans ce canal.',
    );
  });

  it('`subscribe drift` works only in a channel, is audited, and shows in `subscriptions`', async () => {
    let n = h.connector.requests.length;
    await h.send(h.a.personal('subscribe drift'));
    let got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toContain('team channel');

    n = got.length;
    await h.send(
      h.a.channel('subscribe drift --every "*/5 * * * *" --tz Europe/Berlin --sustained 2'),
    );
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^Subscribed in this channel: Drift check · gpt-test · every 5 minutes · sustained 2\. Next check/,
    );
    expect(
      (await h.auditEntries(5)).some((e) => e.action === 'subscribe drift' && e.result === 'ok'),
    ).toBe(true);

    n = got.length;
    await h.send(h.a.channel('subscribe drift --every "every minute"'));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toContain('is not a valid cron expression');

    n = got.length;
    await h.send(h.a.channel('subscriptions'));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /\*\*Drift check\*\* · gpt-test · every 5 minutes · sustained 2 · next \d{4}-/,
    );

    n = got.length;
    await h.send(h.a.channel('unsubscribe drift'));
    got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toContain('Unsubscribed');
  });

  it('`subscribe --every` refuses a step beyond its field instead of confirming a false schedule', async () => {
    const n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe drift --every "*/99 * * * *"'));
    const got = await h.connector.waitFor(n + 1);
    const text = String(got[n]?.body?.text);
    expect(text).toContain(
      'the minute field has only 60 values, so a step of 99 would fire once per hour',
    );
    expect(text).not.toContain('Subscribed');
  });

  it('`subscribe` of an unknown kind names the known kinds', async () => {
    const n = h.connector.requests.length;
    await h.send(h.a.channel('subscribe weather'));
    const got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toMatch(
      /^I can't subscribe to "weather"\. Known kinds: `drift`/,
    );
  });

  it('Start retraining is for permitted users only: the router denies others and audits it', async () => {
    const other = h.activities({
      user: {
        id: '29:dev-one',
        name: 'Dev One',
        aadObjectId: '22222222-2222-2222-2222-222222222221',
      },
    });
    const res = await h.send(other.invokeAction('drift.retrain', { incidentId: 'abc' }));
    expect(res.status).toBe(200);
    const n = h.connector.requests.length;
    const denial = h.connector.requests[n - 1];
    expect(String(denial?.body?.text)).toMatch(/^You may not use this button/);
    const entry = (await h.auditEntries(5)).find((e) => e.action === 'action:drift.retrain');
    expect(entry?.result).toBe('denied');
  });

  it('Acknowledge on an alert the bot no longer tracks says so instead of failing', async () => {
    const n = h.connector.requests.length;
    await h.send(h.a.invokeAction('drift.ack', { incidentId: 'gone' }));
    const got = await h.connector.waitFor(n + 1);
    expect(String(got[n]?.body?.text)).toContain('no longer tracked');
  });
});
