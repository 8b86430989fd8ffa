// Type declarations for dibao's web face: the wrapper module `dibao.js` and
// the custom element `<dibao-calculator>` (`dibao-calculator.js`).
// Shapes follow SPEC §4 (household input) and §5 (assessment output, errors).
// The raw WASM bindings are declared in `pkg/dibao_wasm.d.ts` (generated).

/** Money: yuan with at most two decimals, as a string ("1234.50") or a number. Output money is always a string with two decimals. */
export type Money = string | number;
/** A date, `YYYY-MM-DD`. */
export type DateString = string;

export type Relation =
  | 'self' | 'spouse' | 'child' | 'parent' | 'grandparent' | 'grandchild'
  | 'sibling' | 'other_relative' | 'unrelated';

export type IncomeKind =
  | 'wage' | 'business' | 'property' | 'pension' | 'unemployment_insurance'
  | 'support_received' | 'survivor_benefit' | 'compensation' | 'donation' | 'other'
  | 'special_care' | 'family_planning' | 'scholarship' | 'award' | 'social_assistance'
  | 'basic_pension' | 'local_exempt' | 'agriculture' | 'land_transfer';

export type DeductionKind =
  | 'tax' | 'social_insurance' | 'support_paid' | 'medical_insurance'
  | 'medical' | 'disability_care' | 'education';

export type Period = 'month' | 'year' | { months: number };

export interface Income { kind: IncomeKind; amount: Money; period?: Period }
export interface Deduction { kind: DeductionKind; amount: Money; period?: Period }

export type DisabilityKind = 'visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'mental' | 'multiple';

export interface Member {
  id: string;
  relation: Relation;
  /** Exactly one of `age` and `birth_date`. */
  age?: number;
  birth_date?: DateString;
  sex?: 'male' | 'female';
  cohabiting?: boolean;
  support_obligation?: boolean;
  full_time_student?: boolean;
  independent?: boolean;
  status?: 'incarcerated' | 'compulsory_rehab' | 'declared_missing' | 'clergy' | 'active_military';
  clergy_years_apart?: number;
  disability?: { grade: 1 | 2 | 3 | 4; kind: DisabilityKind };
  serious_illness?: boolean;
  employed?: boolean;
  work_capacity?: boolean;
  caregiver?: boolean;
  incomes?: Income[];
  deductions?: Deduction[];
  /** The member this one is married to, where the relation to the applicant does not say it. */
  spouse_of?: string;
  /** This member's parents among the members, where the relation does not say it. */
  child_of?: string | string[];
  married?: boolean;
  /** The obligors whose payment this member's `support_received` is. */
  support_received_from?: string | string[];
  /** 分户, where the region allows it. */
  separate_household?: boolean;
}

export interface Assets {
  deposits?: Money;
  securities?: Money;
  insurance?: Money;
  claims?: Money;
  other_financial?: Money;
  vehicles?: { value: Money; kind: 'car' | 'motorcycle' | 'disability_mobility' | 'business' }[];
  homes?: number;
  /** Floor area of all the homes together, m² (建筑面积), as a decimal string or number. */
  home_area?: string | number;
  /** Non-residential properties (商铺、办公用房、车库（位）…). */
  non_residential?: number;
  businesses?: number;
  /** A recognised serious illness needing long-term treatment, for a local exemption. */
  serious_illness_exemption?: boolean;
}

export interface Obligor {
  id: string;
  supports: string[];
  household_size?: number;
  /** Monthly. */
  household_income?: Money;
  sharing?: number;
  /** Monthly. */
  actual_payment?: Money;
  /** Everyone the obligor supports, in this household or not (default: `supports.length`). */
  supports_total?: number;
}

/** SPEC §4: the household input. Unknown fields are rejected. */
export interface Household {
  case_id?: string;
  /** GB/T 2260 code; `"CN"` or absent: national rules only (then give `policy.standard`). */
  region?: string;
  /** 城镇 or 农村: needed where the region's urban and rural standards differ. */
  area?: 'urban' | 'rural';
  date: DateString;
  policy?: {
    standard?: Money; edge_multiple?: string | number;
    rounding?: 'fen' | 'jiao' | 'yuan' | 'yuan_ceil'; gradual_exit_months?: number;
  };
  members: Member[];
  assets?: Assets;
  obligors?: Obligor[];
  current?: { monthly_amount: Money; employment_since?: DateString; above_standard_since?: DateString };
  recorded_amount?: Money;
}

/** A sentence in both languages. */
export interface Text { zh: string; en: string }

