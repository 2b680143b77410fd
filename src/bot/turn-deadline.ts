import type { Reply } from '../chat/reply';
import { translator, type Lang } from '../chat/i18n';

/**
 * Every peer call has its own deadline, but a handler may chain several: the turn as a whole
 * gets one too, so the user always hears back. The handler cannot be cancelled and runs on;
 * `onLate` is told (to log and mark the turn) and the user reads what happened instead.
 */
export async function replyWithin(
  work: Promise<Reply>,
  ms: number,
  lang: Lang,
  onLate: (lateFailure: Promise<unknown>) => void,
): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const reply = await Promise.race([work, late]);
    if (reply !== undefined) return reply;
  } finally {
    clearTimeout(timer);
  }
  onLate(work);
  return {
    kind: 'text',
    text: translator(lang)('errors.turnTooLong', { duration: ms }),
  };
}
