'use strict';
/**
 * The baseline for bench/turn.js: the smallest botbuilder bot on the same stack as ours
 * (restify 11 + CloudAdapter, auth off), echoing the text back. Whatever our bot costs above
 * this is our own code: routing, the conversation store, logging and the help card.
 *
 * Same port/host pattern as the real bot: PORT and HOST from the environment, 127.0.0.1 by
 * default (this is a bench script, not src/, so it reads process.env itself). GET /readyz answers 200 so the bench can wait for both bots the same way.
 */
const restify = require('restify');
const {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
} = require('botbuilder');

const port = Number(process.env.PORT ?? 3979);
const host = process.env.HOST ?? '127.0.0.1';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (turn, err) => {
  process.stderr.write(`echo bot turn error: ${err instanceof Error ? err.message : err}\n`);
  await turn.sendActivity('error');
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (turn, next) => {
      await turn.sendActivity(`Echo: ${turn.activity.text ?? ''}`);
      await next();
    });
  }
}
const bot = new EchoBot();

const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (turn) => bot.run(turn));
});
server.get('/readyz', (_req, res, next) => {
  res.json({ status: 'ready' });
  next();
});
server.listen(port, host);

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
