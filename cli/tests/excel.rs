//! Caseworkers' real files (issue 13): id numbers checked, the same person
//! in two households found, every core, Excel in and out.

use std::path::{Path, PathBuf};

mod common;
use common::dibao;

/// A fresh directory for one test.
fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("excel-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A made-up id number (no real person's): 17 digits and the GB 11643
/// check character computed here.
fn id(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Rows of a JSON Lines result, as text.
fn jsonl(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

const HEAD: &str = "户编号,核算日期,低保标准,成员姓名,身份证号,与户主关系,年龄,出生日期,性别\n";

#[test]
fn id_numbers_are_checked() {
    let d = tmp("ids");
    let ok = id("11010519900101001"); // a man born 1990-01-01
    let x = (0..1000)
        .map(|n| format!("37010219850615{n:03}"))
        .find(|f| id(f).ends_with('X'))
        .map(|f| id(&f))
        .unwrap();
    let mut bad = ok.clone();
    bad.replace_range(17.., if ok.ends_with('9') { "8" } else { "9" });
    let feb30 = id("11010519900230002");
    let text = format!(
        "{HEAD}\
         H1,2024-06-01,1000,甲,{ok},本人,34,,男\n\
         H2,2024-06-01,1000,乙,{x},本人,38,,\n\
         H3,2024-06-01,1000,丙,{bad},本人,34,,\n\
         H4,2024-06-01,1000,丁,{feb30},本人,34,,\n\
         H5,2024-06-01,1000,戊,{ok},本人,33,,女\n\
         H6,2024-06-01,1000,己,{ok},本人,,1990-01-02,\n"
    );
    let input = d.join("ids.csv");
    std::fs::write(&input, text).unwrap();
    let out = d.join("out.jsonl");
    let (_, _, err) = dibao(&["batch", s(&input), "-o", s(&out), "--lang", "en"], None);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 6, "{err}");
    assert!(!rows[0].contains("id_number_"), "{}", rows[0]);
    assert!(!rows[1].contains("id_number_"), "{}", rows[1]);
    assert!(rows[2].contains("\"id_number_check_digit\""), "{}", rows[2]);
    assert!(rows[3].contains("\"id_number_birth_date\""), "{}", rows[3]);
    // Age 33 and 女 against a man of 34: two warnings.
    assert_eq!(
        rows[4].matches("\"id_number_mismatch\"").count(),
        2,
        "{}",
        rows[4]
    );
    assert!(
        rows[4].contains("与年龄（age）列的 33 岁不一致"),
        "{}",
        rows[4]
    );
    assert!(
        rows[5].contains("与出生日期（birth_date）列的 1990-01-02 不一致"),
        "{}",
        rows[5]
    );
    // Never the full number.
    let all = std::fs::read_to_string(&out).unwrap();
    for n in [&ok, &x, &bad, &feb30] {
        assert!(!all.contains(n.as_str()), "{n}");
    }
}

#[test]
fn the_same_person_in_two_households() {
    let d = tmp("dups");
    let a = id("11010519900101001");
    let b = id("11010519800202002");
    let text = format!(
        "{HEAD}\
         H1,2024-06-01,1000,甲,{a},本人,34,,\n\
         H1,2024-06-01,1000,乙,{b},配偶,44,,\n\
         H2,2024-06-01,1000,丙,,本人,,1970-03-03,\n\
         H3,2024-06-01,1000,丁,{a},本人,34,,\n\
         H4,2024-06-01,1000,丙,,本人,,1970-03-03,\n\
         H5,2024-06-01,1000,戊,,本人,50,,\n"
    );
    let input = d.join("dups.csv");
    std::fs::write(&input, &text).unwrap();
    // From a file: both rows of each pair.
    let out = d.join("out.jsonl");
    let (code, _, err) = dibao(&["batch", s(&input), "-o", s(&out)], None);
    assert!(code < 2, "{err}");
    let rows = jsonl(&out);
    let flagged: Vec<bool> = rows
        .iter()
        .map(|r| r.contains("duplicate_person"))
        .collect();
    assert_eq!(flagged, [true, true, true, true, false], "{rows:#?}");
    assert!(rows[0].contains("H3"), "{}", rows[0]);
    assert!(rows[2].contains("H1"), "{}", rows[2]);
    assert!(rows[1].contains("H4") && rows[3].contains("H2"));
    // From standard input: the later one only.
    let out2 = d.join("out2.jsonl");
    let (code, _, err) = dibao(
        &["batch", "-", "-o", s(&out2), "--input-format", "csv"],
        Some(text.as_bytes()),
    );
    assert!(code < 2, "{err}");
    let rows = jsonl(&out2);
    let flagged: Vec<bool> = rows
        .iter()
        .map(|r| r.contains("duplicate_person"))
        .collect();
    assert_eq!(flagged, [false, false, true, true, false], "{rows:#?}");
}

/// `copies` copies of an example caseload, the case ids made unique per copy.
fn replicate(example: &str, copies: usize) -> String {
    let text = std::fs::read_to_string(common::root().join(example)).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for c in 0..copies {
        for r in &rows {
            match r.split_once(',') {
                Some(("", rest)) => out.push_str(&format!(",{rest}\n")),
                Some((id, rest)) => out.push_str(&format!("{id}-{c},{rest}\n")),
                None => out.push_str(&format!("{r}\n")),
            }
        }
    }
    out
}

/// Split case ids, a blank line, merged cells, a bad amount, undecodable
/// rows (read with `--encoding utf-8`).
const EDGES: &[u8] = b"case_id,date,standard,member_id,relation,age,wage\n\
A,2024-06-01,1000,1,self,40,100\n\nB,2024-06-01,1000,1,self,30,\n\
A,2024-06-01,1000,2,child,10,\n,,,3,spouse,38,50\n\
C,2024-06-01,1000,1,self,30,abc\n\xff\xfe,bad\nD,2024-06-01,1000,1,self,30,\n\xff\n";

/// `dibao batch INPUT --encoding utf-8 --jobs JOBS` into `d`: the results
/// (exit 1: the inputs have invalid rows).
fn batch_utf8(d: &Path, input: &Path, jobs: &str) -> Vec<u8> {
    let out = d.join(format!("edges-{jobs}.csv"));
    let args = [
        "batch",
        s(input),
        "-o",
        s(&out),
        "--encoding",
        "utf-8",
        "--jobs",
        jobs,
    ];
    let (code, _, err) = dibao(&args, None);
    assert_eq!(code, 1, "{err}");
    std::fs::read(&out).unwrap()
}

#[test]
fn every_core_writes_what_one_core_writes() {
    let d = tmp("jobs");
    let edges = d.join("edges.csv");
    std::fs::write(&edges, EDGES).unwrap();
    let mut outs = Vec::new();
    for jobs in ["1", "2"] {
        outs.push(batch_utf8(&d, &edges, jobs));
        // From standard input too (split ids flagged as they come).
        let stdin = [
            "batch",
            "-",
            "-o",
            "-",
            "--input-format",
            "csv",
            "--encoding",
            "utf-8",
            "--jobs",
            jobs,
        ];
        let (code, stdout, err) = dibao(&stdin, Some(EDGES));
        assert_eq!(code, 1, "{err}");
        outs.push(stdout.into_bytes());
    }
    assert!(outs[0] == outs[2], "edges: --jobs differ");
    assert!(outs[1] == outs[3], "edges from stdin: --jobs differ");
    for (name, example, copies) in [
        ("many.csv", "examples/caseload.csv", 500),
        ("export.csv", "examples/台账导出-clean.csv", 4),
    ] {
        let input = d.join(name);
        std::fs::write(&input, replicate(example, copies)).unwrap();
        for ext in ["csv", "jsonl"] {
            let mut outs = Vec::new();
            for jobs in ["1", "2", "3"] {
                let out = d.join(format!("{name}-{jobs}.{ext}"));
                let sum = d.join(format!("{name}-{jobs}.json"));
                let (code, _, err) = dibao(
                    &[
                        "batch",
                        s(&input),
                        "-o",
                        s(&out),
                        "--jobs",
                        jobs,
                        "--summary",
                        s(&sum),
                    ],
                    None,
                );
                assert!(code < 2, "{err}");
                let summary = std::fs::read_to_string(&sum).unwrap();
                let summary: Vec<String> = summary
                    .lines()
                    .filter(|l| {
                        !l.contains("second")
                            && !l.contains("peak_rss")
                            && !l.contains("\"output\"")
                    })
                    .map(str::to_owned)
                    .collect();
                outs.push((std::fs::read(&out).unwrap(), summary));
            }
            assert!(outs[0].0.len() > 1000);
            for o in &outs[1..] {
                assert!(o.0 == outs[0].0, "{name} {ext}: --jobs differ");
                assert_eq!(o.1, outs[0].1);
            }
        }
    }
}

/// `EDGES` and more (a quoted record, a line ending in CRLF, a blank line
/// inside a household), over and over with each copy's own case ids: the
/// 256-household chunks of `--jobs` then end at every kind of record.
fn edges_over_and_over(copies: usize) -> Vec<u8> {
    let more: &[u8] = b"E,2024-06-01,1000,1,self,30,\"1,000\"\n\
                        E,,,2,child,5,\r\n\n,,,3,spouse,33,\"70\"\n";
    let body = [
        &EDGES[EDGES.iter().position(|&b| b == b'\n').unwrap() + 1..],
        more,
    ]
    .concat();
    let mut out = EDGES[..=EDGES.iter().position(|&b| b == b'\n').unwrap()].to_vec();
    for c in 0..copies {
        for line in body.split_inclusive(|&b| b == b'\n') {
            match line.iter().position(|&b| b == b',') {
                Some(i) if i > 0 && line[..i].is_ascii() => {
                    out.extend_from_slice(&line[..i]);
                    out.extend_from_slice(format!("-{c}").as_bytes());
                    out.extend_from_slice(&line[i..]);
                }
                _ => out.extend_from_slice(line),
            }
        }
    }
    out
}

#[test]
fn chunks_of_every_core_end_at_every_kind_of_record() {
    let d = tmp("jobs-edges");
    let input = d.join("edges.csv");
    // 10 households a copy: 256-household chunks end at each of them.
    std::fs::write(&input, edges_over_and_over(130)).unwrap();
    let mut outs = Vec::new();
    for jobs in ["1", "2", "3"] {
        outs.push(String::from_utf8(batch_utf8(&d, &input, jobs)).unwrap());
    }
    // Every copy's households, each once: nothing lost or split at a chunk's end.
    assert_eq!(outs[0].lines().filter(|l| l.starts_with("E-")).count(), 130);
    assert_eq!(outs[0].lines().filter(|l| l.starts_with("A-")).count(), 260);
    for o in &outs[1..] {
        assert!(*o == outs[0], "--jobs differ");
    }
}

/// A cell of a filled caseload: text, a number, or a date.
#[derive(Clone, Copy)]
enum Cell {
    T(&'static str),
    N(f64),
    D(&'static str),
}

/// Households added to the template, each row as (column, cell); the
/// template's columns otherwise blank.
fn added_rows() -> Vec<Vec<(&'static str, Cell)>> {
    use Cell::*;
    let row = |cells: &[(&'static str, Cell)]| cells.to_vec();
    let hh = |id: &'static str, recorded: f64| {
        vec![
            ("户编号", T(id)),
            ("地区代码", T("370100")),
            ("城乡类别", T("城镇")),
            ("核算日期", D("2024-06-01")),
            ("核定金额", N(recorded)),
        ]
    };
    let mut out = Vec::new();
    // Matches: one member, no income (standard 1114 in 370100, 2024).
    let mut r = hh("T-002", 1114.0);
    r.extend([
        ("成员姓名", T("赵一")),
        ("与户主关系", T("本人")),
        ("年龄", N(40.0)),
    ]);
    out.push(r);
    // A mismatch, over two rows, the household cells blank below (merged).
    let mut r = hh("T-003", 2000.5);
    r.extend([
        ("成员姓名", T("钱二")),
        ("与户主关系", T("本人")),
        ("年龄", N(50.0)),
        ("工资性收入", N(300.3)),
    ]);
    out.push(r);
    out.push(row(&[
        ("成员姓名", T("孙三")),
        ("与户主关系", T("子女")),
        ("年龄", N(12.0)),
        ("全日制在校生", T("是")),
    ]));
    // Invalid: an amount with three decimals is refused, never rounded.
    let mut r = hh("T-004", 1000.0);
    r.extend([
        ("成员姓名", T("李四")),
        ("与户主关系", T("本人")),
        ("年龄", N(30.0)),
        ("工资性收入", N(100.125)),
    ]);
    out.push(r);
    // The words of the drop-down list: 儿媳 and 孙子 linked to the only son,
    // and counted through him. 4 × 1114 − 1000.
    let mut r = hh("T-005", 3456.0);
    r.extend([
        ("成员姓名", T("周五")),
        ("与户主关系", T("本人")),
        ("年龄", N(60.0)),
    ]);
    out.push(r);
    for (name, relation, age, wage) in [
        ("周六", "子女", 35.0, 1000.0),
        ("吴七", "儿媳", 33.0, 0.0),
        ("周八", "孙子女", 8.0, 0.0),
    ] {
        let mut r = row(&[
            ("成员姓名", T(name)),
            ("与户主关系", T(relation)),
            ("年龄", N(age)),
        ]);
        if wage > 0.0 {
            r.push(("工资性收入", N(wage)));
        }
        out.push(r);
    }
    // The property columns after the example's (重庆, 2025: 24 months of
    // the 770 standard per member, 50000 with a serious illness; a car
    // worth more than 30000 not allowed). A car one fen over: not eligible.
    let cq = |id: &'static str, recorded: f64| {
        vec![
            ("户编号", T(id)),
            ("地区代码", T("500000")),
            ("城乡类别", T("城镇")),
            ("核算日期", D("2025-08-01")),
            ("核定金额", N(recorded)),
            ("成员姓名", T(id)),
            ("与户主关系", T("本人")),
            ("年龄", N(50.0)),
        ]
    };
    let mut r = cq("T-006", 770.0);
    r.push(("车辆", T("小汽车：30000.01")));
    out.push(r);
    // 40000 of deposits, over 24 × 770, within the illness exemption.
    let mut r = cq("T-007", 770.0);
    r.extend([
        ("存款", N(40000.0)),
        ("重病财产豁免", T("是")),
        ("住房套数", N(1.0)),
        ("住房建筑面积", N(85.5)),
    ]);
    out.push(r);
    out
}

fn csv_text(c: Cell) -> String {
    match c {
        Cell::T(s) | Cell::D(s) => s.to_owned(),
        Cell::N(f) => format!("{f}"),
    }
}

#[test]
fn a_filled_template_reads_as_its_csv_twin_and_results_come_back_in_excel() {
    use calamine::{Data, DataType, Reader};
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let d = tmp("xlsx");
    let template = d.join("模板.xlsx");
    let (code, _, err) = dibao(&["template", "--format", "xlsx", "-o", s(&template)], None);
    assert_eq!(code, 0, "{err}");
    // Read the template back: its header and example household.
    let mut book = calamine::open_workbook_auto(&template).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert!(header.iter().any(|h| h == "身份证号"));
    // After the example's columns, those of the property and support rules,
    // each saying how it is filled when its cell is selected.
    for name in [
        "车辆",
        "住房建筑面积",
        "非住宅房产数",
        "重病财产豁免",
        "赡养人赡养对象数",
        "收入超标日期",
    ] {
        assert!(header.iter().any(|h| h == name), "{name}");
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&template).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("promptTitle=\"车辆\"") && xml.contains("小汽车:50000"),
        "{xml}"
    );
    assert!(xml.contains("promptTitle=\"住房建筑面积\""), "{xml}");
    // Fill it: the example kept, households added.
    let mut filled = Workbook::new();
    let sheet = filled.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut twin = format!("{}\n", header.join(","));
    for (r, row) in rows.iter().enumerate() {
        let mut texts = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                    texts.push(format!("{f}"));
                }
                Data::DateTime(dt) => {
                    let (y, m, dd, ..) = dt.to_ymd_hms_milli();
                    let t = format!("{y:04}-{m:02}-{dd:02}");
                    let x = ExcelDateTime::parse_from_str(&t).unwrap();
                    sheet.write_datetime_with_format(r, c, &x, &date).unwrap();
                    texts.push(t);
                }
                Data::Empty => texts.push(String::new()),
                other => {
                    sheet.write_string(r, c, other.to_string()).unwrap();
                    texts.push(other.to_string());
                }
            }
        }
        if r > 0 {
            texts.resize(header.len(), String::new());
            twin.push_str(&texts.join(","));
            twin.push('\n');
        }
    }
    for (i, row) in added_rows().into_iter().enumerate() {
        let r = (rows.len() + i) as u32;
        let mut texts = vec![String::new(); header.len()];
        for (name, cell) in row {
            let c = header.iter().position(|h| h == name).unwrap();
            texts[c] = csv_text(cell);
            let c = c as u16;
            match cell {
                Cell::T(t) => sheet.write_string(r, c, t).map(|_| ()),
                Cell::N(f) => sheet.write_number(r, c, f).map(|_| ()),
                Cell::D(t) => sheet
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::parse_from_str(t).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
        twin.push_str(&texts.join(","));
        twin.push('\n');
    }
    let xlsx_in = d.join("台账.xlsx");
    filled.save(&xlsx_in).unwrap();
    let csv_in = d.join("台账.csv");
    std::fs::write(&csv_in, &twin).unwrap();
    // The same results from the workbook and from its CSV twin.
    let mut results = Vec::new();
    for input in [&xlsx_in, &csv_in] {
        let out = d.join("out.csv");
        let (code, _, err) = dibao(&["batch", s(input), "-o", s(&out), "--jobs", "1"], None);
        assert_eq!(code, 1, "{err}");
        results.push(std::fs::read_to_string(&out).unwrap());
    }
    assert_eq!(results[0], results[1]);
    // A sheet by name; a missing one is named with the ones there are.
    let out = d.join("named.csv");
    let named = ["batch", s(&xlsx_in), "-o", s(&out), "--sheet", "Sheet1"];
    assert_eq!(dibao(&named, None).0, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), results[0]);
    let (code, _, err) = dibao(
        &["batch", s(&xlsx_in), "-o", s(&out), "--sheet", "六月"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("六月") && err.contains("Sheet1"), "{err}");
    // simulate reads the workbook too.
    let (code, stdout, err) = dibao(&["simulate", s(&xlsx_in), "--standard", "1200"], None);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.contains("户数：7"), "{stdout}");
    let lines: Vec<&str> = results[0].lines().collect();
    assert_eq!(lines.len(), 8, "{}", results[0]);
    assert!(
        lines[1].contains(",低保,2228.00,2228.00,是,"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains(",1114.00,1114.00,是,"), "{}", lines[2]);
    assert!(lines[3].contains(",否,"), "{}", lines[3]);
    assert!(
        lines[4].contains(",无效,") && lines[4].contains("100.125"),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].contains(",低保,3456.00,3456.00,是,"),
        "{}",
        lines[5]
    );
    assert!(lines[6].contains(",不符合,0.00,770.00,否,"), "{}", lines[6]);
    assert!(lines[7].contains(",低保,770.00,770.00,是,"), "{}", lines[7]);
    // Results as a workbook: amounts as numbers, exact; a 汇总 sheet.
    let out = d.join("结果.xlsx");
    let (code, _, err) = dibao(&["batch", s(&xlsx_in), "-o", s(&out)], None);
    assert_eq!(code, 1, "{err}");
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["核对结果", "汇总"]);
    let res = book.worksheet_range("核对结果").unwrap();
    let rows: Vec<Vec<Data>> = res.rows().map(|r| r.to_vec()).collect();
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    let (amount, recorded) = (col("核算金额"), col("记录金额"));
    assert_eq!(rows[1][amount], Data::Float(2228.0));
    assert_eq!(rows[3][recorded], Data::Float(2000.5));
    assert_eq!(format!("{}", rows[3][recorded].as_f64().unwrap()), "2000.5");
    let sum = book.worksheet_range("汇总").unwrap();
    let households = sum
        .rows()
        .find(|r| r[0].to_string().contains("households"))
        .unwrap();
    assert_eq!(households[1], Data::Float(7.0));
    // Highlighted: the mismatch and the invalid row carry a fill, plain rows none.
    let file = std::fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let style_of = |cell: &str| {
        let at = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
        let tag = &xml[at..at + xml[at..].find('>').unwrap()];
        tag.split(" s=\"")
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
    };
    assert_eq!(style_of("A2"), None);
    let (mismatch, invalid) = (style_of("A4"), style_of("A5"));
    assert!(mismatch.is_some() && invalid.is_some() && mismatch != invalid);
    assert!(xml.contains("state=\"frozen\""));
}

#[test]
fn simulate_on_every_core_says_what_one_core_says() {
    let d = tmp("simulate-jobs");
    let input = d.join("export.csv");
    std::fs::write(&input, replicate("examples/台账导出-clean.csv", 300)).unwrap();
    let mut outs = Vec::new();
    for jobs in ["1", "2"] {
        let detail = d.join(format!("detail-{jobs}.csv"));
        let (code, stdout, err) = dibao(
            &[
                "simulate",
                s(&input),
                "--standard",
                "+5%",
                "--by",
                "社区",
                "--detail",
                s(&detail),
                "--jobs",
                jobs,
            ],
            None,
        );
        assert_eq!(code, 0, "{err}");
        outs.push((stdout, std::fs::read(&detail).unwrap()));
    }
    assert!(outs[0].1.len() > 10_000);
    assert!(
        outs[0] == outs[1],
        "simulate --jobs 2 differs from --jobs 1"
    );
}
