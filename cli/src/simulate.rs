//! `dibao simulate IN --standard X | --params PACK | --date D`: every
//! household assessed under the current rules and under the changed ones;
//! who comes in, who drops out, whose amount changes, and what it costs.

use std::ffi::OsString;
use std::io::{BufWriter, Write};

use dibao::{Assessment, Money, Outcome};

use crate::args::{self, usage_error, Lang};
use crate::batch::{self, outcome_index, OUTCOMES};
use crate::csv::Encoding;
use crate::outfile::{check_paths, Output};
use crate::report::{pad, pad_left};
use crate::rows::{
    csv_field, outcome_zh, Fatal, InputFormat, Item, OutputEncoding, Progress, RowError, Source,
    SplitIndex,
};

pub const HELP: &str = "\
dibao simulate — 测算调整标准或参数的影响 / what-if: a new standard or parameter pack

用法 Usage: dibao simulate IN (--standard X | --params PACK.json | --date D)... [options]

  IN                  台账（CSV 或 JSON Lines，格式同 dibao batch）/ caseload, as for `dibao batch`
  --standard X|+5%|-3%   方案：所有户的低保标准改为 X 元/人·月，或在各户现行标准上增减百分之几
                      （按分四舍五入；覆盖输入中的 policy.standard）
                      scenario: standard X yuan per person per month for every household,
                      or each household's current standard up or down by a percentage
                      (to the fen; replaces any policy.standard in the input)
  --params PACK.json  方案：载入新的地区参数包（可重复），如新一年度的标准
                      scenario: load new region pack(s), e.g. next year's standard
  --date D            方案：按 D 日（YYYY-MM-DD）生效的参数核算（年龄按出生日期重算）
                      scenario: assess with the parameters in force on D (ages from
                      birth dates are taken on D)
  --base-params PACK.json   现行规则也使用的参数包 / pack(s) for the current rules too
  --detail FILE       逐户明细（CSV）/ per-household detail as CSV
  --by COLUMN         按台账的某一列（如 社区）分组汇总（仅 CSV）/ break the summary down by a
                      caseload column, e.g. 社区 (CSV only)
  --output-encoding utf-8-bom|utf-8|gb18030   明细的编码（默认带 BOM 的 UTF-8）/ encoding
                      of the detail (default UTF-8 with a BOM)
  --format text|json  汇总格式（默认 text）/ summary format (default text)
  --lang zh|en        汇总语言（默认 zh）/ language of the text summary (default zh)
  --input-format, --encoding, --ignore-unknown-columns, --no-progress, --sheet, --jobs
                      同 dibao batch / as for batch

“享受低保”指结果为 dibao、dibao_individual 或 gradual_exit 的户。
“Paid” means an outcome of dibao, dibao_individual or gradual_exit.

退出码 Exit: 0 完成；1 有无效的户（照样计入汇总，单列）；2 用法或读写错误。
             0 done; 1 some households invalid (counted apart); 2 usage or I/O error.

示例 Examples:
  dibao simulate examples/caseload.csv --standard 1200
  dibao simulate 台账.csv --standard +5% --by 社区
  dibao simulate caseload.jsonl --params jinan-2025.json --date 2025-01-01
  dibao simulate caseload.csv --standard 1200 --detail changes.csv --format json";

/// A change of standard: a new value, or a percentage of each household's
/// current standard.
#[derive(Clone, Copy)]
enum NewStandard {
    Set(Money),
    Percent(rust_decimal::Decimal),
}

impl NewStandard {
    fn parse(v: &str) -> Option<NewStandard> {
        let t = v.trim();
        if let Some(p) = t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
            let p = p.trim().strip_prefix('+').unwrap_or(p.trim());
            let d: rust_decimal::Decimal = p.parse().ok()?;
            let hundred = rust_decimal::Decimal::from(100);
            return (d > -hundred && d <= rust_decimal::Decimal::from(1000))
                .then_some(NewStandard::Percent(d));
        }
        Money::parse(t).ok().map(NewStandard::Set)
    }

    /// The scenario's standard for a household whose current one is `current`.
    fn apply(self, current: Money) -> Money {
        match self {
            NewStandard::Set(m) => m,
            NewStandard::Percent(p) => {
                let hundred = rust_decimal::Decimal::from(100);
                current
                    .checked_mul((hundred + p) / hundred)
                    .map_or(current, |m| m.round(dibao::Rounding::Fen))
            }
        }
    }

    fn words(self, zh: bool) -> String {
        match (self, zh) {
            (NewStandard::Set(s), true) => format!("低保标准 {s} 元/人·月"),
            (NewStandard::Set(s), false) => format!("standard {s} yuan per person per month"),
            (NewStandard::Percent(p), true) => format!("低保标准在现行基础上 {p:+}%"),
            (NewStandard::Percent(p), false) => format!("standard {p:+}% on the current one"),
        }
    }

    fn code(self) -> String {
        match self {
            NewStandard::Set(s) => s.to_string(),
            NewStandard::Percent(p) => format!("{p:+}%"),
        }
    }
}

