//! `dibao batch IN -o OUT`: verify a caseload, one output row per input
//! household, streaming in constant memory.

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

use dibao::{Money, Outcome};

use crate::args::Lang;
use crate::args::{self, usage_error};
use crate::csv::Encoding;
use crate::outfile::{check_paths, Output};
use crate::rows::{
    Fatal, InputFormat, OutputEncoding, OutputFormat, Progress, Row, RowError, Sink, SinkOpts,
    Source, SplitIndex,
};

pub const HELP: &str = "\
dibao batch — 批量核对台账 / verify a caseload in bulk

用法 Usage: dibao batch IN -o OUT [options]

  IN                  台账文件：CSV 或 Excel 工作簿 .xlsx（每名成员一行）或 JSON Lines（每行一户
                      docs/input.md 对象）；- 为标准输入
                      caseload: CSV or an Excel workbook .xlsx (one row per member,
                      docs/batch.md) or JSON Lines (one docs/input.md household per line);
                      - reads stdin
  -o, --output OUT    结果文件（先写临时文件，完成后改名；不得与输入相同）；- 为标准输出
                      result file (written to a temporary file, renamed at the end;
                      never the input); - writes stdout
  --format csv|jsonl  结果格式，默认按 OUT 的扩展名，否则 csv；OUT 为 .xlsx 时写 Excel 工作簿
                      （标出不一致和无效的行，另有“汇总”表）/ output format (default: from
                      OUT's extension, else csv); an OUT named .xlsx is an Excel workbook
                      (mismatched and invalid rows highlighted, a 汇总 summary sheet)
  --sheet NAME        Excel 台账读取的工作表，默认第一个 / the sheet of an Excel caseload
                      (default: the first)
  --input-format csv|jsonl   输入格式，默认按扩展名或内容判断 / input format (default:
                      from the extension, else sniffed)
  --encoding auto|utf-8|gb18030   CSV 编码，默认 auto：UTF-8（可带 BOM），否则按 GB18030
                      CSV encoding; auto (default) reads UTF-8 (BOM or not) and
                      falls back to GB18030 line by line
  --summary FILE      将汇总另存为 JSON / also write the summary as JSON
  --params PACK.json  载入自己的地区参数包（可重复）/ load a region pack (repeatable)
  --receipts          每户加上核算凭据：参数哈希和输入哈希（与 dibao assess 的 receipt 相同），
                      CSV 为“参数哈希”“输入哈希”两列 / each household's receipt: the
                      parameters and input hashes (as `dibao assess` gives them), in CSV
                      the columns parameters_sha256, input_sha256. The run's parameters
                      hash (every pack loaded) is in the summary either way
  --ignore-unknown-columns   忽略 CSV 中未知的列（默认报错）/ skip unknown CSV columns
                      (default: refuse them)
  --no-progress       不显示进度条（输出到管道时本来就不显示）/ no progress bar (there
                      is none when stderr is not a terminal anyway)
  --lang zh|en        结果的表头和结果名称：zh（默认）中文并加“说明”列；en 为英文代码
                      headers and outcomes: zh (default) Chinese, with a 说明 column;
                      en the English codes
  -j, --jobs N        用几个核心核算，默认全部；--jobs 1 为单线程，结果逐字节相同
                      cores to assess on, default all; --jobs 1 is single-threaded,
                      with byte-identical results
  --output-encoding utf-8-bom|utf-8|gb18030   CSV 结果的编码；默认写入文件时为带 BOM 的
                      UTF-8（Excel 可直接打开），写到标准输出时为 UTF-8
                      encoding of CSV results; default UTF-8 with a BOM into a file
                      (Excel opens it), plain UTF-8 onto standard output

台账的列 Caseload columns: 户编号 case_id, 成员编号 member_id（或 成员姓名）, 与户主关系 relation
  必填 required; 其余见 docs/batch.md（姓名、社区、街道/乡镇、区县原样带到结果中）
  the others in docs/batch.md (names, 社区, 街道/乡镇, 区县 are carried to the results)
  儿媳、女婿、孙子女等连接到本户唯一的子女行；有多个时用 配偶编号 / 父母编号 列指明
  in-laws and grandchildren are linked to the only son or daughter row; with several,
  a 配偶编号 (spouse_of) / 父母编号 (child_of) column says which

结果列 Output columns (--lang zh):
  户编号,[姓名,社区,街道/乡镇,区县,]结果,核算金额,记录金额,是否一致,差额,差异始于,警告,问题,说明
结果列 Output columns (--lang en):
  case_id,[name,community,street,county,]outcome,monthly_amount,recorded_amount,matches,
  difference,first_difference,warnings,errors
  每户一行，无论有效与否；无效的户结果为“无效”（invalid），问题列列出每个问题（行号、列、中英文说明）。
  One row per input household, valid or not; an invalid one has outcome `invalid`
  and its errors (row, column, Chinese and English).

退出码 Exit: 0 全部核算且（有记录金额的）全部一致；1 有无效或不一致的户；2 用法或读写错误
             （含空台账、旧版 .xls 工作簿、UTF-16 文件）。
             0 every household assessed and every recorded amount matched;
             1 any household invalid or mismatched; 2 usage or I/O error (also an
             empty caseload, an old .xls workbook, a UTF-16 file).

示例 Examples:
  dibao batch examples/caseload.csv -o results.csv
  dibao batch examples/caseload.jsonl -o results.jsonl --summary summary.json
  dibao batch examples/台账导出-gb18030.csv -o 核对结果.csv
  dibao batch 台账.csv -o results.csv --lang en --output-encoding utf-8
  dibao batch 台账.xlsx -o 核对结果.xlsx --sheet 2024年6月
  dibao batch caseload.csv -o - --format jsonl | grep '\"matches\":false'";

/// Options of `batch` (and the input half of `simulate`).
pub struct Opts {
    pub input: Option<String>,
    pub output: Option<String>,
    pub format: Option<OutputFormat>,
    pub input_format: Option<InputFormat>,
    pub encoding: Encoding,
    pub summary: Option<String>,
    pub params: Vec<String>,
    pub ignore_unknown: bool,
    pub progress: bool,
    pub help: bool,
    pub lang: Lang,
    /// `None`: UTF-8 with a BOM into a file, without onto standard output.
    pub output_encoding: Option<OutputEncoding>,
    /// Cores to assess on (`--jobs`; 1 is the single-threaded path).
    pub jobs: usize,
    /// The sheet of an Excel caseload (`--sheet`; default the first).
    pub sheet: Option<String>,
    /// Each household's receipt in its row (`--receipts`).
    pub receipts: bool,
}

fn bad_value(name: &str, v: &str, allowed: &str) -> String {
    usage_error(
        &format!("{name} 只能是 {allowed}，而不是 {v:?}"),
        &format!("{name} must be {allowed}, not {v:?}"),
    )
}

pub fn input_format(v: &str) -> Result<InputFormat, String> {
    match v {
        "csv" => Ok(InputFormat::Csv),
        "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
        _ => Err(bad_value("--input-format", v, "csv, jsonl")),
    }
}

pub fn output_encoding(v: &str) -> Result<OutputEncoding, String> {
    OutputEncoding::parse(v)
        .ok_or_else(|| bad_value("--output-encoding", v, "utf-8-bom, utf-8, gb18030"))
}

/// Refuses an output named like an Excel workbook: the results are CSV, and
/// a CSV under an .xlsx name is a file Excel refuses to open.
pub fn refuse_excel_output(option: &str, path: &str) -> Result<(), String> {
    let l = path.to_ascii_lowercase();
    if l.ends_with(".xlsx") || l.ends_with(".xls") || l.ends_with(".xlsm") {
        return Err(usage_error(
            &format!(
                "{option} {path}：暂不支持输出 Excel 工作簿（.xlsx/.xls）。请改用 .csv 文件名，\
                 结果默认带 BOM，可直接用 Excel 打开；未写出任何文件"
            ),
            &format!(
                "{option} {path}: Excel output (.xlsx/.xls) is not supported yet. Name the output \
                 .csv: it is written with a BOM that Excel opens directly; nothing was written"
            ),
        ));
    }
    Ok(())
}

/// What the first bytes of an input say about a file that is not a CSV
/// text: an Excel workbook, or UTF-16 text.
fn not_text(path: &str, first: &[u8]) -> Option<String> {
    let advice_zh = "请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”，再用保存的 .csv 文件核对";
    let advice_en = "in Excel, Save As \"CSV UTF-8 (Comma delimited)\" or \"CSV (Comma delimited)\" (另存为 CSV UTF-8 或 CSV（逗号分隔）) and use that .csv file";
    let what = if first.starts_with(b"PK\x03\x04") {
        (
            "Excel 工作簿（.xlsx）（把文件名改为 .xlsx 即可直接核对）",
            "an Excel workbook (.xlsx) (name it .xlsx to read it directly)",
        )
    } else if first.starts_with(b"\xD0\xCF\x11\xE0") {
        ("旧版 Excel 工作簿（.xls）", "an old Excel workbook (.xls)")
    } else if first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF") {
        (
            "UTF-16 编码的文本（Excel 的“Unicode 文本”）",
            "UTF-16 text (Excel's \"Unicode Text\")",
        )
    } else {
        return None;
    };
    Some(usage_error(
        &format!("{path} 是{}，不是 CSV 文本；{advice_zh}", what.0),
        &format!("{path} is {}, not CSV text; {advice_en}", what.1),
    ))
}

