/**
 * Why a model-graded assertion has no verdict (the `why` of "llm-rubric ungraded: …"), and the
 * model-call failures a service describes itself (English: the source).
 */
export const graderNotes = {
  noGrader: 'no grader model (set SUITE_GRADER_TARGET)',
  graderFailed: 'grader {{failure}}',
  noEmbeddings: 'no embeddings deployment (set SUITE_EMBEDDINGS_TARGET)',
  noScore: 'the grader gave no "score" for the threshold',
  answeredNothing: 'the grader answered nothing',
  notJson: 'the grader did not answer in JSON ("{{head}}")',
  notObject: 'the grader answered JSON that is not an object',
  noPass: 'the grader gave no boolean "pass"',
  badScore: 'the grader\'s "score" is not a number from 0 to 1',
  noReason: 'the grader gave no "reason"',
  badChoice: 'the grader\'s "choice" is not one of A, B, C, D, E',
  noQuestions: 'the grader gave no list of "questions"',
  /** The embeddings deployment's own problems (`similar`, `answer-relevance`). */
  embeddings: {
    vectorCount:
      'embeddings deployment "{{deployment}}" sent {{vectors}} vectors for {{texts}} texts.',
    timedOut:
      'embeddings deployment "{{deployment}}" did not answer within {{duration, deadline}}.',
    rateLimited:
      'embeddings deployment "{{deployment}}" is rate-limited; retry after {{duration, deadline}}.',
    notFound:
      'embeddings deployment "{{deployment}}" does not exist on the Azure OpenAI account. Check SUITE_EMBEDDINGS_TARGET.',
    refused: 'embeddings deployment "{{deployment}}" refused the request (HTTP {{code}}).',
    unreachable: 'embeddings deployment "{{deployment}}" could not be reached.',
  },
  /** A model call that failed without an HTTP status of its own (any model target). */
  model: {
    timedOut:
      '{{name}} did not finish answering within {{duration, deadline}}. Try again, or a shorter prompt.',
    unreachable: '{{name}} could not be reached. Check its address and run `status`.',
    unreadable: '{{name}} sent an answer the bot could not read.',
    unauthorized: "{{name}} rejected the bot's key. Renew the key configured for it.",
    forbidden: "{{name}} refused the request: the bot's identity lacks permission.",
    deploymentNotFound:
      'Deployment "{{model}}" does not exist on {{name}} (yet). If it was just created, wait a few minutes.',
    noModel: '{{name}} has no model or endpoint named "{{model}}".',
    serverError: '{{name}} had an internal error. Try again later.',
    rejected: '{{name}} rejected the request.',
    rejectedCode: '{{name}} rejected the request ({{code}}).',
    tooLong: 'The conversation is longer than {{model}} accepts. Shorten it or `chat reset`.',
    promptTooLong:
      'The prompt has {{chars}} characters; the limit is {{max}}. Shorten it and try again.',
    notConfigured: 'Target "{{name}}" is not configured.',
    notServing:
      'Target "{{name}}" is not a Databricks serving endpoint; only those have served entities.',
  },
};