struct Opts {
    input: Option<String>,
    standard: Option<NewStandard>,
    by: Option<String>,
    /// `None`: UTF-8 with a BOM into a file, without onto standard output.
    output_encoding: Option<OutputEncoding>,
    params: Vec<String>,
    base_params: Vec<String>,
    date: Option<dibao::Date>,
    detail: Option<String>,
    json: bool,
    lang: Lang,
    input_format: Option<InputFormat>,
    encoding: Encoding,
    ignore_unknown: bool,
    progress: bool,
    help: bool,
    /// The sheet of an Excel caseload (`--sheet`).
    sheet: Option<String>,
    /// Cores to assess on (`--jobs`; 1 is the single-threaded path).
    jobs: usize,
}

fn parse(argv: Vec<OsString>) -> Result<Opts, String> {
    use lexopt::prelude::*;
    let mut o = Opts {
        input: None,
        standard: None,
        by: None,
        output_encoding: None,
        params: Vec::new(),
        base_params: Vec::new(),
        date: None,
        detail: None,
        json: false,
        lang: Lang::Zh,
        input_format: None,
        encoding: Encoding::Auto,
        ignore_unknown: false,
        progress: true,
        help: false,
        sheet: None,
        jobs: crate::jobs::default_jobs(),
    };
    let mut p = lexopt::Parser::from_args(argv);
    while let Some(arg) = p
        .next()
        .map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    {
        match arg {
            Long("standard") => {
                let v = args::value(&mut p, "--standard")?;
                o.standard = Some(NewStandard::parse(&v).ok_or_else(|| {
                    usage_error(
                        &format!("--standard 应为以元为单位的金额（如 1200 或 1200.50）或百分比（如 +5% 或 -3%），而不是 {v:?}"),
                        &format!("--standard must be an amount in yuan (like 1200 or 1200.50) or a percentage (like +5% or -3%), not {v:?}"),
                    )
                })?)
            }
            Long("params") => o.params.push(args::value(&mut p, "--params")?),
            Long("base-params") => o.base_params.push(args::value(&mut p, "--base-params")?),
            Long("date") => {
                let v = args::value(&mut p, "--date")?;
                o.date = Some(dibao::Date::parse(&v).ok_or_else(|| {
                    usage_error(
                        &format!("--date 应为 YYYY-MM-DD 格式的日期，而不是 {v:?}"),
                        &format!("--date must be a date written YYYY-MM-DD, not {v:?}"),
                    )
                })?)
            }
            Long("detail") => o.detail = Some(args::value(&mut p, "--detail")?),
            Long("by") => o.by = Some(args::value(&mut p, "--by")?),
            Long("output-encoding") => {
                o.output_encoding = Some(batch::output_encoding(&args::value(
                    &mut p,
                    "--output-encoding",
                )?)?)
            }
            Long("format") => o.json = args::text_or_json(&args::value(&mut p, "--format")?)?,
            Long("lang") => o.lang = args::lang(&args::value(&mut p, "--lang")?)?,
            Long("input-format") => {
                o.input_format = Some(batch::input_format(&args::value(
                    &mut p,
                    "--input-format",
                )?)?)
            }
            Long("encoding") => o.encoding = batch::encoding(&args::value(&mut p, "--encoding")?)?,
            Long("ignore-unknown-columns") => o.ignore_unknown = true,
            Long("no-progress") => o.progress = false,
            Long("sheet") => o.sheet = Some(args::value(&mut p, "--sheet")?),
            Long("jobs") | Short('j') => {
                o.jobs = crate::jobs::parse_jobs(&args::value(&mut p, "--jobs")?)?
            }
            Short('h') | Long("help") => o.help = true,
            Value(v) => args::set_input(&mut o.input, v)?,
            _ => return Err(args::unknown_option(arg)),
        }
    }
    Ok(o)
}

fn is_paid(o: Outcome) -> bool {
    matches!(
        o,
        Outcome::Dibao | Outcome::DibaoIndividual | Outcome::GradualExit
    )
}

/// The people a paid household's amount covers: its counted members, or
/// those covered individually.
fn people(a: &Assessment) -> u64 {
    match a.outcome {
        Outcome::Dibao | Outcome::GradualExit => u64::from(a.household_size),
        Outcome::DibaoIndividual => a.individual_coverage.len() as u64,
        _ => 0,
    }
}