export type Outcome = 'dibao' | 'dibao_individual' | 'gradual_exit' | 'edge' | 'ineligible';

export interface Reason extends Text { code: string; citation?: string }
export interface Warning extends Text { code: string; [more: string]: unknown }
export interface TraceStep extends Text { step: string; value?: string; citation?: string; [more: string]: unknown }

/** SPEC §5: the assessment. Money is a string with exactly two decimals. */
export interface Assessment {
  case_id?: string;
  outcome: Outcome;
  monthly_amount: string;
  household_size: number;
  covered_members: string[];
  excluded_members: ({ id: string; code?: string; citation?: string } & Partial<Text> & Record<string, unknown>)[];
  household_income: string;
  per_capita_income: string;
  standard: string;
  edge_line: string;
  assets_test: string;
  /** Only where the region sets separate 低保边缘 property limits. */
  edge_assets_test?: string;
  supplements: Record<string, unknown>[];
  reasons: Reason[];
  warnings: Warning[];
  /** Empty when assessed with `{ trace: false }`. */
  trace: TraceStep[];
  parameters: { region: string; name: string; from: string; source: string; confirmed_through: string; [more: string]: unknown };
  verification?: { recorded_amount: string; matches: boolean; difference: string; first_difference?: string; zh: string; en: string };
  engine: string;
  [more: string]: unknown;
}

/** One problem in the input, with the path of the field at fault (`members[2].incomes[0].kind`). */
export interface InputError extends Text { code: string; field: string }
/** SPEC §5: every problem in the input at once. */
export interface Errors { errors: InputError[] }

export interface AssessOptions {
  /** Include the step-by-step explanation (default true; off is faster). */
  trace?: boolean;
}

/** A region the engine knows (built in, or loaded with `loadParams`). */
export interface Region {
  code: string;
  name: Text;
  versions: {
    from: DateString;
    /** The monthly figure of a unified standard; null where urban and rural differ. */
    standard: string | null;
    area?: 'unified' | 'separate' | 'none';
    /** Each area's figures (in `regionIndex()`: only where `separate`, only `area` and `monthly`). */
    values?: { area: 'all' | 'urban' | 'rural'; value?: string; unit?: string; monthly: string | null }[];
  }[];
  confirmed_through: DateString;
  [more: string]: unknown;
}

/** The engine string found in every result's `engine` field, e.g. "dibao 0.1.0". */
export declare const engine: string;

/** Assesses a household (object or JSON text): the §5 assessment, or the §5 errors object. */
export declare function assess(household: Household | string, options?: AssessOptions): Assessment | Errors;

/** Like `assess`, JSON text in and out: the exact bytes of the native core. */
export declare function assessText(json: string, options?: AssessOptions): string;

/** True when `result` is the errors object. */
export declare function isErrors(result: Assessment | Errors): result is Errors;

/** The regions known. */
export declare function regions(): Region[];

/** The JSON Schema of the §4 input (fetched from `pkg/schema.json` once). */
export declare function schema(): Promise<object>;

/**
 * Loads a user's own region pack (format `dibao-region/1`, regions/FORMAT.md)
 * from its JSON text. Returns null on success, or the errors object.
 */
export declare function loadParams(text: string, fileName?: string): Errors | null;

/** The pack loaded for `code` (fetched or the user's, format `dibao-region/1`), as its JSON object; null if none is (the national base is built in). */
export declare function pack(code: string): { code: string; parameters: Record<string, { from: DateString; value: unknown; source: string }[]>; [more: string]: unknown } | null;

/** Every shipped region (regions/index.json, fetched once). */
export declare function regionIndex(): Promise<Region[]>;

/** Which pack applies to a code: its own, its prefecture's, its province's or "CN"; null when unknown. */
export interface RegionInfo { code: string; name: string | null; pack: string | null; fallback: boolean; names_loaded: boolean }

/** Fetches and loads the pack that applies to `code` (once); then `region(code)`. */
export declare function ensureRegion(code: string): Promise<RegionInfo>;

/** Whether the pack that applies to `code` is loaded, so that `assess` can use it now. */
export declare function regionReady(code: string): boolean;

/** Which pack applies to `code`, as far as the module knows now. */
export declare function region(code: string): RegionInfo;

/** Fetches and loads the GB/T 2260 name table (regions/names.tsv), once; the number of divisions. */
export declare function loadNames(): Promise<number>;

/** The name table, fetched and loaded once, as a list. */
export declare function nameTable(): Promise<{ code: string; name: string; parent: string }[]>;
