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
}

export interface AccountTable {
  id: Generated<string>;
  person_id: string;
  password_hash: string | null;
  is_enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type PersonRow = Selectable<PersonTable>;
