import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { TurnRecord } from '../platform/telemetry/telemetry';

/** Where TeamsBot.run leaves the turn's record for the router (turn state). */
const TURN_RECORD = Symbol('turn record');

/** Activity types as metric labels; anything else is `other` (labels must stay few). */
const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

/**
 * The record a turn starts with: its activity type until the router names the command. A
 * message is `unknown` until then (free text nobody claims, or a command we do not have).
 */
export function startTurnRecord(turn: TurnContext): TurnRecord {
  const type: string = (turn.activity as Partial<Activity>).type ?? '';
  const record: TurnRecord = {
    command: type === 'message' ? 'unknown' : KNOWN_TYPES.has(type) ? type : 'other',
    outcome: 'ok',
  };
  turn.turnState.set(TURN_RECORD, record);
  return record;
}

/** The record of this turn; a detached one when the turn did not start through TeamsBot. */
export function turnRecordOf(turn: TurnContext): TurnRecord {
  return turn.turnState.get<TurnRecord | undefined>(TURN_RECORD) ?? { command: '', outcome: 'ok' };
}
