import type { AdminPolicy } from './permissions';
import type { HealthService } from '../services/health/health-service';
import type { AuditRepository } from '../services/store/audit-repository';
import type { ConversationRepository } from '../services/store/conversation-repository';

/** What the bot is and where it runs, safe to show in chat (no secrets). */
export interface BotInfo {
  name: string;
  version: string;
  environmentName: string;
  authEnabled: boolean;
  /** How permission to run mutating commands is decided, for `whoami`. */
  adminsConfigured: boolean;
}

/**
 * The services dialogs may use. Dialogs see interfaces only, never HTTP or SDK clients;
 * src/index.ts is the only place that builds them.
 */
export interface DialogServices {
  readonly info: BotInfo;
  readonly admins: AdminPolicy;
  readonly conversations: ConversationRepository;
  readonly audit: AuditRepository;
  readonly health: HealthService;
}