pub fn encoding(v: &str) -> Result<Encoding, String> {
    Encoding::parse(v).ok_or_else(|| bad_value("--encoding", v, "auto, utf-8, gb18030"))
}

fn parse(argv: Vec<OsString>) -> Result<Opts, String> {
    use lexopt::prelude::*;
    let mut o = Opts {
        input: None,
        output: None,
        format: None,
        input_format: None,
        encoding: Encoding::Auto,
        summary: None,
        params: Vec::new(),
        ignore_unknown: false,
        progress: true,
        help: false,
        lang: Lang::Zh,
        output_encoding: None,
        jobs: crate::jobs::default_jobs(),
        sheet: None,
        receipts: false,
    };
    let mut p = lexopt::Parser::from_args(argv);
    while let Some(arg) = p
        .next()
        .map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    {
        match arg {
            Short('o') | Long("output") => o.output = Some(args::value(&mut p, "--output")?),
            Long("format") => {
                let v = args::value(&mut p, "--format")?;
                o.format = Some(match v.as_str() {
                    "csv" => OutputFormat::Csv,
                    "jsonl" | "ndjson" => OutputFormat::Jsonl,
                    _ => return Err(bad_value("--format", &v, "csv, jsonl")),
                })
            }
            Long("input-format") => {
                o.input_format = Some(input_format(&args::value(&mut p, "--input-format")?)?)
            }
            Long("encoding") => o.encoding = encoding(&args::value(&mut p, "--encoding")?)?,
            Long("summary") => o.summary = Some(args::value(&mut p, "--summary")?),
            Long("params") => o.params.push(args::value(&mut p, "--params")?),
            Long("ignore-unknown-columns") => o.ignore_unknown = true,
            Long("no-progress") => o.progress = false,
            Long("lang") => o.lang = args::lang(&args::value(&mut p, "--lang")?)?,
            Long("output-encoding") => {
                o.output_encoding =
                    Some(output_encoding(&args::value(&mut p, "--output-encoding")?)?)
            }
            Long("sheet") => o.sheet = Some(args::value(&mut p, "--sheet")?),
            Long("receipts") => o.receipts = true,
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

/// An assessor for caseloads: no trace, no sentences, no per-household
/// receipt (`--receipts` asks for it), the user's packs.
pub fn assessor(params: &[String]) -> Result<dibao::Assessor, String> {
    let mut a = dibao::Assessor::new()
        .with_trace(false)
        .with_detail(false)
        .with_receipts(false);
    for path in params {
        let text = crate::args::read_input(path)?;
        if let Err(errs) = a.add_pack(path, &text) {
            let zh: Vec<String> = errs.iter().map(|e| e.zh()).collect();
            let en: Vec<String> = errs.iter().map(|e| e.en()).collect();
            return Err(usage_error(&zh.join("\n"), &en.join("\n")));
        }
    }
    Ok(a)
}

/// An opened input: the reader, its size (for the progress bar), its format.
pub struct Input {
    pub reader: BufReader<InputBytes>,
    pub size: Option<u64>,
    pub format: InputFormat,
}

/// Where input bytes come from. An enum rather than a boxed reader, so that
/// the buffered reader's per-record calls are direct (and inlined); only its
/// refills, a few per megabyte, choose between the two.
pub enum InputBytes {
    File(File),
    Stdin(std::io::Stdin),
    /// The CSV text of an Excel sheet.
    Memory(std::io::Cursor<Vec<u8>>),
}

impl std::io::Read for InputBytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            InputBytes::File(f) => f.read(buf),
            InputBytes::Stdin(s) => s.read(buf),
            InputBytes::Memory(m) => m.read(buf),
        }
    }
}

