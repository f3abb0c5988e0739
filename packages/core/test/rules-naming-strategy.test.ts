import { describe, expect, it } from 'vitest';
import {
  applyNaming,
  exactPattern,
  identifierBytes,
  isReservedWord,
  matchesPattern,
  toSnakeCase,
} from '../src/index.js';

describe('snake_case naming', () => {
  it.each([
    ['OrderID', 'order_id'],
    ['CustomerCustomerDemo', 'customer_customer_demo'],
    ['Order Details', 'order_details'],
    ['UnitsInStock', 'units_in_stock'],
    ['HTMLPage', 'html_page'],
    ['au_id', 'au_id'],
    ['PK_Order_Details', 'pk_order_details'],
    ['Address2Line', 'address2_line'],
    ['employee ID', 'employee_id'],
    ['Größe', 'größe'],
    ['ÜberTabelle', 'über_tabelle'],
    ['Prix€Total', 'prix_total'],
    ['__Weird--Name__', 'weird_name'],
    ['###', '###'],
  ])('%s -> %s', (name, expected) => {
    expect(toSnakeCase(name)).toBe(expected);
  });
});

describe('naming strategies', () => {
  it('preserve keeps names, lowercase only lowers them, fold folds them as the target does', () => {
    expect(applyNaming('preserve', 'Order Details', 'lower')).toBe('Order Details');
    expect(applyNaming('lowercase', 'Order Details', 'upper')).toBe('order details');
    expect(applyNaming('snake_case', 'Order Details', 'upper')).toBe('order_details');
    expect(applyNaming('fold', 'Order Details', 'upper')).toBe('ORDER DETAILS');
    expect(applyNaming('fold', 'Order Details', 'lower')).toBe('order details');
    expect(applyNaming('fold', 'Order Details', 'none')).toBe('Order Details');
  });

  it('a reserved word is one as the target reads it: folded, compared without case', () => {
    const target = { reservedWords: new Set(['order']), caseFolding: 'lower' } as const;
    expect(isReservedWord('order', target)).toBe(true);
    expect(isReservedWord('Order', target)).toBe(false);
    expect(isReservedWord('orders', target)).toBe(false);
    expect(isReservedWord('Order', { ...target, caseFolding: 'none' })).toBe(true);
  });

  it('measures identifiers in UTF-8 bytes', () => {
    expect(identifierBytes('orders')).toBe(6);
    expect(identifierBytes('größe')).toBe(7);
  });
});

describe('DMS wildcard patterns', () => {
  it('% matches any run of characters, case-sensitively', () => {
    expect(matchesPattern('%', '')).toBe(true);
    expect(matchesPattern('DMS%', 'DMS_Orders')).toBe(true);
    expect(matchesPattern('DMS%', 'dms_orders')).toBe(false);
    expect(matchesPattern('%Details', 'Order Details')).toBe(true);
    expect(matchesPattern('Orders', 'Orders2')).toBe(false);
  });

  it('_ matches one character, [_] a literal underscore, [ab] and [a-d] sets; regex characters are literal', () => {
    expect(matchesPattern('Order_Details', 'OrderXDetails')).toBe(true);
    expect(matchesPattern('Order[_]Details', 'OrderXDetails')).toBe(false);
    expect(matchesPattern('Order[_]Details', 'Order_Details')).toBe(true);
    expect(matchesPattern('T[ab]1', 'Tb1')).toBe(true);
    expect(matchesPattern('T[ab]1', 'Tc1')).toBe(false);
    expect(matchesPattern('T[a-d]%', 'Tcx')).toBe(true);
    expect(matchesPattern('T[a-d]%', 'Tex')).toBe(false);
    expect(matchesPattern('a.b%', 'axb')).toBe(false);
    expect(matchesPattern('a(b)+%', 'a(b)+c')).toBe(true);
  });

  it('exactPattern brackets the wildcard characters of a name', () => {
    expect(exactPattern('pub_info')).toBe('pub[_]info');
    expect(matchesPattern(exactPattern('pub_info'), 'pubXinfo')).toBe(false);
    expect(matchesPattern(exactPattern('50%[x]_y'), '50%[x]_y')).toBe(true);
  });
});
