import { z } from 'zod';
import { certainlyWellFormed } from './activity-shape-fast';

/*
 * The inbound activity's shape, checked at the edge before any turn runs. Only the fields the
 * bot (or botbuilder on its behalf) reads are typed; Teams adds many more, which pass through.
 * A field of the wrong type used to travel on until SQLite refused to bind it or the connector
 * client refused to serialize the reply ("activityId … must be of type string"): a 500 for the
 * caller's mistake. Nulls are refused like any other wrong type: the Bot Framework omits absent
 * fields, and a null id or locale would otherwise reach the same places.
 */

const str = z.string().optional();

const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date')
  .optional();

/** ChannelAccount: echoed back in every reply, so the connector serializes these fields. */
const member = z.looseObject({
  id: z.string(),
  name: str,
  aadObjectId: str,
  role: str,
});

/** The sender and the bot: an empty id leaves no one to answer (or no record to keep). */
const account = member.extend({ id: z.string().min(1) });

const idHolder = z.looseObject({ id: str }).optional();

const entity = z
  .looseObject({
    type: z.string(),
    text: str,
    mentioned: z.looseObject({ id: z.string(), name: str }).optional(),
  })
  // botbuilder's mention stripping reads `mentioned.id` of every mention entity.
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, {
    message: 'is missing',
    path: ['mentioned'],
  });

const activityShape = z.looseObject({
  type: z.string().min(1),
  id: str,
  name: str,
  action: str,
  channelId: str,
  serviceUrl: httpUrl,
  timestamp,
  localTimestamp: timestamp,
  locale: str,
  text: str,
  textFormat: str,
  replyToId: str,
  value: z.unknown().optional(),
  conversation: z.looseObject({
    // Sent back as the x-ms-conversation-id header, where Node refuses control and non-Latin-1
    // characters; Teams conversation ids are printable ASCII.
    id: z
      .string()
      .min(1)
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
    conversationType: str,
    tenantId: str,
    isGroup: z.boolean().optional(),
    name: str,
    aadObjectId: str,
    role: str,
  }),
  from: account,
  recipient: account,
  entities: z.array(entity).optional(),
  attachments: z.array(z.looseObject({ contentType: str })).optional(),
  membersAdded: z.array(member).optional(),
  membersRemoved: z.array(member).optional(),
  channelData: z
    .looseObject({
      tenant: idHolder,
      team: idHolder,
      channel: idHolder,
      eventType: str,
    })
    .optional(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  let what: string;
  if (issue.code === 'invalid_type') {
    what = issue.input === undefined ? 'is missing' : `must be ${article(issue.expected)}`;
  } else if (issue.code === 'too_small') what = 'must not be empty';
  else what = issue.message;
  return `The activity's "${field}" ${what}.`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/**
 * Why the body is not a usable activity (a sentence naming the field), or undefined when it
 * is one. Only the first problem is named: one is enough for the sender to fix its payload.
 */
export function activityProblem(body: unknown): string | undefined {
  // Nearly every activity is well-formed: the plain check clears those; the schema judges the rest.
  return certainlyWellFormed(body) ? undefined : schemaProblem(body);
}

/** activityProblem by the schema alone; exported so a test can hold the plain check to it. */
export function schemaProblem(body: unknown): string | undefined {
  const parsed = activityShape.safeParse(body, { reportInput: true });
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  return issue ? describeIssue(issue) : undefined;
}

const cardAction = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute').optional(),
    verb: z.string().min(1),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** A card button's verb and data from an `adaptiveCard/action` invoke's value. */
export type CardActionValue =
  { ok: true; verb: string; data: Record<string, unknown> } | { ok: false; reason: string };

/** Reads an `adaptiveCard/action` value; anything else is the sender's error, named. */
export function cardActionOf(value: unknown): CardActionValue {
  const parsed = cardAction.safeParse(value, { reportInput: true });
  if (parsed.success) {
    const { verb, data } = parsed.data.action;
    return { ok: true, verb, data: data ?? {} };
  }
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  if (path === 'action.verb' && issue?.code === 'too_small')
    return { ok: false, reason: 'The button carries no verb.' };
  if (path === 'action.type') return { ok: false, reason: 'Only Action.Execute is supported.' };
  return {
    ok: false,
    reason: `The card action's "${path === '' ? 'value' : path}" ${
      issue?.code === 'invalid_type' && issue.input === undefined
        ? 'is missing'
        : issue?.code === 'invalid_type'
          ? `must be ${article(issue.expected === 'record' ? 'object' : issue.expected)}`
          : 'is not valid'
    }.`,
  };
}
