// The type-fidelity matrix: every SQL Server type with edge values, and the canonical values (written
// by hand) the source must deliver for them. Read by type-fidelity.test.ts on both read paths.

import type { Value } from '@ferry/core';

export const script = `
CREATE TABLE dbo.TypeMatrix (
  id int NOT NULL PRIMARY KEY,
  c_bit bit NULL, c_tinyint tinyint NULL, c_smallint smallint NULL, c_int int NULL, c_bigint bigint NULL,
  c_dec decimal(38,10) NULL, c_dec0 numeric(38,0) NULL, c_money money NULL, c_smallmoney smallmoney NULL,
  c_real real NULL, c_float float NULL,
  c_date date NULL, c_time7 time(7) NULL, c_time0 time(0) NULL, c_datetime datetime NULL, c_smalldatetime smalldatetime NULL,
  c_dt2_7 datetime2(7) NULL, c_dt2_0 datetime2(0) NULL, c_dto7 datetimeoffset(7) NULL, c_dto3 datetimeoffset(3) NULL,
  c_char char(5) NULL, c_varchar varchar(10) NULL, c_varcharmax varchar(max) NULL, c_text text NULL,
  c_nchar nchar(3) NULL, c_nvarchar nvarchar(20) NULL, c_nvarcharmax nvarchar(max) NULL, c_ntext ntext NULL,
  c_binary binary(4) NULL, c_varbinary varbinary(10) NULL, c_varbinarymax varbinary(max) NULL, c_image image NULL,
  c_guid uniqueidentifier NULL, c_xml xml NULL, c_variant sql_variant NULL, c_rowversion rowversion
)
GO
INSERT INTO dbo.TypeMatrix (id, c_bit, c_tinyint, c_smallint, c_int, c_bigint, c_dec, c_dec0, c_money, c_smallmoney, c_real, c_float,
  c_date, c_time7, c_time0, c_datetime, c_smalldatetime, c_dt2_7, c_dt2_0, c_dto7, c_dto3,
  c_char, c_varchar, c_varcharmax, c_text, c_nchar, c_nvarchar, c_nvarcharmax, c_ntext,
  c_binary, c_varbinary, c_varbinarymax, c_image, c_guid, c_xml, c_variant)
VALUES (1, 0, 0, -32768, -2147483648, -9223372036854775808,
  -9999999999999999999999999999.9999999999, -99999999999999999999999999999999999999, -922337203685477.5808, -214748.3648, -3.4E38, -1.79E308,
  '0001-01-01', '00:00:00', '00:00:00', '1753-01-01T00:00:00', '1900-01-01T00:00:00', '0001-01-01 00:00:00', '0001-01-01 00:00:00',
  '0001-01-01 00:00:00.0000000 -14:00', '2020-01-01 00:00:00.000 +00:00',
  'ab', '', '', '', N'é', N'', N'', N'',
  0x0102, 0x, 0x, 0x00, '00000000-0000-0000-0000-000000000000', N'<a/>', CAST(42 AS int))
GO
INSERT INTO dbo.TypeMatrix (id, c_bit, c_tinyint, c_smallint, c_int, c_bigint, c_dec, c_dec0, c_money, c_smallmoney, c_real, c_float,
  c_date, c_time7, c_time0, c_datetime, c_smalldatetime, c_dt2_7, c_dt2_0, c_dto7, c_dto3,
  c_char, c_varchar, c_varcharmax, c_text, c_nchar, c_nvarchar, c_nvarcharmax, c_ntext,
  c_binary, c_varbinary, c_varbinarymax, c_image, c_guid, c_xml, c_variant)
VALUES (2, 1, 255, 32767, 2147483647, 9223372036854775807,
  9999999999999999999999999999.9999999999, 99999999999999999999999999999999999999, 922337203685477.5807, 214748.3647, 3.4E38, 1.79E308,
  '9999-12-31', '23:59:59.9999999', '23:59:59', '9999-12-31T23:59:59.997', '2079-06-06T23:59:00', '9999-12-31 23:59:59.9999999', '9999-12-31 23:59:59',
  '9999-12-31 23:59:59.9999999 +14:00', '2020-06-30 12:00:00.123 +05:45',
  'abcde', 'abcdefghij', REPLICATE(CAST('x' AS varchar(max)), 10000), 'legacy text', N'ÿ€x', N'😀 non-BMP 𝄞', REPLICATE(CAST(N'ü' AS nvarchar(max)), 5000), N'ünïcødé',
  0x01020304, 0xFF00FF, 0xDEADBEEF, 0x00FF, 'ffffffff-ffff-ffff-ffff-ffffffffffff', N'<root><item id="1">text &amp; more</item></root>', CAST(N'variant text' AS nvarchar(20)))
GO
INSERT INTO dbo.TypeMatrix (id) VALUES (3)
GO
INSERT INTO dbo.TypeMatrix (id, c_dec, c_dec0, c_money, c_smallmoney, c_real, c_float, c_time7, c_datetime, c_smalldatetime, c_dt2_7, c_dto7, c_guid, c_variant)
VALUES (4, 0.0000000001, 0, 0.0001, -0.0001, 0.1, 0.1,
  '12:34:56.0000001', '2000-01-01T00:00:00.002', '2000-01-01T10:30:29', '2024-02-29 12:00:00.1234567', '2024-02-29 12:00:00.1234567 -03:30',
  '6f9619ff-8b86-d011-b42d-00c04fc964ff', CAST('2020-01-01 10:00:00.1234567' AS datetime2(7)))
GO
INSERT INTO dbo.TypeMatrix (id, c_dec, c_float, c_variant)
VALUES (5, -0.5, 2.2250738585072014E-308, CAST(1.500 AS decimal(10,3)))
`;

