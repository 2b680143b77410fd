import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/bot/commands';
import { commandLineOf, commandTools, runRequest } from '../../../src/dialogs/command-tools';

describe('commandTools', () => {
  it('offers one function per registered command, described by its syntax and examples', () => {
    const tools = commandTools(commands);
    expect(tools.map((t) => t.name)).toEqual(commands.map((c) => c.id));
    const deploy = tools.find((t) => t.name === 'deploy');
    expect(deploy?.description).toContain('Syntax: deploy [--endpoint NAME] [--deployment NAME]');
    expect(deploy?.parameters).toMatchObject({ required: ['args'] });
  });
});

describe('commandLineOf', () => {
  it('turns a tool call into the command line it stands for', () => {
    expect(commandLineOf({ name: 'deploy', arguments: '{"args":"--endpoint x"}' }, commands)).toBe(
      'deploy --endpoint x',
    );
    expect(commandLineOf({ name: 'status', arguments: '{"args":""}' }, commands)).toBe('status');
  });

  it('keeps the command when the arguments are broken, and drops unknown commands', () => {
    expect(commandLineOf({ name: 'runs', arguments: '{args:' }, commands)).toBe('runs');
    expect(commandLineOf({ name: 'runs', arguments: '{"args":7}' }, commands)).toBe('runs');
    expect(commandLineOf({ name: 'rm', arguments: '{"args":"-rf"}' }, commands)).toBeUndefined();
  });

  it('removes what could break out of the code span or the card, and bounds the length', () => {
    const line = commandLineOf(
      {
        name: 'ask',
        arguments: JSON.stringify({ args: 'a`b {{DATE(x)}} <at>c</at>\nd' + 'e'.repeat(400) }),
      },
      commands,
    );
    expect(line).toMatch(/^ask a b DATE\(x\) at c \/at d/);
    expect(line).not.toMatch(/[`{}<>\n]/);
    expect(line?.length).toBe(300);
  });
});

describe('runRequest', () => {
  it('reads a typed line, a command with args, or a bare command; nothing else', () => {
    expect(runRequest({ verb: 'run', line: '  /Deploy  --dry-run ' })).toEqual({
      command: 'deploy',
      line: '/Deploy --dry-run',
    });
    expect(runRequest({ verb: 'run', command: 'help', args: 'test' })).toEqual({
      command: 'help',
      line: 'help test',
    });
    expect(runRequest({ verb: 'run', command: 'status' })).toEqual({
      command: 'status',
      line: 'status',
    });
    expect(runRequest({ verb: 'run', command: 9 })).toBeUndefined();
  });
});
