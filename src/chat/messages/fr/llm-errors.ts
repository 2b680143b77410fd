/** Pourquoi un appel au modèle n'a pas donné de réponse, tel que l'utilisateur le lit. */
export const llmErrors = {
  rateLimited: 'Le débit du modèle est limité. Réessayez dans {{seconds}} s.',
  filtered: 'Bloqué par le filtre $t(llmErrors.stage.{{stage}}). Reformulez, puis réessayez.',
  filteredCategories:
    'Bloqué par le filtre $t(llmErrors.stage.{{stage}}) ({{categories}}). Reformulez, puis réessayez.',
  stage: { prompt: 'des prompts', output: 'des réponses', content: 'de contenu' },
  tooLong: 'Le prompt est trop long. Raccourcissez-le, puis réessayez.',
  failed: 'L’appel au modèle a échoué. Lancez `status`, puis réessayez.',
};
