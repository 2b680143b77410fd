import { describe, expect, it } from 'vitest';
import { buildAuditCard } from '../../../src/cards/audit-card';
import { planButtons } from '../../../src/cards/card';
import { buildHelpCard } from '../../../src/cards/help-card';
import { buildStatusCard } from '../../../src/cards/status-card';
import { buildWelcomeCard } from '../../../src/cards/welcome-card';
import { buildWhoamiCard } from '../../../src/cards/whoami-card';
import { commands } from '../../../src/bot/commands';
import { COMMAND_GROUPS } from '../../../src/dialogs/command';
import { helpEntries } from '../../../src/dialogs/help';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const cards = {
  help: buildHelpCard({
    botName: 'LLMOps Bot',
    entries: helpEntries(commands),
    groups: COMMAND_GROUPS,
    hint: 'I don\'t know "deplyo".',
    quickActions: ['status', 'whoami'],
  }),
  helpOne: buildHelpCard({
    botName: 'LLMOps Bot',
    entries: helpEntries(commands.slice(0, 1)),
    groups: COMMAND_GROUPS,
  }),
  welcome: buildWelcomeCard({
    botName: 'LLMOps Bot',
    conversationType: 'channel',
    examples: ['help'],
  }),
  status: buildStatusCard({
    botName: 'LLMOps Bot',
    version: '0.1.0',
    environmentName: 'lab',
    authEnabled: false,
    conversations: { total: 3, inactive: 1 },
    delivery: { pending: 2, failed: 1, dead: 1, uncertain: 0 },
    probes: [
      { name: 'Store', target: 'SQLite', configured: true, ok: true, detail: 'open', latencyMs: 1 },
      {
        name: 'MLflow',
        target: 'http://127.0.0.1:5000',
        configured: true,
        ok: false,
        detail: 'timed out',
        latencyMs: 5000,
      },
      {
        name: 'Azure',
        target: 'not configured',
        configured: false,
        ok: undefined,
        detail: 'not configured',
        latencyMs: undefined,
      },
    ],
  }),
  whoami: buildWhoamiCard({
    userName: 'Ona Call',
    aadObjectId: '2222',
    conversationType: 'channel',
    teamId: '19:team',
    channelId: '19:alerts',
    canMutate: false,
    why: 'not listed',
  }),
  auditEmpty: buildAuditCard({ entries: [] }),
  audit: buildAuditCard({
    entries: Array.from({ length: 50 }, (_, i) => ({
      id: i,
      at: 1_764_460_800_000 + i,
      actorId: 'aad',
      actorName: 'Ona',
      conversationId: 'c',
      action: 'provision',
      plan: 'p',
      result: 'denied' as const,
      detail: 'Your Entra object id is not in ADMIN_AAD_OBJECT_IDS; ask an operator to add it.',
      durationMs: 12,
    })),
  }),
};

describe('cards', () => {
  it.each(Object.entries(cards))(
    '%s card parses with no events and fits the budget',
    (_name, card) => {
      const { events, bytes } = checkCard(card);
      expect(events).toEqual([]);
      expect(bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    },
  );

  it('the validator catches a broken card', () => {
    const { events } = checkCard({
      type: 'AdaptiveCard',
      version: '1.6',
      body: [{ type: 'TextBlok', text: 'x' }],
      actions: [{ type: 'Action.Foo', title: 'x' }],
    });
    expect(events.some((e) => e.includes('version "1.6"'))).toBe(true);
    expect(events.some((e) => e.includes('TextBlok'))).toBe(true);
    expect(events.some((e) => e.includes('Action.Foo'))).toBe(true);
  });

  it('every button has an Action.Submit fallback carrying the same data', () => {
    for (const action of (cards.help.actions ?? []) as Record<string, unknown>[]) {
      expect(action.type).toBe('Action.Execute');
      const fallback = action.fallback as Record<string, unknown>;
      expect(fallback.type).toBe('Action.Submit');
      expect(fallback.data).toEqual(action.data);
    }
  });

  it('status labels do not rely on colour alone', () => {
    const json = JSON.stringify(cards.status);
    expect(json).toContain('✔ OK');
    expect(json).toContain('✖ Failing');
    expect(json).toContain('○ Not configured');
  });
});

describe('plan buttons', () => {
  it('read Confirm and Cancel in the plan language, a named answer kept as given', () => {
    const verbs = { confirm: 'x.confirm', cancel: 'x.cancel' };
    const titles = (lang?: 'en' | 'fr') =>
      planButtons('op-1', verbs, undefined, lang).map((a) => a.title);
    expect(titles()).toEqual(['Confirm', 'Cancel']);
    expect(titles('fr')).toEqual(['Confirmer', 'Annuler']);
    const named = planButtons(
      'op-1',
      verbs,
      { title: 'Tout supprimer', style: 'destructive' },
      'fr',
    );
    expect(named.map((a) => a.title)).toEqual(['Tout supprimer', 'Annuler']);
    expect(planButtons(undefined, verbs, undefined, 'fr')).toEqual([]);
  });
});
