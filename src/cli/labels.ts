import type { Severity } from '../results/index.js';
import type { Style } from './terminal.js';

export { OUTCOME_LABEL, SEVERITY_LABEL } from '../labels.js';

export function colorSeverity(style: Style, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return style.bold(style.magenta(text));
    case 'high':
      return style.red(text);
    case 'medium':
      return style.yellow(text);
    case 'low':
      return style.cyan(text);
    default:
      return style.dim(text);
  }
}
