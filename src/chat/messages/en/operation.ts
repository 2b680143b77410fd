/** The plan → approve → confirm → progress flow shared by provision, cleanup, deploy and rollback. */
export const operation = {
  again: 'Run `{{command}}` again for a fresh plan.',
  since: ' since {{time}} UTC',
  endpoint: 'endpoint {{name}}',
  locked:
    'Refused: `{{command}}` cannot start: **{{who}}** is running `{{kind}}` on **{{target}}**{{since}}. One change runs there at a time; try again when it finishes.',
  expired: 'This plan expired. {{again}}',
  notRequester: 'Only {{who}} can confirm this plan. Run `{{command}}` yourself for your own plan.',
  whoAsked: 'the person who asked for it',
  elsewhere: 'This plan can only be confirmed in the conversation where it was made.',
  notPlanned: 'This plan was already {{state}}; nothing more to do.',
  handled: 'handled',
  unknown: 'This plan no longer exists. {{again}}',
  cancelUnknown: 'This plan no longer exists.',
  cancelNotRequester: 'Only {{who}} can cancel this plan.',
  theRequester: 'the requester',
  cancelElsewhere: 'This plan can only be cancelled in the conversation where it was made.',
  cancelNotPlanned: 'This plan is already {{state}}; it cannot be cancelled.',
  cancelled: '– {{command}} cancelled. Nothing was created or changed.',
  cannotShow: 'This bot version cannot show "{{kind}}" operations.',
  /** The state as a word inside a sentence ("This plan was already cancelled"). */
  state: {
    planned: 'planned',
    running: 'running',
    succeeded: 'succeeded',
    failed: 'failed',
    cancelled: 'cancelled',
    expired: 'expired',
  },
  /** The state in the corner of a progress card. */
  stateLabel: {
    planned: '○ Planned',
    running: '◔ Running',
    succeeded: '✔ Done',
    failed: '✖ Failed',
    cancelled: '– Cancelled',
    expired: '– Expired',
  },
  step: {
    pending: 'Pending',
    running: 'Running',
    done: 'Done',
    failed: 'Failed',
    skipped: 'Skipped',
  },
  finished: {
    mention: '<at>{{name}}</at> {{what}} of **{{environment}}** {{outcome}}.',
    done: 'is done',
    failed: 'failed — see the card for what to do',
    requester: 'requester',
  },
  approval: {
    waiting:
      'This plan waits for approval: another permitted user must press **Approve** on it first (APPROVALS_REQUIRED=2). Then press the confirm button again.',
    notNeeded: 'This plan needs no approval; {{requester}} can confirm it.',
    alreadyState: 'This plan was already {{state}}; nothing to approve.',
    expired: 'This plan expired. {{requester}} can run `{{command}}` again.',
    elsewhere: 'This plan can only be approved in the conversation where it was made.',
    own: 'You asked for this plan, so you cannot approve it: another permitted user must press **Approve**.',
    already: 'Already approved by {{who}}.',
    meanwhile: 'This plan was answered meanwhile; nothing to approve.',
    approvedSuffix: ' · approved by {{who}}',
    approvedNote: '✔ Approved by **{{who}}**. {{requester}} can confirm now.',
    needsNote:
      'Needs a second pair of eyes: another permitted user presses **Approve**, then {{requester}} confirms. {{requester}} cannot approve their own plan.',
    approve: 'Approve',
  },
};
