// The rules over information assets, technology services and their controls, suppliers.
import type { ComplianceRule } from '../rule.ts';
import { assetsSensitiveProcessing } from './assets-sensitive-processing.ts';
import { servicesRequiredControls } from './services-required-controls.ts';
import { suppliersCurrentAssessment } from './suppliers-current-assessment.ts';
import { suppliersDeviationsLinked } from './suppliers-deviations-linked.ts';

export const PROTECTION_RULES: readonly ComplianceRule[] = [servicesRequiredControls, assetsSensitiveProcessing, suppliersCurrentAssessment, suppliersDeviationsLinked];
