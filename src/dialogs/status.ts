import { buildStatusCard } from '../cards/status-card';
import { buildLabStatusCard } from '../cards/lab-status-card';
import { defineCommand, type CommandContext } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { commandArgs } from './command-args';
import { hasRequirements, missingRequirements, requirementSettings } from './requirements';
import {
  probeDetail,
  probeName,
  probeTarget,
  type ProbeResult,
} from '../platform/health/health-service';
import type { StatusRow } from '../cards/status-card';
import { DEPLOY_KIND } from '../workflows/deploy/deploy-params';
import { unrecordedDeploys } from '../workflows/deploy/unrecorded-deploys';
import { unrecordedText } from '../cards/unrecorded-text';
import { en } from '../chat/messages/catalogues';

/**
 * What `status` shows of a probe here: a row not configured names the variables that would
 * configure it (the same text as the commands' "not configured" replies), and a path on the
 * bot's server (SQLite's file) is shown in personal chat only, never to a channel or group.
 */
function statusRow(p: ProbeResult, personal: boolean, ctx: CommandContext): StatusRow {
  const toConfigure =
    !p.configured && p.kind !== undefined && p.kind !== 'store'
      ? requirementSettings(p.kind, ctx.lang)
      : undefined;
  const target = p.serverPath && !personal ? ctx.t('status.serverFile') : probeTarget(p, ctx.lang);
  return {
    ...p,
    name: probeName(p, ctx.lang),
    target,
    detail: probeDetail(p, ctx.lang),
    ...(toConfigure ? { toConfigure } : {}),
  };
}

/** `status lab`: the lab's resources and states from a live ARM listing (slower than `status`). */
async function labStatus(ctx: CommandContext): Promise<Reply> {
  const { services } = ctx;
  if (!hasRequirements(services, ['azure'])) {
    return textReply(missingRequirements(services, ['azure'], ctx.lang) ?? '');
  }
  const { azure, lab, info, operations } = services;
  const rg = lab.names.resourceGroup;
  const inventory = await azure.listInventory(rg);
  const lastOperation = (await operations.repo.latest(info.environmentName, 20)).find(
    (o) => o.kind === 'provision' || o.kind === 'cleanup',
  );
  const card = buildLabStatusCard({
    environment: info.environmentName,
    resourceGroup: rg,
    inventory,
    lastOperation,
    lang: ctx.lang,
  });
  return cardReply(
    card,
    ctx.t('lab.labStatus.preview', {
      environment: info.environmentName,
      count: inventory.items.length,
    }),
  );
}

export const statusCommand = defineCommand({
  id: 'status',
  group: 'Bot',
  description: en.commands.status,
  usage: 'status [lab]',
  examples: ['status', 'status lab'],
  mutating: false,
  args: commandArgs({ words: { max: 1, what: 'labWord' } }),
  async handle(ctx, args) {
    if (args.positional[0]?.toLowerCase() === 'lab') return labStatus(ctx);
    const { info, health, conversations, outbox, operations } = ctx.services;
    const probes = await health.checkAll();
    const unrecorded = unrecordedDeploys(await operations.repo.latestOfKind(DEPLOY_KIND, 50));
    const personal = ctx.conversation.conversationType === 'personal';
    const card = buildStatusCard({
      botName: info.name,
      version: info.version,
      environmentName: info.environmentName,
      authEnabled: info.authEnabled,
      configWarnings: (info.configWarnings ?? []).map((w) => ctx.t(w.message.key, w.message.vars)),
      probes: probes.map((p) => statusRow(p, personal, ctx)),
      notices: unrecorded.map(unrecordedText),
      conversations: await conversations.counts(),
      delivery: await outbox.counts(),
      lang: ctx.lang,
    });
    const failing = probes.filter((p) => p.ok === false).map((p) => probeName(p, ctx.lang));
    return cardReply(
      card,
      failing.length > 0
        ? ctx.t('status.previewFailing', { names: failing.join(', ') })
        : ctx.t('status.previewOk'),
    );
  },
});
