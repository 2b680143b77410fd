/** Réponses de la commande `language`, chacune dans la langue qui vient d'être choisie. */
export const language = {
  set: 'Je parlerai français dans cette conversation. Tapez « language auto » pour suivre à nouveau la langue Teams de chaque message.',
  setAuto:
    'Je suis de nouveau la langue Teams de chaque message (actuellement : {{current}}). Tapez « language fr » ou « language en » pour en fixer une.',
  current:
    'Cette conversation est en {{current}} ({{source}}). Tapez « language fr », « language en » ou « language auto » pour la changer.',
  unknown: '« {{word}} » n’est pas une langue que je parle. Syntaxe : {{usage}}.',
  sourceOverride: 'choisi avec la commande language',
  sourceLocale: 'd’après votre langue Teams',
  name: { en: 'anglais', fr: 'français' },
};
