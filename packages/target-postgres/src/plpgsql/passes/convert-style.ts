// CONVERT(type, value, style): SQL Server's date/time style codes as to_char / to_timestamp formats.

/** Style code -> PostgreSQL template, for the styles that have an exact template. */
export const dateStyles: Record<number, string> = {
  1: 'MM/DD/YY', 101: 'MM/DD/YYYY',
  2: 'YY.MM.DD', 102: 'YYYY.MM.DD',
  3: 'DD/MM/YY', 103: 'DD/MM/YYYY',
  4: 'DD.MM.YY', 104: 'DD.MM.YYYY',
  5: 'DD-MM-YY', 105: 'DD-MM-YYYY',
  6: 'DD Mon YY', 106: 'DD Mon YYYY',
  7: 'Mon DD, YY', 107: 'Mon DD, YYYY',
  8: 'HH24:MI:SS', 108: 'HH24:MI:SS', 24: 'HH24:MI:SS',
  10: 'MM-DD-YY', 110: 'MM-DD-YYYY',
  11: 'YY/MM/DD', 111: 'YYYY/MM/DD',
  12: 'YYMMDD', 112: 'YYYYMMDD',
  20: 'YYYY-MM-DD HH24:MI:SS', 120: 'YYYY-MM-DD HH24:MI:SS',
  21: 'YYYY-MM-DD HH24:MI:SS.MS', 121: 'YYYY-MM-DD HH24:MI:SS.MS',
  23: 'YYYY-MM-DD',
  126: 'YYYY-MM-DD"T"HH24:MI:SS.MS',
};
