// Declarations for `dibao-calculator.js`, which defines <dibao-calculator>
// (SPEC §7). Import it for its side effect: `import './dibao-calculator.js'`.
import type { Household, Assessment, Errors } from './dibao.js';

/** `<dibao-calculator region="440300" lang="zh|en">` (SPEC §7). */
export declare class DibaoCalculator extends HTMLElement {
  /** The household in the form (get), or fill the form and assess (set). */
  household: Household;
  /** The last assessment or errors object. */
  readonly result: Assessment | Errors | null;
  /** The last "share this case" link made, if any. */
  readonly shareLink: string | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'dibao-calculator': DibaoCalculator;
  }
  interface HTMLElementEventMap {
    /** Every assessment; `detail` is the §5 object. */
    'dibao-result': CustomEvent<Assessment>;
    /** Invalid input; `detail` is the §5 errors object. */
    'dibao-error': CustomEvent<Errors>;
  }
}
