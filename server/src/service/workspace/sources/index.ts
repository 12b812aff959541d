import { extractAwsCli } from './awsCli';
import { extractCloudFormation } from './cloudFormation';
import { extractEksctl } from './eksctl';
import { extractIamExport } from './iamExport';
import { SourceExtractor } from './source';
import { extractTerraform } from './terraform';

/** Every role-definition source, tried in order; the first that recognizes a file reads it. */
export const SOURCES: readonly SourceExtractor[] = [extractAwsCli, extractCloudFormation, extractEksctl, extractIamExport, extractTerraform];
