import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import { serviceOptionsFrom } from '../../../src/config/service-options';

describe('serviceOptionsFrom: the store to open', () => {
  it('is SQLite in the data folder by default', () => {
    expect(serviceOptionsFrom(loadConfig({ DATA_DIR: '/tmp/bot-data' })).store).toEqual({
      kind: 'sqlite',
      dataDir: '/tmp/bot-data',
    });
  });

  it('is PostgreSQL with DATABASE_URL, Entra passwords only when DATABASE_AUTH says so', () => {
    const url = 'postgres://bot@db.example.test:5432/llmops?sslmode=require';
    expect(serviceOptionsFrom(loadConfig({ DATABASE_URL: url })).store).toEqual({
      kind: 'postgres',
      url,
      poolMax: 10,
      entra: false,
    });
    const entra = loadConfig({ DATABASE_URL: url, DATABASE_AUTH: 'entra', DATABASE_POOL_MAX: '4' });
    expect(serviceOptionsFrom(entra).store).toEqual({
      kind: 'postgres',
      url,
      poolMax: 4,
      entra: true,
    });
  });
});
