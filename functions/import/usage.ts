/** The import-903 command line, apart from the import so the CLI's usage does not load the CSV reader. */
export const IMPORT_903_USAGE =
  '  cli import-903 --episodes FILE --reviews FILE [--out FILE] [--config FILE] [--year-end YYYY-MM-DD]   (SSDA903 tables in; events out, appended to --out or on stdout; checked with the council configuration; no date after the return year end, by default the 31 March on or after the latest DECOM, nor after today)';
