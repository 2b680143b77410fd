import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceLogRepository } from '../../../../src/workflows/prompting/inference-log-repository';
import type { LlmTarget } from '../../../../src/services/llm/llm-target';
import { openDatabase, type Database } from '../../../../src/platform/store/database';

const target: LlmTarget = {
  name: 'azure',
  kind: 'azure-openai',
  baseUrl: 'https://x.openai.azure.com',
  model: 'chat',
};
const other: LlmTarget = { ...target, name: 'databricks', kind: 'databricks-serving' };
const ok = {
  status: 'ok' as const,
  text: 'hello there',
  finishReason: 'stop',
  usage: { prompt: 10, completion: 2, total: 12 },
  latencyMs: 42.4,
};

let dir: string;
let db: Database;
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
function open(redactText: boolean, clock: { t: number }) {
  dir = mkdtempSync(path.join(tmpdir(), 'inflog-'));
  db = openDatabase(dir);
  return new InferenceLogRepository(db, { redactText, now: () => clock.t });
}

describe('InferenceLogRepository', () => {
  it('records every field and reads a target window in time order', () => {
    const clock = { t: 1000 };
    const repo = open(false, clock);
    const a = repo.record({
      source: 'ask',
      target,
      prompt: 'hi',
      result: ok,
      userId: 'u1',
      conversationId: 'c1',
    });
    expect(a).toMatchObject({
      at: 1000,
      source: 'ask',
      target: 'azure',
      targetKind: 'azure-openai',
      model: 'chat',
      prompt: 'hi',
      response: 'hello there',
      promptChars: 2,
      responseChars: 11,
      redacted: false,
      promptTokens: 10,
      completionTokens: 2,
      totalTokens: 12,
      latencyMs: 42,
      status: 'ok',
      finishReason: 'stop',
      filterStage: undefined,
      filterCategories: [],
      userId: 'u1',
      conversationId: 'c1',
    });
    clock.t = 2000;
    repo.record({
      source: 'chat',
      target,
      prompt: 'bad',
      result: {
        status: 'filtered',
        usage: { prompt: 0, completion: 0, total: 0 },
        latencyMs: 5,
        filter: { stage: 'prompt', categories: ['hate'] },
      },
      userId: 'u1',
      conversationId: 'c1',
    });
    clock.t = 3000;
    repo.record({
      source: 'test',
      target: other,
      prompt: 'x',
      result: ok,
      userId: undefined,
      conversationId: undefined,
      runId: 'r1',
    });
    const w = repo.window('azure', 1000, 3000);
    expect(w.map((r) => r.at)).toEqual([1000, 2000]);
    expect(w[1]).toMatchObject({
      status: 'filtered',
      filterStage: 'prompt',
      filterCategories: ['hate'],
      response: undefined,
    });
    expect(repo.window('azure', 1500, 3000)).toHaveLength(1);
    expect(repo.window('databricks', 0, 5000)[0]?.runId).toBe('r1');
  });

  it('keeps lengths but not text when redaction is on', () => {
    const repo = open(true, { t: 1 });
    const r = repo.record({
      source: 'ask',
      target,
      prompt: 'secret plan',
      result: ok,
      userId: 'u',
      conversationId: 'c',
    });
    expect(r).toMatchObject({
      prompt: undefined,
      response: undefined,
      promptChars: 11,
      responseChars: 11,
      redacted: true,
    });
  });
});
