// Stub: the information assets helper replaces this file.
export interface InformationAssetTables {
  information_assets: { id: string };
}
