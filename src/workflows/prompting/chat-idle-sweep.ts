import { translator } from '../../chat/i18n';
import type { Logger } from '../../platform/logging/logger';
import type { Outbox } from '../../platform/outbox/outbox';
import type { ConversationRepository } from '../../platform/store/conversation-repository';
import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { ScheduledJob } from '../../platform/scheduler/scheduler';
import type { ChatSessionRepository } from './chat-session-repository';
import { sessionKey, type PromptRunTracker } from './prompt-run-tracker';

export const CHAT_IDLE_JOB = 'chat-idle-sweep';

export interface ChatIdleSweepDeps {
  sessions: ChatSessionRepository;
  /** Undefined without MLflow: sessions still end, there is no run to close. */
  tracker: PromptRunTracker | undefined;
  outbox: Outbox;
  /** CHAT_IDLE_TIMEOUT_MS. */
  idleMs: number;
  log: Logger;
  now?: () => number;
  /** Where a conversation's language is kept; the notice is English without it. */
  conversations?: Pick<ConversationRepository, 'languageOf'>;
}

/** "2 h", "45 min", "30 s": how long the session waited, for the notice. */
function span(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Ends chat sessions that had no message for CHAT_IDLE_TIMEOUT_MS and closes their MLflow run
 * as KILLED (tag llmops_end_reason=idle), so no run stays RUNNING forever. It reads the store,
 * not memory, so a session left by a restart (or a replica that died) ends like any other.
 * When MLflow refuses, the session is kept and the next sweep tries again.
 */
export class ChatIdleSweep {
  private readonly now: () => number;

  constructor(private readonly deps: ChatIdleSweepDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Every minute, or every second when the idle time is under a minute (tests, demos): a
   * session ends at most one check after its time without a per-second query in production.
   */
  job(): ScheduledJob {
    const every = this.deps.idleMs < 60_000 ? '* * * * * *' : '* * * * *';
    return {
      id: CHAT_IDLE_JOB,
      schedule: new CronSchedule(every),
      run: async () => void (await this.sweep()),
    };
  }

  /** Ends every idle session once; returns how many ended. */
  async sweep(now = this.now()): Promise<number> {
    const { sessions, tracker, outbox, idleMs, log } = this.deps;
    let ended = 0;
    for (const s of await sessions.idleSince(now - idleMs)) {
      try {
        await tracker?.closeChatRun(s, 'KILLED', 'idle');
      } catch (err) {
        log.warn({ err, session: sessionKey(s) }, 'idle chat run not closed; retried next sweep');
        continue;
      }
      // A message that arrived meanwhile keeps the session (its next turn finds the run).
      if (!(await sessions.endIfUnchanged(s))) continue;
      ended++;
      // Proactive: the notice speaks the language of the conversation it goes to.
      const lang = (await this.deps.conversations?.languageOf(s.conversationId)) ?? 'en';
      await outbox.enqueue({
        key: `chat-idle:${sessionKey(s)}`,
        conversationId: s.conversationId,
        kind: 'send',
        payload: {
          kind: 'text',
          text: translator(lang)('chat.idleEnded', { span: span(idleMs) }),
        },
      });
    }
    if (ended > 0) log.info({ ended }, 'idle chat sessions ended');
    return ended;
  }
}