/// Where output bytes go; see [`InputBytes`].
pub enum OutputBytes {
    File(File),
    Stdout(std::io::Stdout),
}

impl Write for OutputBytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutputBytes::File(f) => f.write(buf),
            OutputBytes::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutputBytes::File(f) => f.flush(),
            OutputBytes::Stdout(s) => s.flush(),
        }
    }
}

pub fn open_input(path: &str, forced: Option<InputFormat>) -> Result<Input, String> {
    open_input_sheet(path, forced, None)
}

/// Opens an input; an Excel workbook (`.xlsx`) is read as the CSV text of
/// its first sheet, or of `sheet`.
pub fn open_input_sheet(
    path: &str,
    forced: Option<InputFormat>,
    sheet: Option<&str>,
) -> Result<Input, String> {
    if path != "-" && crate::xlsx::is_xlsx(path) {
        let text = crate::xlsx::sheet_as_csv(path, sheet)?;
        let size = Some(text.len() as u64);
        let bytes = InputBytes::Memory(std::io::Cursor::new(text));
        return Ok(Input {
            reader: BufReader::with_capacity(1 << 18, bytes),
            size,
            format: InputFormat::Csv,
        });
    }
    let io_err = |e: std::io::Error| {
        usage_error(
            &format!("无法读取 {path}：{e}"),
            &format!("cannot read {path}: {e}"),
        )
    };
    let (source, size) = if path == "-" {
        (InputBytes::Stdin(std::io::stdin()), None)
    } else {
        let f = File::open(path).map_err(io_err)?;
        let meta = f.metadata().map_err(io_err)?;
        if meta.is_dir() {
            return Err(usage_error(
                &format!("{path} 是目录，不是文件"),
                &format!("{path} is a directory, not a file"),
            ));
        }
        (InputBytes::File(f), Some(meta.len()))
    };
    let mut reader = BufReader::with_capacity(1 << 18, source);
    let first = reader.fill_buf().map_err(io_err)?;
    if let Some(e) = not_text(path, first) {
        return Err(e);
    }
    let format = match forced {
        Some(f) => f,
        None => InputFormat::detect(path, first),
    };
    Ok(Input {
        reader,
        size,
        format,
    })
}

