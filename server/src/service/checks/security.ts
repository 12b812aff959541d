import { Finding } from './finding';
import { PolicyContext } from './context';

/** CHECKS.md: to be filled in. */
export function checkSecurity(context: PolicyContext): Finding[] {
  void context;
  return [];
}
