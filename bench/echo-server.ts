/**
 * The baseline: the bare minimum botbuilder bot — restify 11, CloudAdapter with
 * ConfigurationBotFrameworkAuthentication({}) (no app id, so unauthenticated like our local mode), and an
 * ActivityHandler that echoes the text (and answers a card's Action.Execute with a one-line card). No store, no logging, no cards. Same HTTP stack and the same outbound
 * reply path (POST to the activity's serviceUrl) as our bot, so the difference is what our bot does per turn.
 *
 *   node --import tsx bench/echo-server.ts      → prints {"event":"ready","role":"echo-bot","port":N,...}
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { processStats, serveChild } from './ipc.js';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const text = context.activity.text;
      await context.sendActivity(`echo: ${text}`);
      await next();
    });
  }

  /**
   * A card's Action.Execute (`adaptiveCard/action`, e.g. answers.ts' `round.submit`): answered in the invoke
   * response with a one-line card, the same reply path our bot's card actions take (nothing POSTed to the connector).
   */
  protected override async onAdaptiveCardInvoke(_context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `echo: ${invokeValue.action.verb}` }] },
    };
  }
}
const bot = new EchoBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});

let connectionsAccepted = 0;
server.server.on('connection', () => connectionsAccepted++);

const child = serveChild({
  role: 'echo-bot',
  handlers: { stats: () => processStats({ connectionsAccepted }) },
  async stop() {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
child.announce({ port: server.address().port });