/// The counts and totals of a run.
#[derive(Default)]
pub struct Summary {
    pub rows_in: u64,
    pub households: u64,
    pub rows_out: u64,
    pub outcomes: [u64; 5],
    pub invalid: u64,
    pub with_recorded: u64,
    pub matched: u64,
    pub mismatched: u64,
    pub with_warnings: u64,
    pub total_monthly: Money,
    pub seconds: f64,
    /// A CSV header was read but no household.
    pub header_only: bool,
    /// The run's receipt: the hash of every pack loaded (computed once,
    /// docs/output.md) and how many packs that is.
    pub parameters_sha256: String,
    pub packs: usize,
}

pub const OUTCOMES: [Outcome; 5] = [
    Outcome::Dibao,
    Outcome::DibaoIndividual,
    Outcome::GradualExit,
    Outcome::Edge,
    Outcome::Ineligible,
];

pub fn outcome_index(o: Outcome) -> usize {
    OUTCOMES.iter().position(|x| *x == o).unwrap_or(4)
}

impl Summary {
    /// Counts one assessed household.
    pub(crate) fn count(&mut self, r: &dibao::Assessment) {
        self.outcomes[outcome_index(r.outcome)] += 1;
        self.total_monthly = self
            .total_monthly
            .checked_add(r.monthly_amount)
            .unwrap_or(self.total_monthly);
        if !r.warnings.is_empty() {
            self.with_warnings += 1;
        }
        if let Some(v) = &r.verification {
            self.with_recorded += 1;
            if v.matches {
                self.matched += 1;
            } else {
                self.mismatched += 1;
            }
        }
    }

