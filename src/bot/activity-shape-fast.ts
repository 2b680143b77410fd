/*
 * A plain-code answer to "is this activity certainly well-formed?", run before the zod schema in
 * activity-shape.ts. The schema is the rule and names the problem; this check exists because it
 * ran on every turn and cost about as much CPU as all of our own turn code together.
 *
 * The one invariant: this returns true only for bodies the schema accepts. Anything unusual
 * (a null, an odd type, a field it does not know how the schema treats) returns false, and the
 * schema decides; so a gap here costs speed, never a different answer. The unit test holds the
 * two together on the activity fuzzer's output.
 */

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** The last serviceUrl that parsed: every turn from one channel carries the same one. */
let lastHttpUrl: string | undefined;

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (v === lastHttpUrl) return true;
  try {
    const u = new URL(v);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return false;
  } catch {
    return false;
  }
  lastHttpUrl = v;
  return true;
}

const optTimestamp = (v: unknown): boolean =>
  v === undefined || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));

function isMember(v: unknown, needsId: boolean): boolean {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    (!needsId || v.id !== '') &&
    optString(v.name) &&
    optString(v.aadObjectId) &&
    optString(v.role)
  );
}

const optIdHolder = (v: unknown): boolean => v === undefined || (isObject(v) && optString(v.id));

function isEntity(v: unknown): boolean {
  if (!isObject(v) || typeof v.type !== 'string' || !optString(v.text)) return false;
  const m = v.mentioned;
  if (m === undefined) return v.type.toLowerCase() !== 'mention';
  return isObject(m) && typeof m.id === 'string' && optString(m.name);
}

function optArrayOf(v: unknown, item: (x: unknown) => boolean): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (const x of v as unknown[]) if (!item(x)) return false;
  return true;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function isConversation(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    PRINTABLE_ASCII.test(v.id) &&
    optString(v.conversationType) &&
    optString(v.tenantId) &&
    (v.isGroup === undefined || typeof v.isGroup === 'boolean') &&
    optString(v.name) &&
    optString(v.aadObjectId) &&
    optString(v.role)
  );
}

function optChannelData(v: unknown): boolean {
  if (v === undefined) return true;
  return (
    isObject(v) &&
    optIdHolder(v.tenant) &&
    optIdHolder(v.team) &&
    optIdHolder(v.channel) &&
    optString(v.eventType)
  );
}

const isAttachment = (v: unknown): boolean => isObject(v) && optString(v.contentType);
const isSender = (v: unknown): boolean => isMember(v, true);
const isAnyMember = (v: unknown): boolean => isMember(v, false);

/** True only when the activity schema would accept `body` (see the invariant above). */
export function certainlyWellFormed(body: unknown): boolean {
  if (!isObject(body)) return false;
  const a = body;
  return (
    typeof a.type === 'string' &&
    a.type !== '' &&
    optString(a.id) &&
    optString(a.name) &&
    optString(a.action) &&
    optString(a.channelId) &&
    isHttpUrl(a.serviceUrl) &&
    optTimestamp(a.timestamp) &&
    optTimestamp(a.localTimestamp) &&
    optString(a.locale) &&
    optString(a.text) &&
    optString(a.textFormat) &&
    optString(a.replyToId) &&
    isConversation(a.conversation) &&
    isSender(a.from) &&
    isSender(a.recipient) &&
    optArrayOf(a.entities, isEntity) &&
    optArrayOf(a.attachments, isAttachment) &&
    optArrayOf(a.membersAdded, isAnyMember) &&
    optArrayOf(a.membersRemoved, isAnyMember) &&
    optChannelData(a.channelData)
  );
}
