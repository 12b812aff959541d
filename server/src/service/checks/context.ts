import { Catalog } from '../catalog/catalog';
import { PolicyFile } from '../parse/document';

/** What every policy check reads: the parsed file and the catalogue. */
export interface PolicyContext {
  readonly file: PolicyFile;
  readonly catalog: Catalog;
}
