/** What every service call needs to know besides the store and its own arguments. */
export interface ServiceContext {
  /** The date the command treats as today (YYYY-MM-DD), from --today or the clock. */
  today: string;
  /** The instant, for created_at and audit rows. */
  now: Date;
  /** Who is acting, for the audit log. */
  actor: string;
  /** The office's time zone (IANA name): the clock every date and time is read on. */
  tz: string;
}
