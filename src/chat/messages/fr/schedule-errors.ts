/** Pourquoi une planification (`--every`, `--tz`) est inutilisable. */
export const scheduleErrors = {
  invalid:
    '« {{expression}} » n’est pas une expression cron valide : {{reason}}. Exemple : « */15 * * * * » (toutes les 15 minutes).',
  invalidBare:
    '« {{expression}} » n’est pas une expression cron valide. Exemple : « */15 * * * * » (toutes les 15 minutes).',
  reason: {
    fieldCount: 'il faut 5 ou 6 champs, elle en a {{count}}',
    characters: 'elle contient des caractères non autorisés',
    field: '« {{value}} » n’est pas valide pour le champ {{field}}',
    impossibleDay: '« {{value}} » est un jour qui n’existe pas dans ce mois',
  },
  field: {
    second: 'des secondes',
    minute: 'des minutes',
    hour: 'des heures',
    dayOfMonth: 'du jour du mois',
    month: 'du mois',
    dayOfWeek: 'du jour de la semaine',
  },
  stepTooLarge:
    '« {{expression}} » n’est pas une planification utilisable : {{why}} Utilisez un pas d’au plus {{size}} ; par ex. « 0 */2 * * * » signifie toutes les 2 heures.',
  step: {
    second:
      'le champ des secondes n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par minute, et non toutes les {{step}} secondes.',
    minute:
      'le champ des minutes n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par heure, et non toutes les {{step}} minutes.',
    hour: 'le champ des heures n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par jour, et non toutes les {{step}} heures.',
    dayOfMonth:
      'le champ du jour du mois n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par mois, et non tous les {{step}} jours.',
    month:
      'le champ du mois n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par an, et non tous les {{step}} mois.',
    dayOfWeek:
      'le champ du jour de la semaine n’a que {{size}} valeurs, donc un pas de {{step}} se déclencherait une fois par semaine, et non tous les {{step}} jours.',
  },
  timezone:
    '« {{timezone}} » n’est pas un fuseau horaire. Utilisez un nom IANA comme Europe/Paris ou America/New_York.',
};
