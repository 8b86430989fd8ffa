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
use crate::rows::{csv_field, InputFormat, Progress, RowError, Source, SplitIndex};

pub const HELP: &str = "\
dibao simulate — 测算调整标准或参数的影响 / what-if: a new standard or parameter pack

用法 Usage: dibao simulate IN (--standard X | --params PACK.json | --date D)... [options]

  IN                  台账（CSV 或 JSON Lines，格式同 dibao batch）/ caseload, as for `dibao batch`
  --standard X        方案：所有户的低保标准改为 X 元/人·月（覆盖输入中的 policy.standard）
                      scenario: standard X yuan per person per month for every household
                      (replaces any policy.standard in the input)
  --params PACK.json  方案：载入新的地区参数包（可重复），如新一年度的标准
                      scenario: load new region pack(s), e.g. next year's standard
  --date D            方案：按 D 日（YYYY-MM-DD）生效的参数核算（年龄按出生日期重算）
                      scenario: assess with the parameters in force on D (ages from
                      birth dates are taken on D)
  --base-params PACK.json   现行规则也使用的参数包 / pack(s) for the current rules too
  --detail FILE       逐户明细（CSV）/ per-household detail as CSV
  --format text|json  汇总格式（默认 text）/ summary format (default text)
  --lang zh|en        汇总语言（默认 zh）/ language of the text summary (default zh)
  --input-format, --encoding, --ignore-unknown-columns, --no-progress   同 dibao batch / as for batch

“享受低保”指结果为 dibao、dibao_individual 或 gradual_exit 的户。
“Paid” means an outcome of dibao, dibao_individual or gradual_exit.

退出码 Exit: 0 完成；1 有无效的户（照样计入汇总，单列）；2 用法或读写错误。
             0 done; 1 some households invalid (counted apart); 2 usage or I/O error.

示例 Examples:
  dibao simulate examples/caseload.csv --standard 1200
  dibao simulate caseload.jsonl --params jinan-2025.json --date 2025-01-01
  dibao simulate caseload.csv --standard 1200 --detail changes.csv --format json";

struct Opts {
    input: Option<String>,
    standard: Option<Money>,
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
}

fn parse(argv: Vec<OsString>) -> Result<Opts, String> {
    use lexopt::prelude::*;
    let mut o = Opts {
        input: None,
        standard: None,
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
    };
    let mut p = lexopt::Parser::from_args(argv);
    while let Some(arg) = p
        .next()
        .map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    {
        match arg {
            Long("standard") => {
                let v = args::value(&mut p, "--standard")?;
                o.standard = Some(Money::parse(&v).map_err(|_| {
                    usage_error(
                        &format!("--standard 应为以元为单位的金额（如 1200 或 1200.50），而不是 {v:?}"),
                        &format!("--standard must be an amount in yuan (like 1200 or 1200.50), not {v:?}"),
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

#[derive(Default)]
struct Side {
    count: [u64; 5],
    monthly: [Money; 5],
}

impl Side {
    fn add(&mut self, a: &Assessment) {
        let i = outcome_index(a.outcome);
        self.count[i] += 1;
        self.monthly[i] = self.monthly[i]
            .checked_add(a.monthly_amount)
            .unwrap_or(self.monthly[i]);
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
    let outputs: Vec<(&str, &str)> = o.detail.iter().map(|d| ("--detail", d.as_str())).collect();
    check_paths(&batch::inputs(input, &all_packs), &outputs)?;
    let rules = (
        batch::assessor(&o.base_params)?,
        batch::assessor(&all_packs)?,
    );
    let inp = batch::open_input(input, o.input_format)?;
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
        let inp = batch::open_input(input, o.input_format).map_err(abandon)?;
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
    if let Some(w) = &mut detail {
        writeln!(
            w,
            "case_id,current_outcome,current_amount,new_outcome,new_amount,change,errors"
        )
        .map_err(detail_error)?;
    }
    let csv = inp.format == InputFormat::Csv;
    let mut src = Source::new(inp.reader, inp.format, o.encoding, o.ignore_unknown, input);
    match known {
        Some(known) => src = src.with_known_splits(known),
        None if input != "-" => src = src.deferring_splits(),
        None => {}
    }
    let mut progress = Progress::new(o.progress, inp.size);
    let mut st = Stats::default();
    let mut line: Vec<u8> = Vec::new();
    let failed = loop {
        let item = match src.next(base) {
            Ok(Some(i)) => i,
            Ok(None) => break None,
            Err(f) => break Some(usage_error(&f.zh, &f.en)),
        };
        st.households += 1;
        let to_errors = |errs: dibao::Errors, l: u64| -> Vec<RowError> {
            errs.iter()
                .map(|e| RowError::from_core(e, l, csv))
                .collect()
        };
        let (b, n) = if item.errors.is_empty() {
            let h = &mut item.household;
            let b = base.assess(h).map_err(|e| to_errors(e, item.line));
            if let Some(s) = o.standard {
                h.policy.standard = Some(s);
            }
            if let Some(d) = o.date {
                h.date = d;
            }
            let n = scen.assess(h).map_err(|e| to_errors(e, item.line));
            (b, n)
        } else {
            (Err(item.errors.clone()), Err(Vec::new()))
        };
        st.compare(&b, &n);
        if let Some(w) = &mut detail {
            detail_row(&mut line, item.case_id.as_deref(), &b, &n);
            if let Err(e) = w.write_all(&line) {
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

type Assessed = Result<Assessment, Vec<RowError>>;

impl Stats {
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
fn detail_row(line: &mut Vec<u8>, case_id: Option<&str>, b: &Assessed, n: &Assessed) {
    line.clear();
    csv_field(line, case_id.unwrap_or(""));
    for r in [b, n] {
        match r {
            Ok(a) => {
                let cell = format!(",{},{}", a.outcome.code(), a.monthly_amount);
                line.extend_from_slice(cell.as_bytes())
            }
            Err(_) => line.extend_from_slice(b",invalid,"),
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
        parts.push(if zh {
            format!("低保标准 {s} 元/人·月")
        } else {
            format!("standard {s} yuan per person per month")
        });
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

fn to_text(o: &Opts, st: &Stats) -> String {
    use std::fmt::Write as _;
    let zh = o.lang == Lang::Zh;
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}{}",
        t("测算方案：", "Scenario: "),
        scenario_words(o, zh)
    );
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
    row(
        &mut s,
        t("享受低保户数", "paid households"),
        st.base.paid().to_string(),
        st.new.paid().to_string(),
        format!("{:+}", st.new.paid() as i64 - st.base.paid() as i64),
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
            "  {:<18}{:>10} → {:<10}{:>14} → {:<14}{:>14}",
            out.code(),
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
    let short = ["dibao", "indiv.", "exit", "edge", "inelig."];
    let _ = write!(s, "  {:<18}", "");
    for h in short {
        let _ = write!(s, "{h:>10}");
    }
    s.push('\n');
    for (i, out) in OUTCOMES.iter().enumerate() {
        let _ = write!(s, "  {:<18}", out.code());
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
        Some(s) => w.display(Some("standard"), s),
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
    for (key, side) in [("current", &st.base), ("scenario", &st.new)] {
        w.begin_object(Some(key));
        n(&mut w, "paid_households", side.paid());
        w.display(Some("monthly_cost"), side.total());
        w.display(Some("annual_cost"), twelve(side.total()));
        w.end_object();
    }
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
    w.end_object();
    w.finish()
}
