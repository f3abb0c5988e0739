import { describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/index.js';

describe('identifiers are quoted only where needed', () => {
  it.each([
    ['orders', 'orders'],
    ['order_id', 'order_id'],
    ['_x1$', '_x1$'],
    ['Orders', '"Orders"'],
    ['Order Details', '"Order Details"'],
    ['order', '"order"'],
    ['user', '"user"'],
    ['between', '"between"'],
    ['left', '"left"'],
    ['1st', '"1st"'],
    ['straße', '"straße"'],
    ['say "hi"', '"say ""hi"""'],
    ['name', 'name'], // an unreserved keyword needs no quotes
    ['type', 'type'],
  ])('%s -> %s', (name, sql) => {
    expect(quoteIdent(name)).toBe(sql);
  });
});
