import pino from 'pino';

export type Logger = pino.Logger;

/** pino's levels plus `silent`; every LOG_LEVEL value is one of them. */
export type LogLevel = pino.LevelWithSilent;

/**
 * Paths whose values are replaced before a line is written. Secrets may reach a log through
 * error objects and request options, so redact by key name wherever they sit.
 */
export const REDACT_PATHS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["api-key"]',
  '*.appPassword',
  '*.clientSecret',
  'config.bot.appPassword',
  'config.azureOpenAI.apiKey',
  'config.openAI.apiKey',
  'config.databricks.token',
  'config.databricks.clientSecret',
  'config.mlflow.token',
  'config.mlflow.password',
];

/** Structured JSON logs on stdout (or a given stream) with secrets redacted. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'llmops-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