    pub fn exit_code(&self) -> u8 {
        if self.invalid > 0 || self.mismatched > 0 {
            1
        } else {
            0
        }
    }

    fn annual(&self) -> Money {
        self.total_monthly
            .checked_mul(rust_decimal::Decimal::from(12))
            .unwrap_or(self.total_monthly)
    }

    fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.households as f64 / self.seconds
        } else {
            0.0
        }
    }

    pub fn to_json(
        &self,
        input: &str,
        output: &str,
        format: InputFormat,
        out_format: OutputFormat,
    ) -> String {
        let mut w = dibao::json::Writer::new();
        w.begin_object(None);
        w.string(Some("input"), input);
        w.string(Some("input_format"), format.code());
        w.string(Some("output"), output);
        w.string(Some("output_format"), out_format.code());
        w.raw(Some("rows_in"), &self.rows_in.to_string());
        w.raw(Some("households"), &self.households.to_string());
        w.raw(Some("rows_out"), &self.rows_out.to_string());
        w.begin_object(Some("outcomes"));
        for (o, n) in OUTCOMES.iter().zip(self.outcomes) {
            w.raw(Some(o.code()), &n.to_string());
        }
        w.end_object();
        w.raw(Some("invalid"), &self.invalid.to_string());
        w.raw(
            Some("with_recorded_amount"),
            &self.with_recorded.to_string(),
        );
        w.raw(Some("matched"), &self.matched.to_string());
        w.raw(Some("mismatched"), &self.mismatched.to_string());
        w.raw(Some("with_warnings"), &self.with_warnings.to_string());
        w.display(Some("total_monthly_amount"), self.total_monthly);
        w.display(Some("total_annual_amount"), self.annual());
        w.raw(Some("seconds"), &format!("{:.3}", self.seconds));
        w.raw(
            Some("households_per_second"),
            &format!("{:.0}", self.rate()),
        );
        match crate::rows::peak_rss_kib() {
            Some(k) => w.raw(Some("peak_rss_kib"), &k.to_string()),
            None => w.raw(Some("peak_rss_kib"), "null"),
        }
        w.int(Some("exit_code"), self.exit_code());
        w.begin_object(Some("receipt"));
        w.string(Some("engine"), dibao::ENGINE);
        w.string(Some("parameters_sha256"), &self.parameters_sha256);
        w.raw(Some("packs"), &self.packs.to_string());
        w.end_object();
        w.end_object();
        w.finish()
    }

    pub fn print(&self) {
        let o = &self.outcomes;
        eprintln!(
            "核对完成：读入 {} 行、{} 户，输出 {} 行。\n\
             结果：低保 {}，单人户 {}，渐退期 {}，低保边缘 {}，不符合 {}；无效 {}。\n\
             记录金额：{} 户有记录，一致 {}，不一致 {}。\n\
             月保障金合计 {} 元，年度合计 {} 元。用时 {:.2} 秒（每秒 {:.0} 户）。\n\
             参数哈希（{} 个参数包）：{}",
            self.rows_in,
            self.households,
            self.rows_out,
            o[0],
            o[1],
            o[2],
            o[3],
            o[4],
            self.invalid,
            self.with_recorded,
            self.matched,
            self.mismatched,
            self.total_monthly,
            self.annual(),
            self.seconds,
            self.rate(),
            self.packs,
            self.parameters_sha256
        );
        eprintln!(
            "Done: {} rows in, {} households, {} rows out.\n\
             Outcomes: dibao {}, dibao_individual {}, gradual_exit {}, edge {}, ineligible {}; invalid {}.\n\
             Recorded amounts: {} households, {} matched, {} mismatched.\n\
             Total monthly amount {} yuan, annual {} yuan. {:.2} s ({:.0} households/s).\n\
             Parameters hash ({} packs): {}",
            self.rows_in,
            self.households,
            self.rows_out,
            o[0],
            o[1],
            o[2],
            o[3],
            o[4],
            self.invalid,
            self.with_recorded,
            self.matched,
            self.mismatched,
            self.total_monthly,
            self.annual(),
            self.seconds,
            self.rate(),
            self.packs,
            self.parameters_sha256
        );
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
    let (Some(input), Some(output)) = (o.input.as_deref(), o.output.as_deref()) else {
        eprintln!(
            "{}\n\n{HELP}",
            usage_error(
                "需要一个输入文件和 -o 结果文件",
                "an input file and -o OUTPUT are required"
            )
        );
        return 2;
    };
    match run(&o, input, output) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}

