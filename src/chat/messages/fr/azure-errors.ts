/** Pourquoi un appel à Azure (ARM) ou à un cluster Databricks a échoué, tel que l'utilisateur le lit. */
export const azureErrors = {
  insufficientQuota:
    'Azure n’a plus de quota pour le modèle{{inRegion}}.{{retry}} libérez de la capacité en supprimant d’autres déploiements / demandez une augmentation de quota.',
  inRegion: ' dans la région {{region}}',
  retryIn: ' Réessayez dans la région {{region}}, ou',
  retryOther: ' Essayez une autre région, ou',
  quotaIdRequired:
    'Cet abonnement ne peut pas créer de ressources Azure OpenAI (son type d’offre n’a pas le quota ou la fonctionnalité requis). Utilisez un autre abonnement.',
  softDeleted:
    'Un compte Azure OpenAI{{name}} a été supprimé récemment et se trouve encore en suppression réversible. Choisissez restaurer pour le récupérer, ou vider définitivement pour libérer le nom{{location}}.',
  location: ' (emplacement {{location}})',
  customDomainInUse:
    'Le sous-domaine{{name}} est déjà pris (peut-être par un compte en suppression réversible).{{next}}, ou supprimez définitivement le compte supprimé.',
  tryName: " Essayez le nom '{{name}}'",
  pickName: ' Choisissez un autre nom',
  modelNotSupported: '{{model}} n’est pas proposé {{where}}.{{offer}}',
  thatModelOrVersion: 'Ce modèle ou cette version',
  inThisRegion: 'dans cette région',
  inNamedRegion: 'dans la région {{region}}',
  modelDeprecated:
    '{{model}} est déprécié ou en cours de retrait{{inRegion}} et ne peut plus être déployé.{{offer}}',
  thatModel: 'Ce modèle',
  offerNone: ' Lancez `provision` sans --model pour laisser le bot choisir.',
  offerRegion:
    ' La région {{region}} propose : {{models}}. Lancez `provision --model {{first}}`, ou `provision` sans --model pour laisser le bot choisir.',
  offerRegions:
    ' Les régions configurées proposent : {{models}}. Lancez `provision --model {{first}}`, ou `provision` sans --model pour laisser le bot choisir.',
  invalidSku:
    'La référence SKU du déploiement n’est pas prise en charge pour ce modèle dans cette région. Utilisez GlobalStandard ou une autre région.',
  noDeployableModel:
    'Aucun des modèles préférés ne peut être déployé dans les régions configurées pour le moment. Complétez AZURE_OPENAI_MODEL_PREFERENCES ou AZURE_REGIONS.',
  authorizationFailed:
    'L’identité du bot n’est pas autorisée à {{what}}. Attribuez-lui un rôle qui inclut cette action (la prise en compte d’un rôle peut prendre quelques minutes), puis réessayez.',
  performAction: "effectuer '{{action}}'",
  doThis: 'faire cela',
  providerNotRegistered:
    'L’abonnement n’est pas inscrit auprès de {{namespace}}. Inscrivez-le (le bot essaie automatiquement quand il en a le droit), puis réessayez.',
  aProvider: 'un fournisseur de ressources',
  managedRgExists:
    'Le groupe de ressources managé de Databricks existe déjà, donc l’espace de travail n’a pas pu être provisionné. Supprimez l’espace de travail en échec et réessayez ; le bot utilisera un nouveau nom de groupe de ressources managé.',
  provisioningFailed:
    'Azure n’a pas pu provisionner{{name}}{{code}}. Supprimez la ressource en échec et réessayez ; l’entrée d’audit donne les détails.',
  throttled:
    'Azure Resource Manager limite le débit des requêtes du bot. Réessayez dans une minute.',
  throttledWait:
    'Azure Resource Manager limite le débit des requêtes du bot. Réessayez dans {{seconds}} s.',
  notFound:
    'La ressource Azure{{name}} n’existe pas (ou plus). Lancez `status` pour voir ce qui existe.',
  authenticationFailed:
    'Le bot n’a pas pu se connecter à Azure. Vérifiez son identité managée, son principal de service ou la connexion Azure CLI.',
  unavailable:
    'Azure Resource Manager est indisponible pour le moment. Réessayez dans quelques minutes.',
  timeout:
    'Azure Resource Manager n’a pas répondu dans le délai de {{duration, deadline}}. Réessayez dans une minute ; si cela se reproduit, lancez `status` et vérifiez le réseau vers Azure.',
  unexpected:
    'Azure a refusé la demande{{code}}. Consultez l’entrée d’audit pour les détails, puis réessayez ou adressez-vous à un opérateur.',
  cluster: {
    terminated:
      'Le cluster s’est arrêté ({{state}}{{code}}). {{message}} Corrigez la cause (quota, type de nœud) et relancez provision.',
    noRuntime:
      'L’espace de travail ne propose aucun runtime ML non bêta et sans GPU avec Spark au-delà de 3.4. Définissez DATABRICKS_RUNTIME_LTS_ONLY=false ou vérifiez l’espace de travail.',
    noNodeType:
      'L’espace de travail ne propose aucun type de nœud utilisable. Définissez DATABRICKS_NODE_TYPE sur un type listé dans l’espace de travail.',
    libraryFailed:
      'L’installation de {{library}} a échoué : {{message}} Corrigez DATABRICKS_LIBRARIES et relancez provision.',
    aLibrary: 'une bibliothèque',
  },
};
