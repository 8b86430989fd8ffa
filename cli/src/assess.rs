//! `dibao assess FILE|-`: one household, as a 核算表 or docs/output.md JSON.

use std::ffi::OsString;

use crate::args::{self, Format, Lang};
use crate::report;

pub const HELP: &str = "\
dibao assess — 核算一户家庭 / assess one household

用法 Usage: dibao assess FILE|- [--format text|json] [--lang zh|en] [--params PACK.json] [--no-trace]
            dibao assess 台账.csv --case 户编号 [...]

  FILE          docs/input.md 的家庭 JSON；- 表示标准输入 / household JSON (docs/input.md); - reads stdin
  --case ID     FILE 是台账（CSV 或 JSON Lines，同 dibao batch），打印其中户编号为 ID 的一户
                FILE is a caseload (CSV or JSON Lines, as for batch): print household ID
  --format      text（默认，可打印的核算表）或 json（docs/output.md）/ text (default, printable) or json
  --lang        zh（默认）或 en / zh (default) or en
  --params      载入自己的地区参数包（可重复）/ load your own region pack (repeatable)
  --no-trace    不输出逐步说明 / omit the step-by-step trace

退出码 Exit: 0 已核算（无论结果），1 输入有误，2 用法或读写错误。
             0 assessed (any outcome), 1 invalid input, 2 usage or I/O error.

示例 Examples:
  dibao assess examples/household.json
  dibao assess examples/household.json --lang en
  dibao assess examples/台账导出-gb18030.csv --case 历下-003
  cat case.json | dibao assess - --format json
  dibao assess case.json --params weihai-2026.json";

pub fn main(argv: Vec<OsString>) -> u8 {
    let c = match args::parse(argv) {
        Ok(c) if c.help => {
            println!("{HELP}");
            return 0;
        }
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let [path] = c.positional.as_slice() else {
        eprintln!(
            "{}\n\n{HELP}",
            args::usage_error(
                "需要且只需要一个输入文件（或 -）",
                "exactly one input file (or -) is required"
            )
        );
        return 2;
    };
    if let Some(case) = &c.case {
        return from_caseload(&c, path, case);
    }
    let lower = path.to_ascii_lowercase();
    if [".csv", ".txt", ".jsonl", ".ndjson"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        eprintln!(
            "{}",
            args::usage_error(
                &format!("{path} 是台账：请用 --case 户编号 指定要打印的一户，如 dibao assess {path} --case LX0006"),
                &format!("{path} is a caseload: name the household with --case, e.g. dibao assess {path} --case LX0006"),
            )
        );
        return 2;
    }
    let text = match args::read_input(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let a = match args::assessor(&c) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let result = a.read(&text).and_then(|h| a.assess(&h).map(|r| (h, r)));
    match (result, c.format) {
        (Ok((_, r)), Format::Json) => {
            print!("{}", r.to_json());
            0
        }
        (Ok((h, r)), Format::Text) => {
            print!("{}", report::render(&h, &r, c.lang));
            0
        }
        (Err(errs), Format::Json) => {
            print!("{}", errs.to_json());
            1
        }
        (Err(errs), Format::Text) => {
            let title = if c.lang == Lang::Zh {
                "输入有误，无法核算："
            } else {
                "The input is invalid and cannot be assessed:"
            };
            eprintln!("{title}");
            for e in &errs {
                let msg = if c.lang == Lang::Zh { e.zh() } else { e.en() };
                eprintln!(
                    "  [{}] {}: {msg}",
                    e.code(),
                    if e.field().is_empty() { "-" } else { e.field() }
                );
            }
            1
        }
    }
}

/// The widest line of a printed 核算表, in display columns (a Chinese
/// character counts as two).
pub const WIDTH: usize = 80;

/// `assess CASELOAD --case ID`: one household of a caseload, as its 核算表
/// with the name, 社区 and print date.
fn from_caseload(c: &args::Common, path: &str, case: &str) -> u8 {
    let zh = c.lang == Lang::Zh;
    let a = match args::assessor(c) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let inp = match crate::batch::open_input(path, None) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let mut src = crate::rows::Source::new(
        inp.reader,
        inp.format,
        crate::csv::Encoding::Auto,
        false,
        path,
    );
    let item = loop {
        match src.next(&a) {
            Ok(Some(item)) if item.case_id.as_deref() == Some(case) => break item,
            Ok(Some(_)) => {}
            Ok(None) => {
                eprintln!(
                    "{}",
                    args::usage_error(
                        &format!("{path} 中没有户编号为“{case}”的户"),
                        &format!("{path} has no household with case id {case:?}")
                    )
                );
                return 2;
            }
            Err(f) => {
                eprintln!("{}", args::usage_error(&f.zh, &f.en));
                return 2;
            }
        }
    };
    let errors = match item.result() {
        Ok(h) => match a.assess(h) {
            Ok(r) => {
                let mut h = h.clone();
                h.case_id = item.case_id.clone();
                let mut r = r;
                r.case_id = item.case_id.clone();
                if c.format == Format::Json {
                    print!("{}", r.to_json());
                    return 0;
                }
                let table = report::render(&h, &r, c.lang);
                let mut lines = table.lines();
                let mut out = String::new();
                for l in lines.by_ref().take(2) {
                    out.push_str(l);
                    out.push('\n');
                }
                out.push_str(&who(item, zh));
                for l in lines {
                    out.push_str(l);
                    out.push('\n');
                }
                print!("{}", fit(&out, c.lang, WIDTH));
                return 0;
            }
            Err(errs) => errs
                .iter()
                .map(|e| crate::rows::RowError::from_core(e, item.line, true))
                .collect(),
        },
        Err(errs) => errs.to_vec(),
    };
    eprintln!(
        "{}",
        if zh {
            format!("台账中“{case}”这一户有误，无法核算：")
        } else {
            format!("Household {case:?} of the caseload is invalid and cannot be assessed:")
        }
    );
    for e in &errors {
        let field = if e.field.is_empty() { "-" } else { &e.field };
        if zh {
            eprintln!("  [{}] 第{}行 {field}：{}", e.code, e.line, e.zh);
        } else {
            eprintln!("  [{}] line {}, {field}: {}", e.code, e.line, e.en);
        }
    }
    1
}

/// The line under the title: name, 社区 (街道, 区县), print date.
fn who(item: &crate::rows::Item, zh: bool) -> String {
    let [name, community, street, county] = &item.carry;
    let place: Vec<&str> = [community, street, county]
        .iter()
        .map(|s| s.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let today = today();
    let mut s = String::new();
    if zh {
        if !name.is_empty() {
            s.push_str(&format!("户主/申请人：{name}   "));
        }
        if !place.is_empty() {
            s.push_str(&format!("社区：{}", place.join("，")));
        }
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&format!("打印日期：{today}\n"));
    } else {
        if !name.is_empty() {
            s.push_str(&format!("Head/applicant: {name}   "));
        }
        if !place.is_empty() {
            s.push_str(&format!("Community: {}", place.join(", ")));
        }
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&format!("Printed: {today}\n"));
    }
    s
}

/// Today's date (UTC) from the system clock: the CLI may read the clock,
/// the core never does.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Days to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    if (c as u32) >= 0x2E80 {
        2
    } else {
        1
    }
}

