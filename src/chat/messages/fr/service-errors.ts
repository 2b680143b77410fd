/** Pourquoi l'appel à un système externe a échoué, tel que l'utilisateur le lit. */
export const serviceErrors = {
  notConfigured:
    '{{service}} n’est pas configuré. Définissez ses variables (voir `status` et docs/configuration.md), puis redémarrez le bot.',
  timeout:
    '{{service}} n’a pas répondu à temps. Réessayez dans une minute ; si le problème persiste, vérifiez `status`.',
  unreachable:
    '{{service}} est injoignable. Vérifiez son adresse dans la configuration et le réseau, puis lancez `status`.',
  unauthorized:
    '{{service}} a refusé les informations d’identification du bot. Renouvelez le jeton ou le secret configuré pour ce service.',
  forbidden:
    '{{service}} a refusé la demande : l’identité du bot n’a pas l’autorisation nécessaire. Attribuez-lui le rôle, puis réessayez.',
  forbiddenCode:
    '{{service}} a refusé la demande : l’identité du bot n’a pas l’autorisation nécessaire ({{code}}). Attribuez-lui le rôle, puis réessayez.',
  notFound:
    '{{service}} ne trouve pas l’élément demandé. Vérifiez le nom ou l’identifiant, puis réessayez.',
  conflict: '{{service}} signale un conflit avec l’état actuel. Lancez `status`, puis réessayez.',
  rateLimited: '{{service}} limite le débit des requêtes du bot. Réessayez dans un instant.',
  rateLimitedWait: '{{service}} limite le débit des requêtes du bot. Réessayez dans {{seconds}} s.',
  badRequest: '{{service}} a refusé la demande : {{message}}',
  serverError: '{{service}} a rencontré une erreur interne. Réessayez plus tard.',
  invalidResponse:
    '{{service}} a renvoyé une réponse illisible pour le bot. Vérifiez que son adresse pointe vers le bon service.',
};