// Expected canonical values, by column, for rows 1, 2, 3 (NULLs), 4 and 5; undefined means NULL.
const f32 = Math.fround;
export const expected: Record<string, Value[]> = {
  c_bit: [false, true, null, null, null],
  c_tinyint: [0, 255, null, null, null],
  c_smallint: [-32768, 32767, null, null, null],
  c_int: [-2147483648, 2147483647, null, null, null],
  c_bigint: [-9223372036854775808n, 9223372036854775807n, null, null, null],
  c_dec: [
    '-9999999999999999999999999999.9999999999',
    '9999999999999999999999999999.9999999999',
    null,
    '0.0000000001',
    '-0.5000000000',
  ],
  c_dec0: [
    '-99999999999999999999999999999999999999',
    '99999999999999999999999999999999999999',
    null,
    '0',
    null,
  ],
  c_money: ['-922337203685477.5808', '922337203685477.5807', null, '0.0001', null],
  c_smallmoney: ['-214748.3648', '214748.3647', null, '-0.0001', null],
  c_real: [f32(-3.4e38), f32(3.4e38), null, f32(0.1), null],
  c_float: [-1.79e308, 1.79e308, null, 0.1, 2.2250738585072014e-308],
  c_date: ['0001-01-01', '9999-12-31', null, null, null],
  c_time7: ['00:00:00.0000000', '23:59:59.9999999', null, '12:34:56.0000001', null],
  c_time0: ['00:00:00', '23:59:59', null, null, null],
  c_datetime: ['1753-01-01 00:00:00.000', '9999-12-31 23:59:59.997', null, '2000-01-01 00:00:00.003', null],
  c_smalldatetime: ['1900-01-01 00:00:00', '2079-06-06 23:59:00', null, '2000-01-01 10:30:00', null],
  c_dt2_7: [
    '0001-01-01 00:00:00.0000000',
    '9999-12-31 23:59:59.9999999',
    null,
    '2024-02-29 12:00:00.1234567',
    null,
  ],
  c_dt2_0: ['0001-01-01 00:00:00', '9999-12-31 23:59:59', null, null, null],
  c_dto7: [
    '0001-01-01 00:00:00.0000000-14:00',
    '9999-12-31 23:59:59.9999999+14:00',
    null,
    '2024-02-29 12:00:00.1234567-03:30',
    null,
  ],
  c_dto3: ['2020-01-01 00:00:00.000+00:00', '2020-06-30 12:00:00.123+05:45', null, null, null],
  c_char: ['ab   ', 'abcde', null, null, null],
  c_varchar: ['', 'abcdefghij', null, null, null],
  c_varcharmax: ['', 'x'.repeat(10000), null, null, null],
  c_text: ['', 'legacy text', null, null, null],
  c_nchar: ['é  ', 'ÿ€x', null, null, null],
  c_nvarchar: ['', '😀 non-BMP 𝄞', null, null, null],
  c_nvarcharmax: ['', 'ü'.repeat(5000), null, null, null],
  c_ntext: ['', 'ünïcødé', null, null, null],
  c_binary: [Buffer.from([1, 2, 0, 0]), Buffer.from([1, 2, 3, 4]), null, null, null],
  c_varbinary: [Buffer.alloc(0), Buffer.from([0xff, 0, 0xff]), null, null, null],
  c_varbinarymax: [Buffer.alloc(0), Buffer.from([0xde, 0xad, 0xbe, 0xef]), null, null, null],
  c_image: [Buffer.from([0]), Buffer.from([0, 0xff]), null, null, null],
  c_guid: [
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    null,
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    null,
  ],
  // The rows insert '<a/>'; SQL Server stores and returns an empty element as '<a />'.
  c_xml: ['<a />', '<root><item id="1">text &amp; more</item></root>', null, null, null],
  c_variant: ['42', 'variant text', null, '2020-01-01 10:00:00.1234567', '1.500'],
};
