import { translator, type Lang } from '../../chat/i18n';
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
export function describeClusterError(err: ClusterError, lang: Lang = 'en'): string {
  const t = translator(lang);
  const reason: ClusterErrorReason = err.clusterReason;
  switch (reason) {
    case 'terminated':
      return t('azureErrors.cluster.terminated', {
        state: err.info.state ?? 'TERMINATED',
        code: err.info.code ? `: ${err.info.code}` : '',
        message: err.message,
      });
    case 'no-runtime':
      return t('azureErrors.cluster.noRuntime');
    case 'no-node-type':
      return t('azureErrors.cluster.noNodeType');
    case 'library-failed':
      return t('azureErrors.cluster.libraryFailed', {
        library: err.info.library ?? t('azureErrors.cluster.aLibrary'),
        message: err.message,
      });
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
