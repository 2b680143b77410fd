import { toAzureError } from './arm-error-mapping';
import type { ArmContext } from './arm-context';
import { AzureError } from './azure-error';

const MAX_REGISTRATION_POLLS = 120;

/**
 * Registers a resource provider and waits until ARM reports it Registered. Registration is
 * per subscription and takes a minute or so; the wait uses the configured poll interval.
 */
export async function registerProvider(ctx: ArmContext, namespace: string): Promise<void> {
  try {
    await ctx.clients.resources.providers.register(namespace);
    for (let i = 0; i < MAX_REGISTRATION_POLLS; i++) {
      const p = await ctx.clients.resources.providers.get(namespace);
      if (p.registrationState?.toLowerCase() === 'registered') return;
      await ctx.sleep(ctx.pollIntervalMs);
    }
  } catch (err) {
    throw toAzureError(err);
  }
  throw new AzureError('provider-not-registered', `${namespace} is still registering.`, {
    namespace,
    code: 'MissingSubscriptionRegistration',
  });
}

/**
 * Runs a create; when ARM answers MissingSubscriptionRegistration it registers the namespace,
 * waits, and runs the create once more. Other errors pass through unchanged.
 */
export async function withProviderRegistration<T>(
  ctx: ArmContext,
  namespace: string,
  create: () => Promise<T>,
): Promise<T> {
  try {
    return await create();
  } catch (err) {
    const e = toAzureError(err);
    if (e.azureReason !== 'provider-not-registered') throw e;
    await registerProvider(ctx, e.info.namespace ?? namespace);
    return create();
  }
}
