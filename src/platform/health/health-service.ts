import { translator, type Lang } from '../../chat/i18n';
import { messageText } from '../../services/describe-error';
import { serviceErrorMessage, ServiceError, type UserMessage } from '../../services/errors';

/** What a probe checks; `status` looks up the variables that configure it by this. */
export type ProbeKind = 'store' | 'azure' | 'databricks' | 'mlflow' | 'model';

/** One dependency's state as shown by `status` and `/readyz`; never holds a secret. */
export interface ProbeResult {
  /** In English, for `/readyz`, logs and the preview; `label` renders it for a reader. */
  name: string;
  label?: UserMessage;
  kind?: ProbeKind;
  /** The target is a path on the bot's server: not for every channel member's eyes. */
  serverPath?: boolean;
  /** Where it points (host only), or why it is not set up. */
  target: string;
  /** What the target is, shown in brackets after it ("Databricks workspace"). */
  targetNote?: UserMessage;
  configured: boolean;
  ok: boolean | undefined;
  /** In English, for `/readyz` and logs; `message` renders it for a reader. */
  detail: string;
  message?: UserMessage;
  latencyMs: number | undefined;
}

/** A probe detail in a reader's language: its message when it has one, else the text as sent. */
export function probeDetail(p: Pick<ProbeResult, 'detail' | 'message'>, lang: Lang): string {
  return p.message ? messageText(p.message, lang) : p.detail;
}

/** A probe's name in a reader's language (product names stay as they are). */
export function probeName(p: Pick<ProbeResult, 'name' | 'label'>, lang: Lang): string {
  return p.label ? translator(lang)(p.label.key, p.label.vars) : p.name;
}

/** Where a probe points, with what it is in brackets, in a reader's language. */
export function probeTarget(p: Pick<ProbeResult, 'target' | 'targetNote'>, lang: Lang): string {
  const note = p.targetNote ? translator(lang)(p.targetNote.key, p.targetNote.vars) : undefined;
  return note ? `${p.target} (${note})` : p.target;
}

/** Both forms of a detail: the English text and the message it came from. */
const withMessage = (message: UserMessage) => ({
  detail: probeDetail({ detail: '', message }, 'en'),
  message,
});

export interface Probe {
  name: string;
  label?: UserMessage;
  kind?: ProbeKind;
  serverPath?: boolean;
  /** Host or path shown to users: no credentials, no query strings. */
  target: string;
  targetNote?: UserMessage;
  configured: boolean;
  /** Resolves with a short detail (plain text as the system wrote it, or a message) when the dependency answers; throws otherwise. */
  check(): Promise<string | UserMessage>;
}

/** Strips credentials, paths and queries: `status` shows where, never how to get in. */
export function displayTarget(url: string | undefined): string {
  if (url === undefined) return 'not configured';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid address';
  }
}

/** Runs every probe in parallel, each bounded by its own timeout, and never throws. */
export class HealthService {
  constructor(
    private readonly probes: readonly Probe[],
    private readonly timeoutMs = 5_000,
  ) {}

  async checkAll(): Promise<ProbeResult[]> {
    return Promise.all(this.probes.map((p) => this.run(p)));
  }

  private async run(p: Probe): Promise<ProbeResult> {
    const base = {
      name: p.name,
      target: p.target,
      configured: p.configured,
      ...(p.kind ? { kind: p.kind } : {}),
      ...(p.label ? { label: p.label } : {}),
      ...(p.targetNote ? { targetNote: p.targetNote } : {}),
      ...(p.serverPath ? { serverPath: true } : {}),
    };
    if (!p.configured) {
      return {
        ...base,
        ok: undefined,
        ...withMessage({ key: 'probes.notConfigured' }),
        latencyMs: undefined,
      };
    }
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const detail = await Promise.race([
        p.check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ServiceError(p.name, 'timeout', `${p.name} timed out.`)),
            this.timeoutMs,
          );
        }),
      ]);
      const shown = typeof detail === 'string' ? { detail } : withMessage(detail);
      return { ...base, ok: true, ...shown, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const message: UserMessage =
        err instanceof ServiceError
          ? serviceErrorMessage(err)
          : { key: 'probes.checkFailed', parts: { name: p.label ?? p.name } };
      return {
        ...base,
        ok: false,
        ...withMessage(message),
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
