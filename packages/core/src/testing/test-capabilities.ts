// The capabilities core's in-test targets declare: they apply a step whole or not at all, and their
// identifier limit is PostgreSQL's 63 bytes, a common one, so names planned in tests look as they
// would for a real target; a test of another limit declares its own.

import type { TargetCapabilities } from '../plugins/endpoint.js';

export const testTargetCapabilities: TargetCapabilities = {
  product: 'the test target',
  identifierMaxBytes: 63,
  reservedWords: new Set(),
  caseFolding: 'none',
  transactionalDdl: true,
};
