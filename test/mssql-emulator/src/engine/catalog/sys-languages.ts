// sys.syslanguages: the 34 languages of SQL Server (langid, name, alias, lcid, msglangid, date order
// and first day of the week as SQL Server lists them). us_english and British carry SQL Server's
// English month and day names; for the other languages the names come from the platform's Intl data
// for the language's locale, the emulator's approximation of SQL Server's own spellings (which
// differ in places, e.g. abbreviations).
import type { Value } from '../types/convert.js';
import { INT, SMALLINT, SYSNAME, TINYINT, nchar, nvarchar, type CatalogView } from './view.js';

interface Language {
  langid: number;
  name: string;
  alias: string;
  lcid: number;
  msglangid: number;
  dateformat: 'mdy' | 'dmy' | 'ymd';
  datefirst: number;
  /** The locale of the month and day names. */
  locale: string;
}

const lang = (
  langid: number,
  name: string,
  alias: string,
  lcid: number,
  msglangid: number,
  dateformat: Language['dateformat'],
  datefirst: number,
  locale: string,
): Language => ({ langid, name, alias, lcid, msglangid, dateformat, datefirst, locale });

const LANGUAGES: Language[] = [
  lang(0, 'us_english', 'English', 1033, 1033, 'mdy', 7, 'en-US'),
  lang(1, 'Deutsch', 'German', 1031, 1031, 'dmy', 1, 'de-DE'),
  lang(2, 'Français', 'French', 1036, 1036, 'dmy', 1, 'fr-FR'),
  lang(3, '日本語', 'Japanese', 1041, 1041, 'ymd', 7, 'ja-JP'),
  lang(4, 'Dansk', 'Danish', 1030, 1030, 'dmy', 1, 'da-DK'),
  lang(5, 'Español', 'Spanish', 3082, 3082, 'dmy', 1, 'es-ES'),
  lang(6, 'Italiano', 'Italian', 1040, 1040, 'dmy', 1, 'it-IT'),
  lang(7, 'Nederlands', 'Dutch', 1043, 1043, 'dmy', 1, 'nl-NL'),
  lang(8, 'Norsk', 'Norwegian', 2068, 2068, 'dmy', 1, 'nn-NO'),
  lang(9, 'Português', 'Portuguese', 2070, 2070, 'dmy', 7, 'pt-PT'),
  lang(10, 'Suomi', 'Finnish', 1035, 1035, 'dmy', 1, 'fi-FI'),
  lang(11, 'Svenska', 'Swedish', 1053, 1053, 'ymd', 1, 'sv-SE'),
  lang(12, 'čeština', 'Czech', 1029, 1029, 'dmy', 1, 'cs-CZ'),
  lang(13, 'magyar', 'Hungarian', 1038, 1038, 'ymd', 1, 'hu-HU'),
  lang(14, 'polski', 'Polish', 1045, 1045, 'dmy', 1, 'pl-PL'),
  lang(15, 'română', 'Romanian', 1048, 1048, 'dmy', 1, 'ro-RO'),
  lang(16, 'hrvatski', 'Croatian', 1050, 1050, 'ymd', 1, 'hr-HR'),
  lang(17, 'slovenčina', 'Slovak', 1051, 1051, 'dmy', 1, 'sk-SK'),
  lang(18, 'slovenski', 'Slovenian', 1060, 1060, 'dmy', 1, 'sl-SI'),
  lang(19, 'ελληνικά', 'Greek', 1032, 1032, 'dmy', 1, 'el-GR'),
  lang(20, 'български', 'Bulgarian', 1026, 1026, 'ymd', 1, 'bg-BG'),
  lang(21, 'русский', 'Russian', 1049, 1049, 'dmy', 1, 'ru-RU'),
  lang(22, 'Türkçe', 'Turkish', 1055, 1055, 'dmy', 1, 'tr-TR'),
  lang(23, 'British', 'British English', 2057, 1033, 'dmy', 1, 'en-US'),
  lang(24, 'eesti', 'Estonian', 1061, 1061, 'dmy', 1, 'et-EE'),
  lang(25, 'latviešu', 'Latvian', 1062, 1062, 'ymd', 1, 'lv-LV'),
  lang(26, 'lietuvių', 'Lithuanian', 1063, 1063, 'ymd', 1, 'lt-LT'),
  lang(27, 'Português (Brasil)', 'Brazilian', 1046, 1046, 'dmy', 7, 'pt-BR'),
  lang(28, '繁體中文', 'Traditional Chinese', 1028, 1028, 'ymd', 7, 'zh-TW'),
  lang(29, '한국어', 'Korean', 1042, 1042, 'ymd', 7, 'ko-KR'),
  lang(30, '简体中文', 'Simplified Chinese', 2052, 2052, 'ymd', 7, 'zh-CN'),
  lang(31, 'Arabic', 'Arabic', 1025, 1033, 'dmy', 1, 'ar-SA'),
  lang(32, 'ไทย', 'Thai', 1054, 1054, 'dmy', 7, 'th-TH'),
  lang(33, 'norsk (bokmål)', 'Bokmål', 1044, 2068, 'dmy', 1, 'nb-NO'),
];

/** Comma-separated month names (January first) and day names (Monday first) in a locale. */
function names(locale: string, part: 'month' | 'weekday', style: 'long' | 'short'): string {
  const format = new Intl.DateTimeFormat(locale, { [part]: style, timeZone: 'UTC' });
  const dates =
    part === 'month'
      ? Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2021, i, 15)))
      : Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)));
  return dates.map((d) => format.format(d)).join(',');
}

export const sysSyslanguages: CatalogView = {
  // a compatibility view: sys.syslanguages, dbo.syslanguages and syslanguages
  name: 'dbo.syslanguages',
  columns: [
    ['langid', SMALLINT],
    ['dateformat', nchar(3)],
    ['datefirst', TINYINT],
    ['upgrade', INT],
    ['name', SYSNAME, false],
    ['alias', SYSNAME, false],
    ['months', nvarchar(372)],
    ['shortmonths', nvarchar(132)],
    ['days', nvarchar(217)],
    ['lcid', INT, false],
    ['msglangid', SMALLINT],
  ],
  *rows() {
    for (const l of LANGUAGES) {
      const row: Value[] = [
        l.langid,
        l.dateformat,
        l.datefirst,
        0,
        l.name,
        l.alias,
        names(l.locale, 'month', 'long'),
        names(l.locale, 'month', 'short'),
        names(l.locale, 'weekday', 'long'),
        l.lcid,
        l.msglangid,
      ];
      yield row;
    }
  },
};
