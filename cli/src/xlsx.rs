//! Excel workbooks (issue 13): a caseload read from the first sheet (or
//! `--sheet NAME`) with calamine, and results written with rust_xlsxwriter.
//!
//! Reading turns the sheet into the CSV text the CSV reader already knows,
//! one text line per sheet row (so that line numbers are Excel's row
//! numbers), and everything after — column names, merged or blank household
//! cells, spellings, validation — is the CSV path's. Writing reads the CSV
//! results the run wrote and lays them out as a sheet: frozen header,
//! mismatched and invalid rows highlighted, amounts as numbers.

use calamine::{Data, Reader};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

use crate::args::usage_error;
use crate::batch::{Summary, OUTCOMES};

/// Whether a path names an Excel workbook this tool reads and writes.
pub fn is_xlsx(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    l.ends_with(".xlsx") || l.ends_with(".xlsm")
}

/// Whether an output path names a workbook to write (`.xlsx` only: an
/// `.xlsm` is a workbook with macros, which results never hold).
pub fn is_xlsx_output(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".xlsx")
}

/// A cell as the text a CSV export would hold.
///
/// Numbers are written in their shortest round-trip decimal form (Rust's
/// `Display` of `f64`): `0.3` stays `0.3`, `1002.5` stays `1002.5`, and a
/// number with more than two decimals reaches the amount check as it is
/// (and is refused there), never rounded or truncated here. A number too
/// large to hold every digit (an id number typed as a number) is written in
/// scientific notation, as Excel shows it, so that its lost digits are
/// reported. Dates become `YYYY-MM-DD`.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if dt.is_datetime() && (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                float_text(dt.as_f64())
            }
        }
        Data::Error(e) => e.to_string(),
    }
}

/// The shortest decimal that reads back as `f`.
fn float_text(f: f64) -> String {
    // 2^53: past it, not every integer is a double, so digits are lost.
    if f.abs() >= 9_007_199_254_740_992.0 {
        let s = format!("{f:E}");
        return s.replacen('E', "E+", 1);
    }
    format!("{f}")
}

