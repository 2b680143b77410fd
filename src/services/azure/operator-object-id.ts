import type { TokenCredential } from '@azure/core-auth';
import { ARM_SCOPE } from './arm-clients';

/**
 * The Entra object id of whoever runs the CLI, read from the `oid` claim of their ARM token
 * (no directory call, so no Graph permission). Undefined when the token is not a JWT (the
 * tests' stand-in) or has no such claim.
 */
export async function operatorObjectId(credential: TokenCredential): Promise<string | undefined> {
  const token = await credential.getToken(ARM_SCOPE).catch(() => null);
  const payload = token?.token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      oid?: unknown;
    };
    return typeof claims.oid === 'string' ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}
