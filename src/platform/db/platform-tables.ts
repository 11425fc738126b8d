// Tables that belong to the plumbing rather than to any register.
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface SettingTable {
  key: string;
  value: string;
  updated_at: Generated<Date>;
}

export interface JobTable {
  id: Generated<string>;
  name: string;
  payload: Json;
  dedupe_key: string | null;
  run_at: Generated<Date>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface JobScheduleTable {
  name: string;
  interval_seconds: number;
  next_run_at: Date;
  last_run_at: Date | null;
}

export interface NotificationTable {
  id: Generated<string>;
  person_id: string | null;
  recipient_email: string;
  subject: string;
  body: string;
  created_at: Generated<Date>;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface PlatformTables {
  settings: SettingTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  notifications: NotificationTable;
}

