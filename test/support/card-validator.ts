import type * as ACTypes from 'adaptivecards';

// The package's ESM build does not load in Node; its UMD bundle does, and needs no DOM to parse.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

/** Teams-only element types the library does not know; Teams renders them (with fallbacks). */
const TEAMS_ONLY = /^(Chart\.|CodeBlock$|Icon$|CompoundButton$|Rating$|Input\.Rating$|Carousel$)/;

export interface CardCheck {
  events: string[];
  bytes: number;
}

/**
 * Parses a card the way a client would and returns every parse/validation event, plus the
 * checks the library leaves out: declared version ≤ 1.5, type present, size of the activity.
 */
export function checkCard(json: Record<string, unknown>): CardCheck {
  const events: string[] = [];
  if (json.type !== 'AdaptiveCard') events.push('type must be "AdaptiveCard"');
  const version = typeof json.version === 'string' ? json.version : '';
  if (!/^1\.[0-5]$/.test(version)) events.push(`version "${version}" must be 1.0 to 1.5`);
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const adaptive = new AC.AdaptiveCard();
  adaptive.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    if (/Unknown element type "([^"]+)"/.exec(e.message)?.[1]?.match(TEAMS_ONLY)) continue;
    events.push(`${AC.ValidationPhase[e.phase]}/${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const targetCtx = new AC.SerializationContext(AC.Version.parse(version, ctx) ?? AC.Versions.v1_5);
  const versioned = new AC.AdaptiveCard();
  versioned.parse(json, targetCtx);
  for (let i = 0; i < targetCtx.eventCount; i++) {
    const e = targetCtx.getEventAt(i);
    if (/supported in version/i.test(e.message)) events.push(`version: ${e.message}`);
  }
  for (const e of adaptive.validateProperties().validationEvents) {
    events.push(`${AC.ValidationPhase[e.phase]}/${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const activity = {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: json }],
  };
  return { events, bytes: Buffer.byteLength(JSON.stringify(activity)) };
}

/** The limit every card the bot sends must fit in (the webhook budget, safe on mobile). */
export const CARD_BYTE_LIMIT = 28 * 1024;
