import { FakeArmError, notFound, type FakeArmState, type Reply } from './fake-arm-state';
import { hosted, listInGroup, type Addressed } from './hosting-routes';
import { parentNotFound, resourceId } from './hosting-state';
import { group, obj, path, RG, str, type Route, type RouteContext } from './route';

const TYPE = 'Microsoft.BotService/botServices';
const CHANNEL_TYPE = `${TYPE}/channels`;
const BASE = `${RG}/providers/microsoft\\.botservice/botservices`;
const VERSIONS = ['2022-09-15', '2023-09-15-preview'];
const CHANNELS = [
  'AlexaChannel',
  'FacebookChannel',
  'EmailChannel',
  'OutlookChannel',
  'MsTeamsChannel',
  'SkypeChannel',
  'KikChannel',
  'WebChatChannel',
  'DirectLineChannel',
  'TelegramChannel',
  'SmsChannel',
  'SlackChannel',
  'LineChannel',
  'DirectLineSpeechChannel',
  'Omnichannel',
  'TelephonyChannel',
  'AcsChatChannel',
  'SearchAssistant',
  'M365Extensions',
];
const FAQ =
  'See https://docs.microsoft.com/azure/bot-service/bot-service-resources-bot-framework-faq?view=azure-bot-service-4.0 for detailed requirements.';

/** Bot Service reports every validation failure as 400 InvalidBotData. */
const invalidBot = (error: string) =>
  new FakeArmError(400, {
    code: 'InvalidBotData',
    message: `Bot is not valid. Errors: ${error}. ${FAQ}`,
  });

function validateBot(s: FakeArmState, body: Record<string, unknown>): void {
  const p = obj(body.properties);
  const endpoint = str(p.endpoint) ?? '';
  if (!str(p.displayName)) throw invalidBot('DisplayName is required');
  let secure = false;
  try {
    secure = new URL(endpoint).protocol === 'https:';
  } catch {
    secure = false;
  }
  if (endpoint && !secure) throw invalidBot('Endpoint must be a valid https URL');
  if (!str(p.msaAppId)) throw invalidBot('MsaAppId is required');
  const type = str(p.msaAppType) ?? 'MultiTenant';
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(type)) {
    throw invalidBot(`MsaAppType '${type}' is not supported`);
  }
  if (type !== 'MultiTenant' && !str(p.msaAppTenantId)) {
    throw invalidBot(`MsaAppTenantId is required for MsaAppType ${type}`);
  }
  if (type === 'UserAssignedMSI') {
    const msiId = str(p.msaAppMSIResourceId);
    if (!msiId) throw invalidBot('MsaAppMSIResourceId is required for MsaAppType UserAssignedMSI');
    // The fake also checks the wiring: the identity must exist and its client id be the app id.
    const msi = s.hosting.get(msiId);
    if (!msi || obj(msi.body.properties).clientId !== str(p.msaAppId)) {
      throw invalidBot(`MsaAppId does not match the client id of the identity '${msiId}'`);
    }
  }
}

