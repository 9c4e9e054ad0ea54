/**
 * Calendar arithmetic for statutory deadlines (design/timescales.md section 1): dates,
 * England and Wales working days, and London wall-clock time.
 */
export {
  addDays,
  addMonths,
  dayOfWeek,
  isLocalDate,
  type LocalDate,
} from './local-date.js';
export {
  isInstant,
  londonDate,
  londonDateTime,
  londonInstant,
  toEpochMillis,
} from './london-time.js';
export {
  CalendarRangeError,
  englandAndWales,
  type WorkingCalendar,
  workingCalendar,
} from './working-calendar.js';
