import { describe, expect, it } from 'vitest';
import { applyNaming, identifierBytes, matchesPattern, toSnakeCase } from '../src/index.js';

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
  it('preserve keeps names, lowercase only lowers them', () => {
    expect(applyNaming('preserve', 'Order Details')).toBe('Order Details');
    expect(applyNaming('lowercase', 'Order Details')).toBe('order details');
    expect(applyNaming('snake_case', 'Order Details')).toBe('order_details');
  });

  it('measures identifiers in UTF-8 bytes', () => {
    expect(identifierBytes('orders')).toBe(6);
    expect(identifierBytes('größe')).toBe(7);
  });
});

describe('DMS % patterns', () => {
  it('match any run of characters, case-sensitively, and nothing else is special', () => {
    expect(matchesPattern('%', '')).toBe(true);
    expect(matchesPattern('DMS%', 'DMS_Orders')).toBe(true);
    expect(matchesPattern('DMS%', 'dms_orders')).toBe(false);
    expect(matchesPattern('%Details', 'Order Details')).toBe(true);
    expect(matchesPattern('Order_Details', 'OrderXDetails')).toBe(false);
    expect(matchesPattern('a.b%', 'axb')).toBe(false);
    expect(matchesPattern('Orders', 'Orders2')).toBe(false);
  });
});