fn run(o: &Opts, input: &str, output: &str) -> Result<u8, String> {
    // Excel results: the run writes CSV, turned into a workbook at the end.
    let xlsx = crate::xlsx::is_xlsx_output(output);
    if !xlsx {
        refuse_excel_output("-o", output)?;
    } else if o.format == Some(OutputFormat::Jsonl) {
        return Err(usage_error(
            &format!("-o {output} 是 Excel 工作簿，不能同时用 --format jsonl"),
            &format!("-o {output} is an Excel workbook: --format jsonl does not apply"),
        ));
    }
    let mut outputs = vec![("-o", output)];
    if let Some(path) = &o.summary {
        outputs.push(("--summary", path.as_str()));
    }
    check_paths(&inputs(input, &o.params), &outputs)?;
    let mut a = assessor(&o.params)?.with_receipts(o.receipts);
    let format = o.format.unwrap_or_else(|| {
        let l = output.to_ascii_lowercase();
        if xlsx {
            return OutputFormat::Csv;
        }
        if l.ends_with(".jsonl") || l.ends_with(".ndjson") || l.ends_with(".json") {
            OutputFormat::Jsonl
        } else {
            OutputFormat::Csv
        }
    });
    let sheet = o.sheet.as_deref();
    let mut inp = open_input_sheet(input, o.input_format, sheet)?;
    let input_format = inp.format;
    let (out, w) = Output::create(output)?;
    let fatal = |out: &Output, f: Fatal| {
        out.abandon();
        usage_error(&f.zh, &f.en)
    };
    let mut pass = Pass {
        o,
        input,
        output,
        format,
        known: None,
        second_pass: input != "-" && out.rewindable(),
        dups: None,
        xlsx,
    };
    let (mut s, mut splits) = pass.run(&mut a, inp, w).map_err(|f| fatal(&out, f))?;
    // Rows of one case id apart: the first pass flagged only the later
    // parts. A second pass over the file, knowing them, flags every part.
    let dups_found = pass.dups.as_ref().is_some_and(|d| !d.is_empty());
    if (!splits.is_empty() || dups_found) && pass.second_pass {
        inp = open_input_sheet(input, o.input_format, sheet).inspect_err(|_| out.abandon())?;
        let w = out
            .restart()
            .map_err(|e| fatal(&out, Fatal::io(output, &e)))?;
        pass.known = Some(splits);
        (s, splits) = pass.run(&mut a, inp, w).map_err(|f| fatal(&out, f))?;
    }
    if s.households == 0 {
        out.abandon();
        return Err(usage_error(
            &format!(
                "{input} 中没有任何户：{}；未写出任何结果",
                empty_words(&s, true)
            ),
            &format!(
                "{input} holds no household: {}; nothing was written",
                empty_words(&s, false)
            ),
        ));
    }
    // The run's receipt: the packs as loaded, hashed once for the whole run.
    s.parameters_sha256 = a.registry().parameters_sha256();
    s.packs = a.registry().packs().len();
    if xlsx {
        to_workbook(&out, &s, o.lang == Lang::Zh).inspect_err(|_| out.abandon())?;
    }
    if let Err(e) = out.commit() {
        return Err(fatal(&out, Fatal::io(output, &e)));
    }
    s.print();
    if !splits.is_empty() && !pass.second_pass {
        eprintln!(
            "注意：有 {} 个户编号的行不相邻（从标准输入读入或写到标准输出时，只标出后出现的部分）。\n\
             note: the rows of {} case ids are not together (reading standard input or writing \
             standard output, only their later parts are flagged).",
            splits.len(),
            splits.len()
        );
    }
    if let Some(path) = &o.summary {
        let json = s.to_json(input, output, input_format, format);
        let written = if path == "-" {
            std::io::stdout().write_all(json.as_bytes())
        } else {
            std::fs::write(path, json)
        };
        written.map_err(|e| {
            usage_error(
                &format!("无法写入 {path}：{e}"),
                &format!("cannot write {path}: {e}"),
            )
        })?;
    }
    Ok(s.exit_code())
}

