// Stub: the technology services helper replaces this file.
export interface TechnologyServiceTables {
  technology_services: { id: string };
}
