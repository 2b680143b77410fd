/**
 * Pourquoi un fichier de suite de prompts ne respecte pas le format (une phrase par problème, avec
 * le champ et ce qu'il faut y écrire), et pourquoi ses vérifications évaluées par modèle ne peuvent
 * pas s'exécuter.
 */
export const suiteErrors = {
  join: '{{first}} ; {{rest}}',
  or: '{{first}} ou {{rest}}',
  file: 'le fichier',
  type: {
    string: 'du texte',
    number: 'un nombre',
    int: 'un nombre entier',
    boolean: 'true ou false',
    object: 'un mappage (clé: valeur)',
    array: 'une liste',
    nothing: 'rien',
    other: 'un autre type de valeur',
  },
  wrongType: '{{path}} : {{expected}} attendu, {{received}} reçu',
  missing: '{{path}} est manquant : écrivez {{expected}}',
  small: {
    string_one: '{{path}} : écrivez au moins {{count}} caractère',
    string_other: '{{path}} : écrivez au moins {{count}} caractères',
    array_one: '{{path}} : indiquez au moins {{count}} élément',
    array_other: '{{path}} : indiquez au moins {{count}} éléments',
    number: '{{path}} : écrivez un nombre ≥ {{limit, number}}',
    numberStrict: '{{path}} : écrivez un nombre > {{limit, number}}',
  },
  big: {
    string_one: '{{path}} : écrivez au plus {{count}} caractère',
    string_other: '{{path}} : écrivez au plus {{count}} caractères',
    array_one: '{{path}} : indiquez au plus {{count}} élément',
    array_other: '{{path}} : indiquez au plus {{count}} éléments',
    number: '{{path}} : écrivez un nombre ≤ {{limit, number}}',
    numberStrict: '{{path}} : écrivez un nombre < {{limit, number}}',
  },
  unrecognized_one: '{{path}} : clé inconnue {{keys}} ; supprimez-la ou vérifiez son orthographe',
  unrecognized_other:
    '{{path}} : clés inconnues {{keys}} ; supprimez-les ou vérifiez leur orthographe',
  unknownKey: '{{path}} : clé inconnue {{keys}} ; écrivez l’une de ces clés : {{options}}',
  exactlyOne: '{{path}} : écrivez exactement une de ces clés : {{options}}',
  oneOfTypes: '{{path}} : écrivez {{expected}}',
  oneOfValues: '{{path}} : écrivez l’une de ces valeurs : {{values}}',
  idChars: '{{path}} : utilisez des lettres, des chiffres, . _ -',
  format: '{{path}} : {{format}} non valide',
  other: '{{path}} : {{message}}',
  graderUnknown: 'SUITE_GRADER_TARGET « {{name}} » ne désigne aucune cible configurée ({{known}})',
  graderNoTargets:
    'SUITE_GRADER_TARGET « {{name}} » ne désigne aucune cible configurée (aucune n’est configurée)',
  embeddingsNoEndpoint: 'SUITE_EMBEDDINGS_TARGET nécessite AZURE_OPENAI_ENDPOINT',
  settingsWrongMany:
    'La suite {{suite}} ne peut pas être évaluée : {{problems}}. Demandez à un administrateur de corriger ces paramètres et de redémarrer le bot.',
};
