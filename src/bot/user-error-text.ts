import { AzureError, describeAzureError } from '../services/azure/azure-provisioner';
import { ClusterError, describeClusterError } from '../services/databricks/clusters';
import { describeServiceError, ServiceError } from '../services/errors';

/**
 * The one place an error becomes chat text. Typed errors say what to do; anything else gets a
 * reference id that matches the log line, and never the raw message or a stack.
 */
export function userErrorText(err: unknown, ref: string): string {
  if (err instanceof AzureError) return describeAzureError(err);
  if (err instanceof ClusterError) return describeClusterError(err);
  if (err instanceof ServiceError) return describeServiceError(err);
  return `Something went wrong (ref: ${ref}). An operator can find the details in the bot's log under this reference.`;
}