/// Rewrites the CSV results in `out`'s temporary file as an Excel workbook.
fn to_workbook(out: &Output, s: &Summary, zh: bool) -> Result<(), String> {
    let temp = out.temp.as_ref().expect("an .xlsx output is a file");
    let io = |e: std::io::Error| {
        usage_error(
            &format!("写出 Excel 结果失败：{e}"),
            &format!("cannot write the Excel results: {e}"),
        )
    };
    let csv = std::fs::read(temp).map_err(io)?;
    let book = crate::xlsx::results_workbook(&csv, s, zh)?;
    let mut w = out.restart().map_err(io)?;
    w.write_all(&book).and_then(|()| w.flush()).map_err(io)
}

/// Why a caseload gave no household, for its message.
fn empty_words(s: &Summary, zh: bool) -> &'static str {
    match (s.header_only, zh) {
        (true, true) => "只有表头，没有数据行",
        (true, false) => "a header and no data rows",
        (false, true) => "文件是空的（或只有空行）",
        (false, false) => "the file is empty (or blank lines only)",
    }
}

/// The inputs of a run, for [`check_paths`]: the caseload and the packs.
pub fn inputs<'a>(input: &'a str, params: &'a [String]) -> Vec<(&'a str, &'a str)> {
    let mut list = vec![("IN", input)];
    list.extend(params.iter().map(|p| ("--params", p.as_str())));
    list
}

/// One pass over the caseload, writing a row per household.
struct Pass<'a> {
    o: &'a Opts,
    input: &'a str,
    output: &'a str,
    format: OutputFormat,
    /// Case ids an earlier pass found split.
    known: Option<SplitIndex>,
    /// Whether a second pass can flag every part of a split case id (a file
    /// read into a file); else the later parts are flagged as they come.
    second_pass: bool,
    /// People in two households: found by a first pass, known to a second.
    dups: Option<crate::dups::DupIndex>,
    /// Results for an Excel workbook: plain UTF-8 CSV, converted at the end.
    xlsx: bool,
}

