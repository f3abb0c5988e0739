// A generator over a small model for testing one lowering pass: dbo.orders (ship_name nvarchar(40),
// shipped bit, node hierarchyid, spec xml, spot geography) in scope as `orders`.

import { ConversionContext } from '../../src/plpgsql/conversion-context.js';
import { Generator } from '../../src/plpgsql/generator.js';
import { namesFromModel, type ResolverOptions } from '../../src/plpgsql/name-resolver.js';
import { col, model, table } from '../fixtures.js';

export function passGenerator(options: ResolverOptions = {}): Generator {
  const names = namesFromModel(
    model([
      table('dbo', 'orders', [
        col('ship_name', { kind: 'text', length: 40, unicode: true, fixed: false }),
        col('shipped', { kind: 'bool' }),
        col('node', { kind: 'hierarchy' }),
        col('spec', { kind: 'xml' }),
        col('spot', { kind: 'spatial', geodetic: true }),
      ]),
    ]),
    options,
  );
  const rel = names.relation('dbo', 'orders')!;
  return new Generator(new ConversionContext(names, 'test')).withScope({
    aliases: new Map([['orders', rel]]),
    relations: [rel],
  });
}
