/**
 * Why an Azure (ARM) or Databricks cluster call failed, as the user reads it (English: the
 * source). Optional fragments are keys of their own, passed in as `{{…}}`, so each language
 * places them where its grammar wants.
 */
export const azureErrors = {
  insufficientQuota:
    'Azure has no quota left for the model{{inRegion}}.{{retry}} free capacity from other deployments / request more quota.',
  inRegion: ' in {{region}}',
  retryIn: ' Retry in {{region}}, or',
  retryOther: ' Try another region, or',
  quotaIdRequired:
    'This subscription cannot create Azure OpenAI resources (its offer type lacks the required quota/feature). Use a different subscription.',
  softDeleted:
    'An Azure OpenAI account{{name}} was deleted recently and is still soft-deleted. Choose restore to bring it back, or purge to free the name{{location}}.',
  location: ' (location {{location}})',
  customDomainInUse:
    'The subdomain{{name}} is already taken (possibly by a soft-deleted account).{{next}}, or purge the deleted account.',
  tryName: " Try the name '{{name}}'",
  pickName: ' Pick another name',
  modelNotSupported: '{{model}} is not offered {{where}}.{{offer}}',
  thatModelOrVersion: 'That model or version',
  inThisRegion: 'in this region',
  inNamedRegion: 'in {{region}}',
  modelDeprecated:
    '{{model}} is deprecated or retiring{{inRegion}} and cannot be deployed any more.{{offer}}',
  thatModel: 'That model',
  offerNone: ' Run `provision` without --model to let the bot choose.',
  offerRegion:
    ' {{region}} offers: {{models}}. Run `provision --model {{first}}`, or `provision` without --model to let the bot choose.',
  offerRegions:
    ' The configured regions offer: {{models}}. Run `provision --model {{first}}`, or `provision` without --model to let the bot choose.',
  invalidSku:
    'The deployment SKU is not supported for this model in this region. Use GlobalStandard or another region.',
  noDeployableModel:
    'None of the preferred models can be deployed in the configured regions right now. Extend AZURE_OPENAI_MODEL_PREFERENCES or AZURE_REGIONS.',
  authorizationFailed:
    "The bot's identity is not allowed to {{what}}. Grant it a role that includes this action (role changes can take a few minutes), then retry.",
  performAction: "perform '{{action}}'",
  doThis: 'do this',
  providerNotRegistered:
    'The subscription is not registered for {{namespace}}. Register it (the bot tries automatically when allowed) and retry.',
  aProvider: 'a resource provider',
  managedRgExists:
    'The Databricks managed resource group already exists, so the workspace could not be provisioned. Delete the failed workspace and retry; the bot will use a new managed resource group name.',
  provisioningFailed:
    'Azure could not provision{{name}}{{code}}. Delete the failed resource and retry; see the audit entry for details.',
  throttled: 'Azure Resource Manager is throttling the bot. Retry in a minute.',
  throttledWait: 'Azure Resource Manager is throttling the bot. Retry in {{seconds}} s.',
  notFound:
    'The Azure resource{{name}} does not exist (any more). Run `status` to see what is there.',
  authenticationFailed:
    'The bot could not sign in to Azure. Check its managed identity, service principal or Azure CLI login.',
  unavailable: 'Azure Resource Manager is unavailable right now. Retry in a few minutes.',
  timeout:
    'Azure Resource Manager did not answer within {{duration, deadline}}. Try again in a minute; if it keeps happening, run `status` and check the network to Azure.',
  unexpected:
    'Azure rejected the request{{code}}. See the audit entry for details, then retry or ask an operator.',
  cluster: {
    terminated:
      'The cluster stopped ({{state}}{{code}}). {{message}} Fix the cause (quota, node type) and run provision again.',
    noRuntime:
      'The workspace offers no non-beta, non-GPU ML runtime with Spark above 3.4. Set DATABRICKS_RUNTIME_LTS_ONLY=false or check the workspace.',
    noNodeType:
      'The workspace offers no usable node type. Set DATABRICKS_NODE_TYPE to one listed in the workspace.',
    libraryFailed:
      'Installing {{library}} failed: {{message}} Fix DATABRICKS_LIBRARIES and run provision again.',
    aLibrary: 'a library',
  },
};
