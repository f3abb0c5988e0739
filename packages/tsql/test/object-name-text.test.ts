// splitObjectName: a name given as text (OBJECT_ID, IDENT_CURRENT) split as SQL Server reads it.

import { describe, expect, it } from 'vitest';
import { splitObjectName } from '../src/index.js';

describe('splitObjectName', () => {
  it.each([
    ['Orders', ['Orders']],
    ['dbo.Orders', ['dbo', 'Orders']],
    ['dbo.Order Details', ['dbo', 'Order Details']],
    ['[Sales].[Order.Lines]', ['Sales', 'Order.Lines']],
    ['"dbo"."x"', ['dbo', 'x']],
    [' dbo . t ', ['dbo', 't']],
    ['tempdb..#t', ['tempdb', '', '#t']],
    ['srv.db.dbo.t', ['srv', 'db', 'dbo', 't']],
  ])('%s', (text, parts) => {
    expect(splitObjectName(text)).toEqual(parts);
  });
});
