import { ServiceError } from '../errors';

/** Why a cluster step cannot go on; each maps to its own next step for the user. */
export type ClusterErrorReason = 'terminated' | 'no-runtime' | 'no-node-type' | 'library-failed';

/** A cluster or library failure with what Databricks said (termination code, pip message). */
export class ClusterError extends ServiceError {
  constructor(
    readonly clusterReason: ClusterErrorReason,
    message: string,
    readonly info: { clusterId?: string; code?: string; state?: string; library?: string } = {},
  ) {
    super('Databricks', clusterReason === 'terminated' ? 'conflict' : 'not-found', message, {
      ...(info.code !== undefined ? { code: info.code } : {}),
    });
    this.name = 'ClusterError';
  }
}

/** The sentence and next step for a cluster failure; exhaustive so a new reason fails the build. */
export function describeClusterError(err: ClusterError): string {
  const reason: ClusterErrorReason = err.clusterReason;
  switch (reason) {
    case 'terminated':
      return `The cluster stopped (${err.info.state ?? 'TERMINATED'}${err.info.code ? `: ${err.info.code}` : ''}). ${err.message} Fix the cause (quota, node type) and run provision again.`;
    case 'no-runtime':
      return 'The workspace offers no non-beta, non-GPU ML runtime with Spark above 3.4. Set DATABRICKS_RUNTIME_LTS_ONLY=false or check the workspace.';
    case 'no-node-type':
      return 'The workspace offers no usable node type. Set DATABRICKS_NODE_TYPE to one listed in the workspace.';
    case 'library-failed':
      return `Installing ${err.info.library ?? 'a library'} failed: ${err.message} Fix DATABRICKS_LIBRARIES and run provision again.`;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
