/** Why a model call gave no answer, as the user reads it (English: the source). */
export const llmErrors = {
  rateLimited: 'The model is rate-limited. Retry after {{seconds}} s.',
  // `$t(…)` nests the stage's own word (i18next nesting, after interpolation).
  filtered: 'Blocked by the $t(llmErrors.stage.{{stage}}) filter. Rephrase and try again.',
  filteredCategories:
    'Blocked by the $t(llmErrors.stage.{{stage}}) filter ({{categories}}). Rephrase and try again.',
  stage: { prompt: 'prompt', output: 'output', content: 'content' },
  tooLong: 'The prompt is too long. Shorten it and try again.',
  failed: 'The model call failed. Run `status` and try again.',
};
