/** Les refus avant l'exécution d'une commande : arguments invalides et autorisation manquante. */
export const args = {
  notAnOption: '`--{{name}}` n’est pas une option de cette commande.',
  notAnOptionKnown:
    '`--{{name}}` n’est pas une option de cette commande. Ses options : {{options}}.',
  invalid: 'L’option `--{{name}}` {{problem}}.',
  notValid: 'n’est pas valide',
  needsValue: 'attend une valeur, par ex. `{{example}}`',
  number: 'doit être un nombre de {{min}} à {{max}}',
  numbers: 'attend des nombres de {{min}} à {{max}}, par ex. `{{example}}`',
  int: 'doit être un nombre entier de {{min}} à {{max}}',
  noValue: 'ne prend pas de valeur',
  takesNone: 'Cette commande ne prend pas {{what}} ; « {{extra}} » n’est pas compris.',
  tooMany: 'Trop de mots : « {{extra}} » n’est pas compris (la commande prend {{what}}).',
  usage: '{{problem}} Syntaxe : {{usage}}.',
  usageExample: '{{problem}} Syntaxe : {{usage}}, par ex. {{example}}.',
  what: {
    subAndEndpoint: 'une sous-commande et un nom de point de terminaison',
    kindAndTarget: 'un type et une cible',
    count: 'un nombre',
    endpointName: 'un nom de point de terminaison',
    language: 'une langue (fr, en ou auto)',
    runId: 'un identifiant d’exécution',
    suiteName: 'un nom de suite',
    target: 'une cible',
    labWord: 'un mot (lab)',
    words: 'de mots',
  },
  refusal: 'Vous n’êtes pas autorisé à {{what}}.',
  yourId: ' Votre identifiant est {{id}} (voir `whoami`).',
  dryRun:
    ' `{{command}} --dry-run` affiche le plan sans rien modifier et ne demande aucune autorisation.',
  whatRun: 'lancer `{{command}}`',
  whatButton: 'utiliser ce bouton (il demande l’autorisation de `{{command}}`)',
  noAdmins:
    'Personne ne peut effectuer de modifications : ADMIN_AAD_OBJECT_IDS est vide. Un opérateur doit y ajouter des ID d’objet Entra.',
  byId: 'Votre ID d’objet Entra figure dans ADMIN_AAD_OBJECT_IDS.',
  byGroup: 'Vous êtes membre d’un groupe listé dans ADMIN_GROUP_IDS.',
  notListed:
    'Les modifications sont autorisées par le paramètre ADMIN_AAD_OBJECT_IDS (ID d’objet Entra) et le vôtre n’y figure pas ; demandez à un opérateur de l’ajouter et de redémarrer le bot.',
  noObjectId:
    'Votre client n’a pas envoyé d’ID d’objet Entra, le bot ne peut donc pas vérifier votre autorisation.',
  notInGroups:
    'Les modifications sont autorisées par ADMIN_AAD_OBJECT_IDS (ID d’objet Entra) et ADMIN_GROUP_IDS (groupes Entra, groupes imbriqués compris) ; vous ne figurez dans aucun des deux. Demandez à un opérateur de vous ajouter à l’un des groupes ou d’ajouter votre ID à la liste.',
  groupsUnknown:
    'Votre appartenance aux groupes (ADMIN_GROUP_IDS) n’a pas pu être vérifiée ; réessayez dans une minute.',
  alertAnyone: 'DRIFT_ALERT_ACTIONS vaut anyone.',
  alertOwner: 'Vous avez abonné ce canal à cette alerte.',
  alertPermitted: 'Vous êtes un utilisateur autorisé (ADMIN_AAD_OBJECT_IDS).',
  alertOnlyOwner:
    'Seule la personne qui a abonné ce canal (`subscriptions` affiche l’abonnement) le peut, car DRIFT_ALERT_ACTIONS vaut owner ; adressez-vous à elle.',
  alertOnlyPermitted:
    'Seuls les utilisateurs autorisés (ADMIN_AAD_OBJECT_IDS) et la personne qui a abonné ce canal le peuvent ; adressez-vous à l’un d’eux, ou demandez à un opérateur d’ajouter votre ID.',
};
