// The name SQL Server gives an XML element or attribute it writes for a column, table or FOR XML
// option (FOR XML RAW / AUTO / PATH, ROOT): shared by the SQL Server emulator and the converter.

/** Characters not allowed in an XML name become `_xHHHH_` (a space: `_x0020_`), as SQL Server encodes them. */
export function xmlName(name: string): string {
  return [...name]
    .map((c, i) =>
      /[A-Za-z_\u00c0-\uffff]/.test(c) || (i > 0 && /[0-9.-]/.test(c))
        ? c
        : `_x${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}_`,
    )
    .join('');
}