impl Pass<'_> {
    fn run(
        &mut self,
        a: &mut dibao::Assessor,
        inp: Input,
        w: BufWriter<OutputBytes>,
    ) -> Result<(Summary, SplitIndex), Fatal> {
        let o = self.o;
        let opts = SinkOpts {
            zh: o.lang == Lang::Zh,
            receipts: o.receipts,
            encoding: match self.xlsx {
                true => OutputEncoding::Utf8,
                false => crate::rows::OutputEncoding::for_path(o.output_encoding, self.output),
            },
        };
        let mut sink = Sink::new(w, self.format, opts).map_err(|e| Fatal::io(self.output, &e))?;
        let mut src = Source::new(
            inp.reader,
            inp.format,
            o.encoding,
            o.ignore_unknown,
            self.input,
        );
        if let Some(known) = self.known.take() {
            src = src.with_known_splits(known);
            src = src.with_known_dups(self.dups.take().unwrap_or_default());
        } else if self.second_pass {
            src = src.deferring_splits().deferring_dups();
        }
        let csv = inp.format == InputFormat::Csv;
        let mut s = Summary::default();
        let mut progress = Progress::new(o.progress, inp.size);
        let start = std::time::Instant::now();
        if o.jobs > 1 {
            let format = self.format;
            let done = crate::jobs::run(
                &mut src,
                a,
                sink,
                opts,
                format,
                o.jobs,
                progress,
                csv,
                self.output,
            )?;
            done.sink.finish().map_err(|e| Fatal::io(self.output, &e))?;
            let mut s = done.summary;
            s.seconds = start.elapsed().as_secs_f64();
            s.rows_in = src.rows;
            s.header_only = src.saw_header();
            self.dups = Some(done.dups.unwrap_or_else(|| src.take_dups()));
            return Ok((s, src.take_splits()));
        }
        let mut core_errors: Vec<RowError> = Vec::new();
        // One result, filled again for each household.
        let mut assessment = dibao::Assessment::default();
        let failed = loop {
            let item = match src.next(a) {
                Ok(Some(item)) => {
                    if o.receipts {
                        item.case_id_in_household();
                    }
                    item
                }
                Ok(None) => break None,
                Err(f) => break Some(f),
            };
            s.households += 1;
            let assessed = match item.result() {
                Ok(h) => a
                    .assess_into(h, &mut assessment)
                    .map(|()| crate::rows::warn_unassessed_property(h, &mut assessment))
                    .map_err(|errs| {
                        core_errors.clear();
                        core_errors
                            .extend(errs.iter().map(|e| RowError::from_core(e, item.line, csv)));
                    }),
                Err(_) => Err(()),
            };
            let result = match (assessed, item.result()) {
                (Ok(()), _) => {
                    s.count(&assessment);
                    Ok(&assessment)
                }
                (Err(()), Err(errs)) => {
                    s.invalid += 1;
                    Err(errs)
                }
                (Err(()), Ok(_)) => {
                    s.invalid += 1;
                    Err(&core_errors[..])
                }
            };
            if s.households == 1 {
                sink.carry(item.carried);
            }
            let row = Row::of(item, result);
            if let Err(e) = sink.write(&row) {
                break Some(Fatal::io(self.output, &e));
            }
            s.rows_out += 1;
            progress.tick(s.households, src.bytes());
        };
        progress.done();
        if let Some(f) = failed {
            return Err(f);
        }
        sink.finish().map_err(|e| Fatal::io(self.output, &e))?;
        s.seconds = start.elapsed().as_secs_f64();
        s.rows_in = src.rows;
        s.header_only = src.saw_header();
        self.dups = Some(src.take_dups());
        Ok((s, src.take_splits()))
    }
}
