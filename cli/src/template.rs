//! `dibao template --format xlsx|csv -o FILE`: an empty caseload with the
//! Chinese column names, one example household, and (in a workbook) lists
//! on the code columns and the id number column formatted as text.

use std::ffi::OsString;

use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook};

use crate::args::{self, usage_error};

pub const HELP: &str = "\
dibao template — 生成空白台账模板 / write an empty caseload template

用法 Usage: dibao template --format xlsx|csv -o FILE

  -o, --output FILE   模板文件；csv 可为 - （标准输出）/ the template; - for csv writes stdout
  --format xlsx|csv   默认按 FILE 的扩展名 / default: from FILE's extension

模板有中文表头和一户示例（请替换为本地台账）；Excel 模板在“与户主关系”“性别”
“残疾等级”“残疾类别”“全日制在校生”“重病财产豁免”列有下拉列表，“身份证号”列为
文本格式（不会被改成科学计数法）。“配偶编号”“父母编号”两列可不填：儿媳、女婿、
孙子女等在本户只有一个可能的子女行时自动连接，有多个时才须填写。示例之后是财产
（车辆、住房建筑面积、非住宅房产数、重病财产豁免等）、赡养人和渐退期的列，不用的
可以空着；Excel 中选中单元格时会提示怎么填。
The template has Chinese headers and one example household (replace it); the
Excel one has drop-down lists on the code columns and the id number column
formatted as text (so Excel never turns it into 3.70102E+17). 配偶编号 (spouse_of)
and 父母编号 (child_of) may stay empty: an in-law or grandchild is linked to the
household's only son or daughter, and needs them only when there are several.
After the example's columns come those of the property, support and
gradual-exit rules (vehicles, floor area, non-residential property, the
serious-illness exemption, obligors …): leave unused ones empty; Excel shows
how to fill each when its cell is selected.

示例 Example:
  dibao template -o 台账模板.xlsx
  dibao batch 台账模板.xlsx -o 核对结果.xlsx";

/// The example caseload the template takes its columns and household from.
const EXAMPLE: &str = include_str!("../../examples/台账导出-clean.csv");

/// Columns after the example's: the facts the property, support and
/// gradual-exit rules use (docs/batch.md), empty in the example household,
/// each with the note Excel shows when its cell is selected.
const EXTRA: &[(&str, &str)] = &[
    ("有价证券", "股票、基金、债券等，元"),
    ("商业保险", "商业保险的现金价值，元"),
    (
        "车辆",
        "写作 种类:价值，多辆用；分隔，如 小汽车:50000；摩托车:3000。种类：小汽车、摩托车、残疾人代步车、经营用车",
    ),
    ("住房套数", "全家名下住房套数"),
    (
        "住房建筑面积",
        "全部住房的建筑面积合计，平方米；当地允许人均面积小的家庭多有一套住房时用到",
    ),
    (
        "非住宅房产数",
        "商铺、办公用房、车库（车位）等非住宅房产的处数",
    ),
    ("工商登记数", "名下登记的企业、个体工商户个数"),
    (
        "重病财产豁免",
        "是：家庭成员患有相关部门认定的重特大疾病、需长期治疗，当地据此放宽财产限额；不填则按“重特大疾病”列判断",
    ),
    (
        "赡养人编号",
        "不在本户的赡养（抚养、扶养）人，如在外地的子女；同一编号写在其赡养的每名成员行上，下列各项写在第一行",
    ),
    ("赡养人家庭人数", "赡养人自己家庭的人数"),
    ("赡养人家庭月收入", "赡养人家庭每月总收入，元"),
    ("赡养人人数", "共同分担赡养义务的人数"),
    ("实际赡养费", "该赡养人每月实际给付的赡养费，元"),
    (
        "赡养人赡养对象数",
        "该赡养人赡养的全部人数，包括不在本户的（如另住的父亲）；不填则为本户由其赡养的人数",
    ),
    ("赡养费收入", "本成员每月收到的赡养费，元"),
    (
        "赡养费来自",
        "本行的赡养费收入就是哪位赡养人给的：填其赡养人编号，只计一次",
    ),
    ("现享受金额", "已在享受低保的，每月金额，元"),
    ("就业日期", "家庭成员就业的日期"),
    (
        "收入超标日期",
        "就业后家庭人均收入首次超过低保标准的日期；渐退期从此日算起",
    ),
];

/// Header and the rows of the example's first household, with the
/// [`EXTRA`] columns after the example's, empty.
fn example() -> (Vec<&'static str>, Vec<Vec<&'static str>>) {
    let text = EXAMPLE.strip_prefix('\u{feff}').unwrap_or(EXAMPLE);
    let mut lines = text.lines();
    let mut header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    header.extend(EXTRA.iter().map(|(name, _)| *name));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let first = rows.first().map(|r| r[0]).unwrap_or("");
    let rows = rows
        .into_iter()
        .take_while(|r| r[0] == first)
        .map(|mut r| {
            r.resize(header.len(), "");
            r
        })
        .collect();
    (header, rows)
}