#[derive(Default)]
struct Side {
    count: [u64; 5],
    monthly: [Money; 5],
    people: u64,
}

impl Side {
    fn add(&mut self, a: &Assessment) {
        let i = outcome_index(a.outcome);
        self.count[i] += 1;
        self.monthly[i] = self.monthly[i]
            .checked_add(a.monthly_amount)
            .unwrap_or(self.monthly[i]);
        self.people += people(a);
    }
    fn paid(&self) -> u64 {
        self.count[..3].iter().sum()
    }
    fn total(&self) -> Money {
        self.monthly
            .iter()
            .fold(Money::ZERO, |s, m| s.checked_add(*m).unwrap_or(s))
    }
}

#[derive(Default)]
struct Stats {
    households: u64,
    invalid: u64,
    invalid_scenario_only: u64,
    compared: u64,
    base: Side,
    new: Side,
    transitions: [[u64; 5]; 5],
    newly_eligible: u64,
    no_longer_eligible: u64,
    increased: u64,
    decreased: u64,
    unchanged: u64,
    /// The first invalid households: case id (or none) and line.
    invalid_cases: Vec<(Option<String>, u64)>,
    /// Per region: code, name (zh, en), current and new standards seen.
    standards: Vec<RegionStandards>,
    /// `--by`: each value of the column, in order of first appearance.
    groups: Vec<(String, Group)>,
    group_index: std::collections::HashMap<String, usize>,
}

/// How many invalid households are listed by case id.
const INVALID_LISTED: usize = 20;

struct RegionStandards {
    region: String,
    name_zh: String,
    name_en: String,
    current: Vec<Money>,
    scenario: Vec<Money>,
}

#[derive(Default)]
struct Group {
    households: u64,
    invalid: u64,
    base: Side,
    new: Side,
}

fn twelve(m: Money) -> Money {
    m.checked_mul(rust_decimal::Decimal::from(12)).unwrap_or(m)
}

fn diff(a: Money, b: Money) -> Money {
    b.checked_sub(a).unwrap_or(Money::ZERO)
}

fn signed(m: Money) -> String {
    if m.is_negative() {
        m.to_string()
    } else {
        format!("+{m}")
    }
}

