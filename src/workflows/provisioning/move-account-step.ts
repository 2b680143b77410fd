import { AzureError } from '../../services/azure/azure-error';
import { ServiceError } from '../../services/errors';
import type { StepContext, StepOutcome } from '../../platform/operations/operation';
import type { AzureProvisioner } from '../../services/azure/azure-provisioner';
import { sliced } from './step-helpers';
import { stepNote } from './step-titles';

/** What of the provision params and deps this file reads (provision-steps.ts imports it). */
interface MoveParams {
  readonly names: { readonly resourceGroup: string; readonly account: string };
  readonly regions: readonly string[];
  readonly moveAccountFrom?: string | undefined;
}
interface MoveDeps {
  readonly azure: Pick<
    AzureProvisioner,
    'listInventory' | 'deleteOpenAIAccount' | 'purgeOpenAIAccount'
  >;
  readonly sliceMs: number;
  readonly pollMs: number;
}
type MoveCtx = Pick<
  StepContext<MoveParams>,
  'outputs' | 'resumeToken' | 'saveResumeToken' | 'stopSignal'
>;

/**
 * A quota refusal at the deployment step comes after the account exists in that region: the
 * fix is to move the (still empty) account to the next candidate region, offered as a button.
 */
export function deploymentQuota(p: MoveParams, ctx: MoveCtx, err: unknown): unknown {
  if (!(err instanceof AzureError) || err.azureReason !== 'insufficient-quota') return err;
  const region = ctx.outputs.region ?? err.info.region;
  const next = p.regions.slice(p.regions.indexOf(region ?? '') + 1).find((r) => r !== region);
  if (!next) return err;
  ctx.outputs.recovery = 'move-account';
  ctx.outputs.nextRegion = next;
  return new AzureError(err.azureReason, err.message, { ...err.info, nextRegion: next }, err);
}

/** Where a move stands between calls: the delete, then the purge, each with its LRO token. */
interface MoveToken {
  phase: 'delete' | 'purge';
  token?: string;
}

/**
 * Removes the lab's account from the region that had no quota for the deployment, so the
 * account step can create it in the next region under the same name: delete (ARM keeps it
 * soft-deleted, holding the name and subdomain), then purge. Only an account without
 * deployments is removed; one with deployments is someone's work, so the step stops instead.
 */
export async function moveAccountStep(
  deps: MoveDeps,
  p: MoveParams,
  ctx: MoveCtx,
): Promise<StepOutcome> {
  const rg = p.names.resourceGroup;
  const name = p.names.account;
  const saved = ctx.resumeToken ? (JSON.parse(ctx.resumeToken) as MoveToken) : undefined;
  let phase = saved?.phase;
  if (!phase) {
    const inv = await deps.azure.listInventory(rg);
    const deployments = inv.items.filter(
      (i) => i.kind === 'deployment' && i.name.startsWith(`${name}/`),
    );
    if (deployments.length > 0) {
      throw new ServiceError(
        'Azure OpenAI',
        'conflict',
        `The account ${name} has deployments (${deployments.map((d) => d.name).join(', ')}), so the bot did not remove it. Delete them or run \`cleanup\`, then \`provision\` again.`,
      );
    }
    const present = (kind: string) => inv.items.some((i) => i.kind === kind && i.name === name);
    if (present('openai-account')) phase = 'delete';
    else if (present('soft-deleted-account')) phase = 'purge';
    else return { status: 'skipped', note: stepNote('noAccountToMove') };
  }
  const save = ctx.saveResumeToken;
  const r = await sliced(
    deps.sliceMs,
    saved?.phase === phase ? saved.token : undefined,
    (lro) =>
      phase === 'delete'
        ? deps.azure.deleteOpenAIAccount(rg, name, lro)
        : deps.azure.purgeOpenAIAccount(rg, name, lro),
    {
      ...(save ? { saveToken: (token) => save(JSON.stringify({ phase, token })) } : {}),
      ...(ctx.stopSignal ? { stop: ctx.stopSignal } : {}),
    },
  );
  const from = p.moveAccountFrom ?? 'its region';
  if ('token' in r) {
    const token: MoveToken = { phase, token: r.token };
    const note =
      phase === 'delete' ? stepNote('deletingIn', { region: from }) : stepNote('purging');
    return {
      status: 'waiting',
      pollAfterMs: deps.pollMs,
      resumeToken: JSON.stringify(token),
      note,
    };
  }
  if (phase === 'delete') {
    const next: MoveToken = { phase: 'purge' };
    return {
      status: 'waiting',
      pollAfterMs: 0,
      resumeToken: JSON.stringify(next),
      note: stepNote('deletedIn', { region: from }),
    };
  }
  return { status: 'done', note: stepNote('removedFrom', { region: from }) };
}