function putBot(ctx: RouteContext, { rg, name, id, existing }: Addressed): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  s.requireProvider('Microsoft.BotService');
  const group_ = s.requireResourceGroup(rg);
  const lname = name.toLowerCase();
  if (
    h.taken.bots.has(lname) ||
    h
      .list(TYPE)
      .some((b) => b.name.toLowerCase() === lname && b.id.toLowerCase() !== id.toLowerCase())
  ) {
    throw invalidBot('The bot name is already registered to another bot application.');
  }
  const location = (str(body.location) ?? '').toLowerCase();
  if (!['global', 'westeurope', 'centralindia'].includes(location)) {
    throw new FakeArmError(400, {
      code: 'LocationNotAvailableForResourceType',
      message: `The provided location '${location}' is not available for resource type '${TYPE}'. List of available regions for the resource type is 'global,westeurope,centralindia'.`,
    });
  }
  const sku = str(obj(body.sku).name) ?? '';
  if (!['F0', 'S1'].includes(sku)) throw invalidBot(`Sku '${sku}' is not supported`);
  validateBot(s, body);
  const p = obj(body.properties);
  const reply = {
    id: resourceId(s.subscriptionId, group_.name, TYPE, name),
    name,
    type: TYPE,
    location,
    kind: str(body.kind) ?? 'azurebot',
    sku: { name: sku, tier: sku === 'F0' ? 'Free' : 'Standard' },
    tags: obj(body.tags),
    etag: `"${Date.now().toString(16)}"`,
    properties: {
      displayName: str(p.displayName),
      description: str(p.description) ?? null,
      iconUrl:
        'https://docs.botframework.com/static/devportal/client/images/bot-framework-default.png',
      endpoint: str(p.endpoint) ?? '',
      msaAppId: str(p.msaAppId),
      msaAppType: str(p.msaAppType) ?? 'MultiTenant',
      msaAppTenantId: str(p.msaAppTenantId) ?? null,
      msaAppMSIResourceId: str(p.msaAppMSIResourceId) ?? null,
      configuredChannels: ['webchat', 'directline'],
      enabledChannels: ['webchat', 'directline'],
      isCmekEnabled: false,
      disableLocalAuth: p.disableLocalAuth === true,
      publicNetworkAccess: 'Enabled',
      provisioningState: 'Succeeded',
    },
  };
  h.set({ id: reply.id, rg: group_.name, type: TYPE, name, body: reply });
  return { status: existing ? 200 : 201, body: reply };
}

function channel(ctx: RouteContext): Reply {
  const { state: s, body } = ctx;
  const h = s.hosting;
  const [rg, botName, name] = [group(ctx.m, 2), group(ctx.m, 3), group(ctx.m, 4)];
  const botId = resourceId(s.subscriptionId, rg, TYPE, botName);
  const parent = h.get(botId);
  const id = `${botId}/channels/${name}`;
  const existing = h.get(id);
  if (!parent) {
    if (ctx.method === 'DELETE') return { status: 204 };
    throw parentNotFound(CHANNEL_TYPE, botName);
  }
  if (ctx.method === 'GET') {
    if (!existing) throw notFound(CHANNEL_TYPE, name);
    return { status: 200, body: existing.body };
  }
  const channels = (obj(parent.body.properties).configuredChannels ?? []) as string[];
  const short = name.replace(/Channel$/, '').toLowerCase();
  if (ctx.method === 'DELETE') {
    if (!h.remove(id)) return { status: 204 };
    obj(parent.body.properties).configuredChannels = channels.filter((c) => c !== short);
    return { status: 200 };
  }
  const props = obj(body.properties);
  if (!CHANNELS.includes(name) || str(props.channelName) !== name) {
    throw invalidBot(
      `Channel name '${name}' does not match the body channelName '${str(props.channelName) ?? ''}' or is unknown`,
    );
  }
  const reply = {
    id: parent.id + id.slice(botId.length),
    name,
    type: CHANNEL_TYPE,
    location: str(body.location) ?? 'global',
    properties: {
      channelName: name,
      properties: { isEnabled: true, ...obj(props.properties) },
      provisioningState: 'Succeeded',
    },
  };
  h.set({
    id: reply.id,
    rg: parent.rg,
    type: CHANNEL_TYPE,
    name,
    parent: botId.toLowerCase(),
    body: reply,
  });
  if (!channels.includes(short))
    obj(parent.body.properties).configuredChannels = [...channels, short];
  return { status: existing ? 200 : 201, body: reply };
}

/** Azure Bot registrations (2022-09-15): global bot handles, managed-identity apps, channels. */
export const botRoutes: Route[] = [
  { methods: ['GET'], pattern: path(BASE), apiVersions: VERSIONS, handle: listInGroup(TYPE) },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${BASE}/([^/]+)`),
    apiVersions: VERSIONS,
    handle: (ctx) => hosted(ctx, TYPE, { put: (a) => putBot(ctx, a) }),
  },
  {
    methods: ['PUT', 'GET', 'DELETE'],
    pattern: path(`${BASE}/([^/]+)/channels/([^/]+)`),
    apiVersions: VERSIONS,
    handle: channel,
  },
];
