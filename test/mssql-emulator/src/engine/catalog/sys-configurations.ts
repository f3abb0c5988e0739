// sys.configurations: server-wide configuration options, each at its documented default (the emulator
// has no sp_configure). The options carried are the common ones scripts test (not SQL Server's full
// list); minimum, maximum and default as "Server configuration options" documents them. value,
// minimum, maximum and value_in_use are sql_variant holding an int.
import type { Value } from '../types/convert.js';
import { BIT, INT, VARIANT, nvarchar, type CatalogView } from './view.js';

interface Option {
  id: number;
  name: string;
  minimum: number;
  maximum: number;
  value: number;
  description: string;
  dynamic: boolean;
  advanced: boolean;
}

const option = (
  id: number,
  name: string,
  [minimum, maximum, value]: [number, number, number],
  description: string,
  dynamic: boolean,
  advanced: boolean,
): Option => ({ id, name, minimum, maximum, value, description, dynamic, advanced });

const MAX_INT = 2147483647;

const OPTIONS: Option[] = [
  option(101, 'recovery interval (min)', [0, 32767, 0], 'Maximum recovery interval in minutes', true, true),
  option(102, 'allow updates', [0, 1, 0], 'Allow updates to system tables', true, false),
  option(103, 'user connections', [0, 32767, 0], 'Number of user connections allowed', false, true),
  option(109, 'fill factor (%)', [0, 100, 0], 'Default fill factor percentage', false, true),
  option(115, 'nested triggers', [0, 1, 1], 'Allow triggers to be invoked within triggers', true, false),
  option(117, 'remote access', [0, 1, 1], 'Allow remote access', false, false),
  option(124, 'default language', [0, 9999, 0], 'default language', true, false),
  option(505, 'network packet size (B)', [512, 32767, 4096], 'Network packet size', true, true),
  option(518, 'show advanced options', [0, 1, 0], 'show advanced options', true, false),
  option(1127, 'two digit year cutoff', [1753, 9999, 2049], 'two digit year cutoff', true, true),
  option(1538, 'cost threshold for parallelism', [0, 32767, 5], 'cost threshold for parallelism', true, true),
  option(1539, 'max degree of parallelism', [0, 32767, 0], 'maximum degree of parallelism', true, true),
  option(1543, 'min server memory (MB)', [0, MAX_INT, 0], 'Minimum size of server memory (MB)', true, true),
  option(
    1544,
    'max server memory (MB)',
    [16, MAX_INT, MAX_INT],
    'Maximum size of server memory (MB)',
    true,
    true,
  ),
  option(1562, 'clr enabled', [0, 1, 0], 'CLR user code execution enabled in the server', true, false),
  option(1568, 'default trace enabled', [0, 1, 1], 'Enable or disable the default trace', true, true),
  option(16390, 'xp_cmdshell', [0, 1, 0], 'Enable or disable command shell', true, true),
  option(
    16391,
    'Ad Hoc Distributed Queries',
    [0, 1, 0],
    'Enable or disable Ad Hoc Distributed Queries',
    true,
    true,
  ),
  option(
    16393,
    'contained database authentication',
    [0, 1, 0],
    'Enables contained databases and contained authentication',
    true,
    false,
  ),
  option(
    16394,
    'hadoop connectivity',
    [0, 7, 0],
    'Configure SQL Server to connect to external Hadoop or Microsoft Azure storage blob data sources through PolyBase',
    false,
    false,
  ),
];

const variant = (n: number): Value => ({ type: INT, value: n });

export const sysConfigurations: CatalogView = {
  name: 'sys.configurations',
  columns: [
    ['configuration_id', INT],
    ['name', nvarchar(35)],
    ['value', VARIANT, true],
    ['minimum', VARIANT, true],
    ['maximum', VARIANT, true],
    ['value_in_use', VARIANT, true],
    ['description', nvarchar(255)],
    ['is_dynamic', BIT],
    ['is_advanced', BIT],
  ],
  *rows() {
    for (const o of OPTIONS)
      yield [
        o.id,
        o.name,
        variant(o.value),
        variant(o.minimum),
        variant(o.maximum),
        variant(o.value),
        o.description,
        o.dynamic,
        o.advanced,
      ];
  },
};