pub fn main(argv: Vec<OsString>) -> u8 {
    let o = match parse(argv) {
        Ok(o) if o.help => {
            println!("{HELP}");
            return 0;
        }
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let Some(input) = o.input.clone() else {
        eprintln!(
            "{}\n\n{HELP}",
            usage_error("需要一个输入文件", "an input file is required")
        );
        return 2;
    };
    if o.standard.is_none() && o.params.is_empty() && o.date.is_none() {
        eprintln!(
            "{}",
            usage_error(
                "请用 --standard、--params 或 --date 说明要测算的方案",
                "say what changes: --standard, --params or --date"
            )
        );
        return 2;
    }
    match run(&o, &input) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}

fn run(o: &Opts, input: &str) -> Result<u8, String> {
    let mut all_packs = o.base_params.clone();
    all_packs.extend(o.params.iter().cloned());
    if let Some(d) = &o.detail {
        batch::refuse_excel_output("--detail", d)?;
    }
    let outputs: Vec<(&str, &str)> = o.detail.iter().map(|d| ("--detail", d.as_str())).collect();
    check_paths(&batch::inputs(input, &all_packs), &outputs)?;
    let rules = (
        batch::assessor(&o.base_params)?,
        batch::assessor(&all_packs)?,
    );
    let inp = batch::open_input_sheet(input, o.input_format, o.sheet.as_deref())?;
    let (out, w) = match &o.detail {
        Some(path) => {
            let (out, w) = Output::create(path)?;
            (Some(out), Some(w))
        }
        None => (None, None),
    };
    let abandon = |e: String| {
        if let Some(out) = &out {
            out.abandon();
        }
        e
    };
    let (mut st, mut splits) = pass(o, input, &rules, inp, w, None).map_err(abandon)?;
    // Rows of one case id apart: the first pass flagged only the later
    // parts. A second pass over the file, knowing them, flags every part.
    if !splits.is_empty() && input != "-" {
        let inp =
            batch::open_input_sheet(input, o.input_format, o.sheet.as_deref()).map_err(abandon)?;
        let w = match &out {
            Some(out) => Some(out.restart().map_err(|e| abandon(detail_error(e)))?),
            None => None,
        };
        (st, splits) = pass(o, input, &rules, inp, w, Some(splits)).map_err(abandon)?;
    }
    if st.households == 0 {
        return Err(abandon(usage_error(
            &format!("{input} 中没有任何户（文件是空的，或只有表头）；未写出任何结果"),
            &format!("{input} holds no household (empty, or a header only); nothing was written"),
        )));
    }
    if let Some(out) = &out {
        out.commit().map_err(|e| abandon(detail_error(e)))?;
    }
    // Summary-mode assessments carry no region names: the packs have them.
    for r in &mut st.standards {
        if let Some(p) = rules
            .0
            .registry()
            .packs()
            .iter()
            .find(|p| p.code == r.region)
        {
            r.name_zh.clone_from(&p.name_zh);
            r.name_en.clone_from(&p.name_en);
        }
    }
    if o.json {
        print!("{}", to_json(o, &st));
    } else {
        print!("{}", to_text(o, &st));
    }
    if !splits.is_empty() && input == "-" {
        eprintln!(
            "注意：有 {} 个户编号的行不相邻，只标出了后出现的部分。\n\
             note: the rows of {} case ids are not together; only their later parts are flagged.",
            splits.len(),
            splits.len()
        );
    }
    Ok(if st.invalid + st.invalid_scenario_only > 0 {
        1
    } else {
        0
    })
}

fn detail_error(e: std::io::Error) -> String {
    usage_error(
        &format!("写入明细失败：{e}"),
        &format!("cannot write the detail: {e}"),
    )
}

/// One pass over the caseload: every household under both sets of rules,
/// a detail row each when asked for.
fn pass(
    o: &Opts,
    input: &str,
    (base, scen): &(dibao::Assessor, dibao::Assessor),
    inp: batch::Input,
    mut detail: Option<BufWriter<batch::OutputBytes>>,
    known: Option<SplitIndex>,
) -> Result<(Stats, SplitIndex), String> {
    let zh = o.lang == Lang::Zh;
    let enc = OutputEncoding::for_path(o.output_encoding, o.detail.as_deref().unwrap_or("-"));
    if let Some(w) = &mut detail {
        let header: &str = if zh {
            "户编号,现行结果,现行金额,方案结果,方案金额,变化,问题\n"
        } else {
            "case_id,current_outcome,current_amount,new_outcome,new_amount,change,errors\n"
        };
        w.write_all(enc.preamble())
            .and_then(|()| enc.write(w, header.as_bytes()))
            .map_err(detail_error)?;
    }
    let csv = inp.format == InputFormat::Csv;
    let mut src = Source::new(inp.reader, inp.format, o.encoding, o.ignore_unknown, input);
    // Its results carry no warnings: people in two households are not looked for.
    src = src.without_dups();
    if let Some(by) = &o.by {
        if !src.group_by(by) {
            return Err(usage_error(
                "--by 只适用于 CSV 台账",
                "--by works on a CSV caseload only",
            ));
        }
    }
    match known {
        Some(known) => src = src.with_known_splits(known),
        None if input != "-" => src = src.deferring_splits(),
        None => {}
    }
    let mut progress = Progress::new(o.progress, inp.size);
    let mut st = Stats::default();
    let mut line: Vec<u8> = Vec::new();
    if o.jobs > 1 {
        let with_detail = detail.is_some();
        let make = || {
            let (base, scen) = (base.clone(), scen.clone());
            move |items: &mut [Item]| {
                let mut bytes = Vec::new();
                let mut line = Vec::new();
                let mut both = Vec::with_capacity(items.len());
                for item in items.iter_mut() {
                    let (b, n) = assess_both(o, &base, &scen, item, csv);
                    if with_detail {
                        detail_row(&mut line, item.case_id.as_deref(), &b, &n, zh);
                        let _ = enc.write(&mut bytes, &line);
                    }
                    both.push((b, n));
                }
                (both, bytes)
            }
        };
        let mut failed = None;
        let take = |items: &[Item], (both, bytes): (Vec<(Assessed, Assessed)>, Vec<u8>), read| {
            for (item, (b, n)) in items.iter().zip(&both) {
                count(o, &mut st, item, b, n);
                progress.tick(st.households, read);
            }
            if let Some(w) = &mut detail {
                if let Err(e) = w.write_all(&bytes) {
                    failed = Some(detail_error(e));
                    return Err(Fatal {
                        zh: String::new(),
                        en: String::new(),
                    });
                }
            }
            Ok(())
        };
        let result = crate::jobs::pipeline(&mut src, base, o.jobs, false, make, take).map(|_| ());
        progress.done();
        if let Some(e) = failed {
            return Err(e);
        }
        result.map_err(|f| usage_error(&f.zh, &f.en))?;
        if let Some(mut w) = detail {
            w.flush().map_err(detail_error)?;
        }
        return Ok((st, src.take_splits()));
    }
    let failed = loop {
        let item = match src.next(base) {
            Ok(Some(i)) => i,
            Ok(None) => break None,
            Err(f) => break Some(usage_error(&f.zh, &f.en)),
        };
        let (b, n) = assess_both(o, base, scen, item, csv);
        count(o, &mut st, item, &b, &n);
        if let Some(w) = &mut detail {
            detail_row(&mut line, item.case_id.as_deref(), &b, &n, zh);
            if let Err(e) = enc.write(w, &line) {
                break Some(detail_error(e));
            }
        }
        progress.tick(st.households, src.bytes());
    };
    progress.done();
    if let Some(e) = failed {
        return Err(e);
    }
    if let Some(mut w) = detail {
        w.flush().map_err(detail_error)?;
    }
    Ok((st, src.take_splits()))
}

/// A household under the current rules and under the scenario.
fn assess_both(
    o: &Opts,
    base: &dibao::Assessor,
    scen: &dibao::Assessor,
    item: &mut Item,
    csv: bool,
) -> (Assessed, Assessed) {
    let to_errors = |errs: dibao::Errors, l: u64| -> Vec<RowError> {
        errs.iter()
            .map(|e| RowError::from_core(e, l, csv))
            .collect()
    };
    if !item.errors.is_empty() {
        return (Err(item.errors.clone()), Err(Vec::new()));
    }
    let h = &mut item.household;
    let b = base.assess(h).map_err(|e| to_errors(e, item.line));
    let given = h.policy.standard;
    if let (Some(s), Ok(b)) = (o.standard, &b) {
        h.policy.standard = Some(s.apply(b.standard));
    }
    if let Some(d) = o.date {
        h.date = d;
    }
    let n = scen.assess(h).map_err(|e| to_errors(e, item.line));
    h.policy.standard = given;
    (b, n)
}

/// Counts one household's two results, in input order.
fn count(o: &Opts, st: &mut Stats, item: &Item, b: &Assessed, n: &Assessed) {
    st.households += 1;
    if let (Ok(b), Ok(n)) = (b, n) {
        st.standards(&item.household.region, b, n);
    }
    st.compare(b, n);
    if b.is_err() || n.is_err() {
        st.invalid_case(item.case_id.as_deref(), item.line);
    }
    if o.by.is_some() {
        st.group(&item.group, b, n);
    }
}

type Assessed = Result<Assessment, Vec<RowError>>;

impl Stats {
    fn invalid_case(&mut self, case_id: Option<&str>, line: u64) {
        if self.invalid_cases.len() < INVALID_LISTED {
            self.invalid_cases.push((case_id.map(str::to_owned), line));
        }
    }

    /// Notes the region's current and new standard.
    fn standards(&mut self, region: &Option<String>, b: &Assessment, n: &Assessment) {
        let code = region.as_deref().unwrap_or(&b.parameters.region);
        let i = match self.standards.iter().position(|r| r.region == code) {
            Some(i) => i,
            None => {
                self.standards.push(RegionStandards {
                    region: code.to_owned(),
                    name_zh: b.parameters.name_zh.clone(),
                    name_en: b.parameters.name_en.clone(),
                    current: Vec::new(),
                    scenario: Vec::new(),
                });
                self.standards.len() - 1
            }
        };
        let r = &mut self.standards[i];
        // A few values per region at most (one per date): a list will do.
        if !r.current.contains(&b.standard) && r.current.len() < 8 {
            r.current.push(b.standard);
        }
        if !r.scenario.contains(&n.standard) && r.scenario.len() < 8 {
            r.scenario.push(n.standard);
        }
    }

    /// Counts one household in its `--by` group.
    fn group(&mut self, value: &str, b: &Assessed, n: &Assessed) {
        let i = match self.group_index.get(value) {
            Some(&i) => i,
            None => {
                self.groups.push((value.to_owned(), Group::default()));
                self.group_index
                    .insert(value.to_owned(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let g = &mut self.groups[i].1;
        g.households += 1;
        match (b, n) {
            (Ok(b), Ok(n)) => {
                g.base.add(b);
                g.new.add(n);
            }
            _ => g.invalid += 1,
        }
    }

    /// Counts one household under the current and the new rules.
    fn compare(&mut self, b: &Assessed, n: &Assessed) {
        match (b, n) {
            (Ok(b), Ok(n)) => {
                self.compared += 1;
                self.base.add(b);
                self.new.add(n);
                self.transitions[outcome_index(b.outcome)][outcome_index(n.outcome)] += 1;
                match (is_paid(b.outcome), is_paid(n.outcome)) {
                    (false, true) => self.newly_eligible += 1,
                    (true, false) => self.no_longer_eligible += 1,
                    (true, true) => match n.monthly_amount.cmp(&b.monthly_amount) {
                        std::cmp::Ordering::Greater => self.increased += 1,
                        std::cmp::Ordering::Less => self.decreased += 1,
                        std::cmp::Ordering::Equal => self.unchanged += 1,
                    },
                    (false, false) => self.unchanged += 1,
                }
            }
            (Ok(_), Err(_)) => self.invalid_scenario_only += 1,
            _ => self.invalid += 1,
        }
    }
}

/// One detail row: `case_id,current_outcome,current_amount,new_outcome,new_amount,change,errors`.
fn detail_row(line: &mut Vec<u8>, case_id: Option<&str>, b: &Assessed, n: &Assessed, zh: bool) {
    line.clear();
    csv_field(line, case_id.unwrap_or(""));
    let label = |code: &'static str| if zh { outcome_zh(code) } else { code };
    for r in [b, n] {
        match r {
            Ok(a) => {
                let cell = format!(",{},{}", label(a.outcome.code()), a.monthly_amount);
                line.extend_from_slice(cell.as_bytes())
            }
            Err(_) => {
                line.push(b',');
                line.extend_from_slice(label("invalid").as_bytes());
                line.push(b',');
            }
        }
    }
    line.push(b',');
    if let (Ok(b), Ok(n)) = (b, n) {
        line.extend_from_slice(
            diff(b.monthly_amount, n.monthly_amount)
                .to_string()
                .as_bytes(),
        );
    }
    line.push(b',');
    let errs: Vec<String> = [b, n]
        .iter()
        .filter_map(|r| r.as_ref().err())
        .flatten()
        .map(|e| {
            format!(
                "[{}] line {} {}: {} / {}",
                e.code, e.line, e.field, e.zh, e.en
            )
        })
        .collect();
    csv_field(line, &errs.join(" | "));
    line.push(b'\n');
}

fn scenario_words(o: &Opts, zh: bool) -> String {
    let mut parts = Vec::new();
    if let Some(s) = o.standard {
        parts.push(s.words(zh));
    }
    for p in &o.params {
        parts.push(if zh {
            format!("参数包 {p}")
        } else {
            format!("pack {p}")
        });
    }
    if let Some(d) = o.date {
        parts.push(if zh {
            format!("按 {d} 生效的参数")
        } else {
            format!("parameters in force on {d}")
        });
    }
    parts.join(if zh { "；" } else { "; " })
}

/// Money values joined: `1114.00`, or `1000.00、1114.00`.
fn list(values: &[Money], zh: bool) -> String {
    let mut v = values.to_vec();
    v.sort();
    let v: Vec<String> = v.iter().map(Money::to_string).collect();
    v.join(if zh { "、" } else { ", " })
}

fn to_text(o: &Opts, st: &Stats) -> String {
    use std::fmt::Write as _;
    let zh = o.lang == Lang::Zh;
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    let label = |code: &'static str| if zh { outcome_zh(code) } else { code };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}{}",
        t("测算方案：", "Scenario: "),
        scenario_words(o, zh)
    );
    if !st.standards.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            t(
                "各地区低保标准（元/人·月）：",
                "Standards by region (yuan per person per month):"
            )
        );
        for r in &st.standards {
            let name = if zh { &r.name_zh } else { &r.name_en };
            let name = if name.is_empty() {
                r.region.clone()
            } else {
                format!("{name}（{}）", r.region)
            };
            let _ = writeln!(
                s,
                "  {}  {}{}  →  {}{}",
                name,
                t("现行 ", "current "),
                list(&r.current, zh),
                t("方案 ", "scenario "),
                list(&r.scenario, zh)
            );
        }
    }
    let _ = writeln!(
        s,
        "{}{}{}{}{}{}",
        t("户数：", "Households: "),
        st.households,
        t("，可比较 ", ", compared "),
        st.compared,
        t("，无效 ", ", invalid "),
        st.invalid + st.invalid_scenario_only
    );
    if st.invalid_scenario_only > 0 {
        let _ = writeln!(
            s,
            "  {}{}",
            t(
                "其中仅在新方案下无法核算（如该日期无已知标准）：",
                "of which only the scenario cannot assess (e.g. no standard known on the date): "
            ),
            st.invalid_scenario_only
        );
    }
    let invalid = st.invalid + st.invalid_scenario_only;
    if invalid > 0 {
        let cases: Vec<String> = st
            .invalid_cases
            .iter()
            .map(|(id, line)| match (id, zh) {
                (Some(id), true) => format!("{id}（第{line}行）"),
                (Some(id), false) => format!("{id} (line {line})"),
                (None, true) => format!("第{line}行"),
                (None, false) => format!("line {line}"),
            })
            .collect();
        let more = invalid.saturating_sub(cases.len() as u64);
        let _ = writeln!(
            s,
            "⚠ {}{}{}",
            t(
                "以下无效的户未计入费用，请先改正台账：",
                "These invalid households are left out of the costs; correct the caseload first: "
            ),
            cases.join(t("、", ", ")),
            match (more, zh) {
                (0, _) => String::new(),
                (m, true) => format!("，另有 {m} 户"),
                (m, false) => format!(", and {m} more"),
            }
        );
    }
    let (bm, nm) = (st.base.total(), st.new.total());
    let row = |s: &mut String, label: &str, a: String, b: String, c: String| {
        let _ = writeln!(
            s,
            "{}{}{}{}",
            pad(label, 22),
            pad_left(&a, 16),
            pad_left(&b, 16),
            pad_left(&c, 16)
        );
    };
    s.push('\n');
    row(
        &mut s,
        "",
        t("现行", "current").into(),
        t("方案", "scenario").into(),
        t("变化", "change").into(),
    );
    let count_change = |a: u64, b: u64| format!("{:+}", b as i64 - a as i64);
    row(
        &mut s,
        t("享受低保户数", "paid households"),
        st.base.paid().to_string(),
        st.new.paid().to_string(),
        count_change(st.base.paid(), st.new.paid()),
    );
    row(
        &mut s,
        t("保障人数", "people covered"),
        st.base.people.to_string(),
        st.new.people.to_string(),
        count_change(st.base.people, st.new.people),
    );
    row(
        &mut s,
        t("月支出（元）", "monthly cost (yuan)"),
        bm.to_string(),
        nm.to_string(),
        signed(diff(bm, nm)),
    );
    row(
        &mut s,
        t("年支出（元）", "annual cost (yuan)"),
        twelve(bm).to_string(),
        twelve(nm).to_string(),
        signed(twelve(diff(bm, nm))),
    );
    let _ = writeln!(
        s,
        "\n{}{}  {}{}  {}{}  {}{}  {}{}",
        t("新纳入 ", "newly eligible "),
        st.newly_eligible,
        t("退出 ", "no longer eligible "),
        st.no_longer_eligible,
        t("金额增加 ", "amount up "),
        st.increased,
        t("金额减少 ", "amount down "),
        st.decreased,
        t("不变 ", "unchanged "),
        st.unchanged
    );
    if let Some(by) = &o.by {
        let _ = writeln!(
            s,
            "\n{}{by}{}",
            t("按“", "By "),
            t(
                "”（享受低保户数 / 保障人数 / 月支出，现行 → 方案）：",
                " (paid households / people / monthly cost, current → scenario):"
            )
        );
        for (value, g) in &st.groups {
            let shown = if value.is_empty() {
                t("（空）", "(empty)")
            } else {
                value
            };
            let _ = writeln!(
                s,
                "  {}{}",
                pad(shown, 16),
                if zh {
                    format!(
                        "{} 户 → {} 户，{} 人 → {} 人，{} → {} 元（{}）{}",
                        g.base.paid(),
                        g.new.paid(),
                        g.base.people,
                        g.new.people,
                        g.base.total(),
                        g.new.total(),
                        signed(diff(g.base.total(), g.new.total())),
                        if g.invalid > 0 {
                            format!("；无效 {} 户未计入", g.invalid)
                        } else {
                            String::new()
                        }
                    )
                } else {
                    format!(
                        "{} → {} households, {} → {} people, {} → {} yuan ({}){}",
                        g.base.paid(),
                        g.new.paid(),
                        g.base.people,
                        g.new.people,
                        g.base.total(),
                        g.new.total(),
                        signed(diff(g.base.total(), g.new.total())),
                        if g.invalid > 0 {
                            format!("; {} invalid left out", g.invalid)
                        } else {
                            String::new()
                        }
                    )
                }
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(
            "按结果（户数 / 月金额，元）：",
            "By outcome (households / monthly yuan):"
        )
    );
    for (i, out) in OUTCOMES.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {}{:>10} → {:<10}{:>14} → {:<14}{:>14}",
            pad(label(out.code()), 18),
            st.base.count[i],
            st.new.count[i],
            st.base.monthly[i].to_string(),
            st.new.monthly[i].to_string(),
            signed(diff(st.base.monthly[i], st.new.monthly[i]))
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(
            "结果变化（行：现行，列：方案）：",
            "Transitions (rows: current, columns: scenario):"
        )
    );
    let short: [&str; 5] = if zh {
        ["低保", "单人户", "渐退期", "低保边缘", "不符合"]
    } else {
        ["dibao", "indiv.", "exit", "edge", "inelig."]
    };
    let _ = write!(s, "  {}", pad("", 18));
    for h in short {
        let _ = write!(s, "{}", pad_left(h, 10));
    }
    s.push('\n');
    for (i, out) in OUTCOMES.iter().enumerate() {
        let _ = write!(s, "  {}", pad(label(out.code()), 18));
        for n in st.transitions[i] {
            let _ = write!(s, "{n:>10}");
        }
        s.push('\n');
    }
    s
}

fn to_json(o: &Opts, st: &Stats) -> String {
    let mut w = dibao::json::Writer::new();
    w.begin_object(None);
    w.begin_object(Some("changes"));
    match o.standard {
        Some(NewStandard::Set(s)) => w.display(Some("standard"), s),
        Some(p) => w.string(Some("standard"), &p.code()),
        None => w.raw(Some("standard"), "null"),
    }
    w.begin_array(Some("params"));
    for p in &o.params {
        w.string(None, p);
    }
    w.end_array();
    match o.date {
        Some(d) => w.display(Some("date"), d),
        None => w.raw(Some("date"), "null"),
    }
    w.end_object();
    let n = |w: &mut dibao::json::Writer, k: &str, v: u64| w.raw(Some(k), &v.to_string());
    n(&mut w, "households", st.households);
    n(&mut w, "compared", st.compared);
    n(&mut w, "invalid", st.invalid);
    n(&mut w, "invalid_scenario_only", st.invalid_scenario_only);
    n(&mut w, "newly_eligible", st.newly_eligible);
    n(&mut w, "no_longer_eligible", st.no_longer_eligible);
    n(&mut w, "increased", st.increased);
    n(&mut w, "decreased", st.decreased);
    n(&mut w, "unchanged", st.unchanged);
    let side = |w: &mut dibao::json::Writer, key: &str, side: &Side| {
        w.begin_object(Some(key));
        n(w, "paid_households", side.paid());
        w.display(Some("monthly_cost"), side.total());
        w.display(Some("annual_cost"), twelve(side.total()));
        n(w, "paid_people", side.people);
        w.end_object();
    };
    side(&mut w, "current", &st.base);
    side(&mut w, "scenario", &st.new);
    let d = diff(st.base.total(), st.new.total());
    w.begin_object(Some("change"));
    w.display(Some("monthly_cost"), d);
    w.display(Some("annual_cost"), twelve(d));
    w.end_object();
    w.begin_object(Some("by_outcome"));
    for (i, out) in OUTCOMES.iter().enumerate() {
        w.begin_object(Some(out.code()));
        n(&mut w, "current_households", st.base.count[i]);
        n(&mut w, "scenario_households", st.new.count[i]);
        w.display(Some("current_monthly"), st.base.monthly[i]);
        w.display(Some("scenario_monthly"), st.new.monthly[i]);
        w.display(
            Some("change_monthly"),
            diff(st.base.monthly[i], st.new.monthly[i]),
        );
        w.end_object();
    }
    w.end_object();
    w.begin_object(Some("transitions"));
    for (i, out) in OUTCOMES.iter().enumerate() {
        w.begin_object(Some(out.code()));
        for (j, to) in OUTCOMES.iter().enumerate() {
            n(&mut w, to.code(), st.transitions[i][j]);
        }
        w.end_object();
    }
    w.end_object();
    w.begin_array(Some("standards"));
    for r in &st.standards {
        w.begin_object(None);
        w.string(Some("region"), &r.region);
        w.string(Some("name"), &r.name_zh);
        w.begin_array(Some("current"));
        let mut c = r.current.clone();
        c.sort();
        for m in c {
            w.display(None, m);
        }
        w.end_array();
        w.begin_array(Some("scenario"));
        let mut c = r.scenario.clone();
        c.sort();
        for m in c {
            w.display(None, m);
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.begin_array(Some("invalid_cases"));
    for (id, line) in &st.invalid_cases {
        w.begin_object(None);
        match id {
            Some(id) => w.string(Some("case_id"), id),
            None => w.raw(Some("case_id"), "null"),
        }
        n(&mut w, "line", *line);
        w.end_object();
    }
    w.end_array();
    if let Some(by) = &o.by {
        w.begin_object(Some("by"));
        w.string(Some("column"), by);
        w.begin_array(Some("groups"));
        for (value, g) in &st.groups {
            w.begin_object(None);
            w.string(Some("value"), value);
            n(&mut w, "households", g.households);
            n(&mut w, "invalid", g.invalid);
            side(&mut w, "current", &g.base);
            side(&mut w, "scenario", &g.new);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_object();
    w.finish()
}
