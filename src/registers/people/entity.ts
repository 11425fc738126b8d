import type { Generated, Selectable } from 'kysely';

export const PERSON_TYPES = ['staff', 'contractor', 'third_party'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

export interface PersonTable {
  id: Generated<string>;
  staff_number: string | null;
  display_name: string;
  email: string;
  unit_id: string | null;
  person_type: Generated<string>;
  status: Generated<'active' | 'left'>;
  illustrative: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  line_manager_id: string | null;
  job_title: string | null;
  started_on: string | null;
  left_on: string | null;
}

export interface AccountTable {
  id: Generated<string>;
  person_id: string;
  password_hash: string | null;
  is_enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  password_changed_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  disabled_at: Date | null;
  invitation_hash: string | null;
  invitation_expires_at: Date | null;
}

export type PersonRow = Selectable<PersonTable>;
