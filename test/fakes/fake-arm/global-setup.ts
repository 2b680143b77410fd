import { ensureSelfSignedCert } from './self-signed-cert';

/**
 * vitest globalSetup: runs in the main process before any worker is forked. Node reads
 * NODE_EXTRA_CA_CERTS only at process start, so it must be in the environment the forks
 * inherit; the fake ARM's HTTPS certificate is then trusted by the unmodified SDK clients.
 */
export default function setup(): void {
  const { certPath } = ensureSelfSignedCert();
  process.env.NODE_EXTRA_CA_CERTS = certPath;
}
