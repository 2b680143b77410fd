// Preload (`node --require`) for the Agents Playground: its server calls listen(port) with no
// host, i.e. on every interface. This forces 127.0.0.1 so tests and `npm run playground` stay
// loopback-only. From shared reference teams-client-emulator.md.
'use strict';
const net = require('node:net');
const orig = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a0 = args[0];
  if (a0 !== null && typeof a0 === 'object' && !Array.isArray(a0)) {
    if (a0.port !== undefined && a0.host === undefined && a0.path === undefined) {
      args[0] = { ...a0, host: '127.0.0.1' };
    }
  } else if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\d+$/.test(a0))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (a0 === undefined || typeof a0 === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return orig.apply(this, args);
};
