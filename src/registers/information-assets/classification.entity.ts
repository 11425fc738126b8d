export interface ClassificationTables {
  classification_tiers: { code: string; label: string; rank: number; allows_sensitive: boolean; allows_descriptors: boolean };
  handling_instructions: { code: string; label: string; sort_order: number; needs_end_date: boolean };
  handling_instruction_rules: { instruction_code: string; tier_code: string; sensitive: boolean };
  classification_descriptors: { code: string; label: string; sort_order: number };
}
