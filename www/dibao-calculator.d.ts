// Declarations for `dibao-calculator.js`, which defines <dibao-calculator>
// (SPEC §7). Import it for its side effect: `import './dibao-calculator.js'`.
import type { Household, Assessment, Errors } from './dibao.js';

/**
 * `<dibao-calculator region="440300" lang="zh|en">` (SPEC §7). With the
 * `sync-document-lang` attribute (the calculator's own page) the document's
 * `lang` and title follow the calculator's language.
 */
export declare class DibaoCalculator extends HTMLElement {
  /** The household in the form (get), or fill the form and assess (set). */
  household: Household;
  /**
   * The last assessment or errors object; null while the resident has not yet
   * given what the result needs (the number of people, an income or "no income",
   * a standard where none is known).
   */
  readonly result: Assessment | Errors | null;
  /** `pending` (answers still needed), `errors` (shown to the resident), or `result`. */
  readonly state: 'pending' | 'errors' | 'result';
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
    /**
     * Invalid input; `detail` is the §5 errors object, with the engine's JSON
     * paths and codes (the resident sees the field's label and what to type).
     */
    'dibao-error': CustomEvent<Errors>;
  }
}