/// Drop-down lists: column name, allowed values (spellings the reader
/// accepts).
const LISTS: &[(&str, &[&str])] = &[
    (
        "与户主关系",
        &[
            "本人",
            "配偶",
            "子女",
            "父母",
            "祖父母",
            "孙子女",
            "兄弟姐妹",
            // In-laws: linked by the reader to the only 子女 (孙子女, 配偶)
            // row, or by the 配偶编号 column (docs/batch.md).
            "儿媳",
            "女婿",
            "孙媳妇",
            "孙女婿",
            "公公",
            "婆婆",
            "岳父",
            "岳母",
            "其他亲属",
            "无亲属关系",
        ],
    ),
    ("城乡类别", &["城镇", "农村"]),
    ("性别", &["男", "女"]),
    (
        "残疾等级",
        &["1", "2", "3", "4", "一级", "二级", "三级", "四级"],
    ),
    (
        "残疾类别",
        &["视力", "听力", "言语", "肢体", "智力", "精神", "多重"],
    ),
    ("全日制在校生", &["是", "否"]),
    ("重病财产豁免", &["是", "否"]),
];

/// Columns whose example values are written as numbers (the rest as text).
const NUMBERS: &[&str] = &[
    "核定金额",
    "存款",
    "年龄",
    "残疾等级",
    "工资性收入",
    "基础养老金",
];
/// Columns written as dates.
const DATES: &[&str] = &["核算日期", "出生日期", "就业日期", "收入超标日期"];
/// Columns kept as text whatever is typed (long digit strings).
const TEXT: &[&str] = &["户编号", "身份证号", "地区代码"];

/// Rows the lists and formats cover.
const ROWS: u32 = 10_000;

pub fn csv() -> String {
    let (header, rows) = example();
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

pub fn xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let (header, rows) = example();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, name) in header.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &bold)?;
        sheet.set_column_width(c, if *name == "身份证号" { 22.0 } else { 12.0 })?;
        if TEXT.contains(name) {
            sheet.set_column_format(c, &text)?;
        }
        if DATES.contains(name) {
            sheet.set_column_format(c, &date)?;
        }
        let note = EXTRA.iter().find(|(n, _)| n == name).map(|(_, note)| *note);
        let list = LISTS.iter().find(|(n, _)| n == name).map(|(_, list)| *list);
        if list.is_some() || note.is_some() {
            let mut v = match list {
                Some(list) => DataValidation::new().allow_list_strings(list)?,
                None => DataValidation::new().allow_any_value(),
            }
            .ignore_blank(true);
            if let Some(note) = note {
                v = v.set_input_title(*name)?.set_input_message(note)?;
            }
            sheet.add_data_validation(1, c, ROWS, c, &v)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let name = header.get(c).copied().unwrap_or("");
            let col = c as u16;
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) if NUMBERS.contains(&name) => {
                    sheet.write_number(r, col, n)?;
                }
                _ if DATES.contains(&name) => {
                    let d = ExcelDateTime::parse_from_str(v)?;
                    sheet.write_datetime_with_format(r, col, &d, &date)?;
                }
                _ if TEXT.contains(&name) => {
                    sheet.write_string_with_format(r, col, *v, &text)?;
                }
                _ => {
                    sheet.write_string(r, col, *v)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

pub fn main(argv: Vec<OsString>) -> u8 {
    match run(argv) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}

fn run(argv: Vec<OsString>) -> Result<(), String> {
    use lexopt::prelude::*;
    let mut output: Option<String> = None;
    let mut format: Option<String> = None;
    let mut p = lexopt::Parser::from_args(argv);
    while let Some(arg) = p
        .next()
        .map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    {
        match arg {
            Short('o') | Long("output") => output = Some(args::value(&mut p, "--output")?),
            Long("format") => format = Some(args::value(&mut p, "--format")?),
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(());
            }
            _ => return Err(args::unknown_option(arg)),
        }
    }
    let Some(output) = output else {
        return Err(format!(
            "{}\n\n{HELP}",
            usage_error("需要 -o 模板文件", "-o FILE is required")
        ));
    };
    let xlsx = match format.as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        Some(v) => {
            return Err(usage_error(
                &format!("--format 只能是 xlsx 或 csv，而不是 {v:?}"),
                &format!("--format must be xlsx or csv, not {v:?}"),
            ))
        }
        None => !output.to_ascii_lowercase().ends_with(".csv"),
    };
    let bytes = if xlsx {
        if output == "-" {
            return Err(usage_error(
                "Excel 模板须写入文件（-o 台账模板.xlsx）",
                "an Excel template goes into a file (-o template.xlsx)",
            ));
        }
        self::xlsx().map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    } else {
        csv().into_bytes()
    };
    let written = if output == "-" {
        use std::io::Write;
        std::io::stdout().write_all(&bytes)
    } else {
        std::fs::write(&output, bytes)
    };
    written.map_err(|e| {
        usage_error(
            &format!("无法写入 {output}：{e}"),
            &format!("cannot write {output}: {e}"),
        )
    })
}
