import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { groupListensOn, ownGroup, type OwnedGroup } from '../../support/process-group';

// A child that forks a grandchild which listens: the listener belongs to the child's group, so a
// port it holds is told apart from one a stranger (here: this test process) holds.
const LISTENING_GRANDCHILD = `
const { spawn } = require('node:child_process');
spawn(process.execPath, ['-e', \`
  require('node:net').createServer().listen(0, '127.0.0.1', function () {
    process.stdout.write(String(this.address().port) + '\\\\n');
  });
\`], { stdio: ['ignore', 'inherit', 'inherit'] });
`;

let group: OwnedGroup | undefined;
let stranger: Server | undefined;
afterEach(async () => {
  await group?.stop();
  await new Promise((resolve) => (stranger ? stranger.close(resolve) : resolve(undefined)));
});

describe('groupListensOn', () => {
  it("is true for a port the child's group listens on, false for another process's port", async () => {
    const child = spawn(process.execPath, ['-e', LISTENING_GRANDCHILD], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    group = ownGroup(child);
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(groupListensOn(child, port)).toBe(true);

    const server = createServer();
    stranger = server;
    const strangerPort = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    expect(groupListensOn(child, strangerPort)).toBe(false);
    await group.stop();
    group = undefined;
    expect(groupListensOn(child, port)).toBe(false);
  });
});
