import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the fake ARM's certificate lives; fixed so vitest workers can trust it at start-up. */
export const CERT_DIR = path.resolve(__dirname, '../../../.cache/fake-arm');
export const CERT_PATH = path.join(CERT_DIR, 'cert.pem');
export const KEY_PATH = path.join(CERT_DIR, 'key.pem');

/**
 * Creates (once) a self-signed certificate for 127.0.0.1/localhost with openssl. The real SDK
 * clients then verify it like any other server certificate, through NODE_EXTRA_CA_CERTS.
 */
export function ensureSelfSignedCert(): { cert: string; key: string; certPath: string } {
  if (!existsSync(CERT_PATH) || !existsSync(KEY_PATH)) {
    mkdirSync(CERT_DIR, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        KEY_PATH,
        '-out',
        CERT_PATH,
      ],
      { stdio: 'ignore' },
    );
  }
  return {
    cert: readFileSync(CERT_PATH, 'utf8'),
    key: readFileSync(KEY_PATH, 'utf8'),
    certPath: CERT_PATH,
  };
}