/// Appends a cell to a CSV line: quoted when it must be, a line break in a
/// cell read as a space (one text line per sheet row).
fn push_field(out: &mut Vec<u8>, s: &str) {
    let s = s.replace(['\r', '\n'], " ");
    if s.contains([',', '"']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// The sheet as UTF-8 CSV text, text line N holding sheet row N.
pub fn sheet_as_csv(path: &str, sheet: Option<&str>) -> Result<Vec<u8>, String> {
    let cannot = |e: &dyn std::fmt::Display| {
        usage_error(
            &format!("无法读取 Excel 工作簿 {path}：{e}"),
            &format!("cannot read the Excel workbook {path}: {e}"),
        )
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| cannot(&e))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_owned(),
        Some(s) => {
            return Err(usage_error(
                &format!("{path} 中没有名为“{s}”的工作表；有：{}", names.join("、")),
                &format!("{path} has no sheet {s:?}; it has: {}", names.join(", ")),
            ))
        }
        None => names.first().cloned().ok_or_else(|| cannot(&"no sheet"))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| cannot(&e))?;
    let mut out = Vec::with_capacity(range.height() * 64);
    if let Some((first_row, _)) = range.start() {
        // Rows above the used range are blank lines, so that line numbers
        // are the sheet's row numbers.
        out.extend(std::iter::repeat_n(b'\n', first_row as usize));
    }
    for row in range.rows() {
        // Trailing empty cells are left off (a CSV export does the same).
        let used = row.iter().rposition(|c| !matches!(c, Data::Empty));
        if let Some(last) = used {
            for (i, cell) in row[..=last].iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                push_field(&mut out, &cell_text(cell));
            }
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// How a result row is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    Plain,
    /// The recorded amount differs from the computed one.
    Mismatch,
    /// The household could not be assessed.
    Invalid,
}

/// A number cell's value from an amount's text, when the double Excel
/// stores reads back as exactly that amount (its shortest form is the same
/// decimal); `None` otherwise (the text is then written as text).
pub fn exact_number(text: &str) -> Option<f64> {
    let d: Decimal = text.parse().ok()?;
    let f: f64 = text.parse().ok()?;
    let back: Decimal = format!("{f}").parse().ok()?;
    (back == d && f.is_finite()).then_some(f)
}

/// Column names of the amount columns (Chinese and English results).
const AMOUNTS: [&str; 6] = [
    "核算金额",
    "记录金额",
    "差额",
    "monthly_amount",
    "recorded_amount",
    "difference",
];

fn formats() -> [Format; 4] {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format("0.00");
    let mismatch = Format::new().set_background_color(Color::RGB(0xFFEB9C));
    let invalid = Format::new().set_background_color(Color::RGB(0xFFC7CE));
    [header, money, mismatch, invalid]
}

/// The results sheet and a 汇总 (summary) sheet, from the CSV results
/// the run wrote (UTF-8, no byte-order mark).
pub fn results_workbook(csv: &[u8], summary: &Summary, zh: bool) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| {
        usage_error(
            &format!("无法生成 Excel 结果：{e}"),
            &format!("cannot make the Excel results: {e}"),
        )
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name = if zh { "核对结果" } else { "results" };
    sheet.set_name(name).map_err(|e| fail(&e))?;
    write_rows(sheet, csv).map_err(|e| fail(&e))?;
    let sum = book.add_worksheet();
    sum.set_name("汇总").map_err(|e| fail(&e))?;
    write_summary(sum, summary).map_err(|e| fail(&e))?;
    book.save_to_buffer().map_err(|e| fail(&e))
}

fn write_rows(sheet: &mut Worksheet, csv: &[u8]) -> Result<(), rust_xlsxwriter::XlsxError> {
    let [header_fmt, money, mismatch, invalid] = formats();
    let mut r = crate::csv::CsvReader::new(csv, crate::csv::Encoding::Utf8);
    let mut cols: Vec<String> = Vec::new();
    let mut row: u32 = 0;
    while let Ok(Some(rec)) = r.next_record() {
        let fields: Vec<String> = (0..rec.len()).map(|i| rec.get(i).to_owned()).collect();
        if row == 0 {
            for (c, name) in fields.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, name, &header_fmt)?;
                let wide = matches!(name.as_str(), "问题" | "说明" | "errors" | "warnings");
                sheet.set_column_width(c as u16, if wide { 48.0 } else { 12.0 })?;
            }
            cols = fields;
            row = 1;
            continue;
        }
        let look = highlight(&cols, &fields);
        let fill = match look {
            Highlight::Plain => None,
            Highlight::Mismatch => Some(&mismatch),
            Highlight::Invalid => Some(&invalid),
        };
        for (c, text) in fields.iter().enumerate() {
            let col = c as u16;
            let amount = cols.get(c).is_some_and(|n| AMOUNTS.contains(&n.as_str()));
            // The CSV writer's guard against formulas: a cell is never one.
            let text = text
                .strip_prefix('\'')
                .filter(|t| t.starts_with(['=', '+', '-', '@']))
                .unwrap_or(text);
            match (amount, exact_number(text)) {
                (true, Some(n)) => {
                    let f = match fill {
                        Some(f) => f.clone().set_num_format("0.00"),
                        None => money.clone(),
                    };
                    sheet.write_number_with_format(row, col, n, &f)?;
                }
                _ => match fill {
                    Some(f) => {
                        sheet.write_string_with_format(row, col, text, f)?;
                    }
                    None if text.is_empty() => {}
                    None => {
                        sheet.write_string(row, col, text)?;
                    }
                },
            }
        }
        row += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !cols.is_empty() {
        sheet.autofilter(0, 0, row.saturating_sub(1), cols.len() as u16 - 1)?;
    }
    Ok(())
}

/// Invalid (结果 无效 / `invalid`), else a mismatch (是否一致 否 / `false`).
pub fn highlight(cols: &[String], fields: &[String]) -> Highlight {
    let get = |names: [&str; 2]| {
        cols.iter()
            .position(|c| names.contains(&c.as_str()))
            .and_then(|i| fields.get(i))
            .map(String::as_str)
    };
    if matches!(get(["结果", "outcome"]), Some("无效" | "invalid")) {
        Highlight::Invalid
    } else if matches!(get(["是否一致", "matches"]), Some("否" | "false")) {
        Highlight::Mismatch
    } else {
        Highlight::Plain
    }
}

fn write_summary(sheet: &mut Worksheet, s: &Summary) -> Result<(), rust_xlsxwriter::XlsxError> {
    let [header, money, _, _] = formats();
    sheet.write_string_with_format(0, 0, "项目 / item", &header)?;
    sheet.write_string_with_format(0, 1, "数值 / value", &header)?;
    sheet.set_column_width(0, 40.0)?;
    sheet.set_column_width(1, 16.0)?;
    let zh_outcomes = ["低保", "单人户", "渐退期", "低保边缘", "不符合"];
    let mut counts: Vec<(String, u64)> = vec![
        ("读入行数 / rows in".into(), s.rows_in),
        ("户数 / households".into(), s.households),
        ("输出行数 / rows out".into(), s.rows_out),
    ];
    for ((o, n), zh) in OUTCOMES.iter().zip(s.outcomes).zip(zh_outcomes) {
        counts.push((format!("{zh} / {}", o.code()), n));
    }
    counts.extend([
        ("无效 / invalid".into(), s.invalid),
        ("有记录金额 / with recorded amount".into(), s.with_recorded),
        ("一致 / matched".into(), s.matched),
        ("不一致 / mismatched".into(), s.mismatched),
        ("有警告 / with warnings".into(), s.with_warnings),
    ]);
    let mut row = 1;
    for (label, n) in &counts {
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, *n as f64)?;
        row += 1;
    }
    let annual = s
        .total_monthly
        .checked_mul(Decimal::from(12))
        .unwrap_or(s.total_monthly);
    for (label, m) in [
        ("月保障金合计（元）/ total monthly amount", s.total_monthly),
        ("年度合计（元）/ total annual amount", annual),
    ] {
        sheet.write_string(row, 0, label)?;
        let text = m.to_string();
        match exact_number(&text) {
            Some(n) => sheet.write_number_with_format(row, 1, n, &money)?,
            None => sheet.write_string(row, 1, &text)?,
        };
        row += 1;
    }
    // The run's receipt (docs/output.md): which packs, as loaded, gave these results.
    sheet.write_string(row, 0, "引擎 / engine")?;
    sheet.write_string(row, 1, dibao::ENGINE)?;
    sheet.write_string(row + 1, 0, "参数包数 / packs loaded")?;
    sheet.write_number(row + 1, 1, s.packs as f64)?;
    sheet.write_string(row + 2, 0, "参数哈希 / parameters_sha256")?;
    sheet.write_string(row + 2, 1, &s.parameters_sha256)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_their_shortest_form() {
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(0.3)), "0.3");
        assert_eq!(cell_text(&Data::Float(1002.5)), "1002.5");
        assert_eq!(cell_text(&Data::Float(72.0)), "72");
        assert_eq!(cell_text(&Data::Float(1234.567)), "1234.567");
        assert_eq!(cell_text(&Data::Int(370100)), "370100");
        // An id number typed as a number: its digits are lost, said so.
        assert_eq!(
            cell_text(&Data::Float(370102195201011238.0)),
            "3.7010219520101126E+17"
        );
    }

    #[test]
    fn amounts_written_exactly() {
        for t in ["0.30", "1002.00", "0.10", "12345678.91", "-9.00", "0.01"] {
            let f = exact_number(t).unwrap();
            let back: Decimal = format!("{f}").parse().unwrap();
            assert_eq!(back, t.parse::<Decimal>().unwrap(), "{t}");
        }
        assert_eq!(exact_number("abc"), None);
    }

    #[test]
    fn rows_highlighted() {
        let cols: Vec<String> = ["户编号", "结果", "是否一致"].map(String::from).to_vec();
        let row = |a: &str, b: &str| vec!["H".to_owned(), a.to_owned(), b.to_owned()];
        assert_eq!(highlight(&cols, &row("低保", "是")), Highlight::Plain);
        assert_eq!(highlight(&cols, &row("低保", "否")), Highlight::Mismatch);
        assert_eq!(highlight(&cols, &row("无效", "")), Highlight::Invalid);
    }
}
