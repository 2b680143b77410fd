import type { ChildProcess } from 'node:child_process';

/** Signals a child started with `detached: true` and everything it forked (its process group). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void;

export interface OwnedGroup {
  /** Resolves when the child exits. */
  readonly exit: Promise<void>;
  readonly exited: boolean;
  /** SIGTERM to the group, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Stops a detached child's process group on stop(), or by SIGKILL when this process exits. */
export function ownGroup(child: ChildProcess): OwnedGroup;

/**
 * Whether the socket listening on the loopback `port` is held by a process of the detached child's
 * group (Linux /proc), so a health probe answered by another test's server is not taken as ours.
 */
export function groupListensOn(child: ChildProcess, port: number): boolean;
