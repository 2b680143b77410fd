import type { TokenCredential } from '@azure/core-auth';

/**
 * The one Azure credential of the bot and of the CLI: service principal, managed identity or
 * Azure CLI login. @azure/identity (about 100 modules) is required only when one is built.
 */
export function newAzureCredential(authorityHost?: string): TokenCredential {
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new DefaultAzureCredential(authorityHost ? { authorityHost } : {});
}