/// The 核算表 fitted to `max` display columns: web addresses become
/// numbered footnotes (`[1]`) listed at the end, and longer lines wrap,
/// their continuation indented under the text.
pub fn fit(text: &str, lang: Lang, max: usize) -> String {
    let mut urls: Vec<String> = Vec::new();
    let mut out = String::new();
    for line in text.lines() {
        let line = footnotes(line, &mut urls);
        wrap(&line, max, &mut out);
    }
    if !urls.is_empty() {
        out.push('\n');
        out.push_str(if lang == Lang::Zh {
            "注（网址）：\n"
        } else {
            "Notes (web addresses):\n"
        });
        for (i, u) in urls.iter().enumerate() {
            wrap(&format!("  [{}] {u}", i + 1), max, &mut out);
        }
    }
    out
}

/// The line with each web address replaced by its footnote number.
fn footnotes(line: &str, urls: &mut Vec<String>) -> String {
    let mut rest = line;
    let mut out = String::new();
    loop {
        let at = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = at else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || "〕）)，；。、［\"'>]".contains(c))
            .unwrap_or(tail.len());
        let url = &tail[..end];
        let n = match urls.iter().position(|u| u == url) {
            Some(i) => i + 1,
            None => {
                urls.push(url.to_owned());
                urls.len()
            }
        };
        out.push_str(&format!("[{n}]"));
        rest = &tail[end..];
    }
}

/// Appends `line` wrapped at `max` columns; continuation lines are indented
/// by the line's own indent plus four.
fn wrap(line: &str, max: usize, out: &mut String) {
    if width(line) <= max {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let cont = " ".repeat((indent + 4).min(max / 2));
    let mut current = String::new();
    let mut w = 0;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let cw = char_width(c);
        if w + cw > max {
            // Break at the last space when only an ASCII word follows it
            // late in the line; else never inside a number or an ASCII word.
            let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-');
            let cut = current
                .rfind(' ')
                .filter(|&p| width(&current[..p]) > max / 2 && current[p + 1..].is_ascii());
            let carry = match cut {
                Some(p) => {
                    let carry = current[p + 1..].to_owned();
                    current.truncate(p);
                    carry
                }
                None if word(c) => {
                    let start = current
                        .char_indices()
                        .rev()
                        .take_while(|&(_, ch)| word(ch))
                        .last()
                        .map_or(current.len(), |(i, _)| i);
                    if width(&current[..start]) > max / 2 && current.len() - start < 16 {
                        let carry = current[start..].to_owned();
                        current.truncate(start);
                        carry
                    } else {
                        String::new()
                    }
                }
                None => String::new(),
            };
            out.push_str(current.trim_end());
            out.push('\n');
            current = format!("{cont}{carry}");
            w = width(&current);
            continue;
        }
        current.push(c);
        w += cw;
        i += 1;
    }
    out.push_str(current.trim_end());
    out.push('\n');
}
