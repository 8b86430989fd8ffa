//! `dibao regions`: the regions, their versions and sources.

use std::ffi::OsString;

use dibao::params::{Rate, StandardSet};

use crate::args::{self, Format, Lang};

pub const HELP: &str = "\
dibao regions — 列出地区参数 / list region parameter packs

用法 Usage: dibao regions [--format text|json] [--lang zh|en] [--params PACK.json]

每个地区：代码、名称、各版本（生效日期与低保标准）、参数核实截止日期。
For each region: code, name, versions (effective date and standard), confirmed_through.

示例 Examples:
  dibao regions
  dibao regions --format json
  dibao regions --params weihai-2026.json";

pub fn main(argv: Vec<OsString>) -> u8 {
    let c = match args::parse(argv) {
        Ok(c) if c.help => {
            println!("{HELP}");
            return 0;
        }
        Ok(c) if c.case.is_some() => {
            eprintln!(
                "{}",
                args::usage_error("regions 不接受 --case", "regions takes no --case")
            );
            return 2;
        }
        Ok(c) if c.positional.is_empty() => c,
        Ok(_) => {
            eprintln!(
                "{}",
                args::usage_error("regions 不接受文件参数", "regions takes no file argument")
            );
            return 2;
        }
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let a = match args::assessor(&c) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if c.format == Format::Json {
        print!("{}", a.regions_json());
        return 0;
    }
    for p in a.registry().packs() {
        let name = if c.lang == Lang::Zh {
            &p.name_zh
        } else {
            &p.name_en
        };
        println!("{}  {name}", p.code);
        let standards = p.standards();
        if standards.is_empty() {
            println!(
                "    {}",
                if c.lang == Lang::Zh {
                    "无低保标准数据（请用 policy.standard 填写）"
                } else {
                    "no standard known (give policy.standard)"
                }
            );
        }
        for (from, s, source) in standards {
            let zh = c.lang == Lang::Zh;
            match s {
                Some(s) => println!(
                    "    {from}  {}  [{}]",
                    standard_text(s, zh),
                    source.confidence.code()
                ),
                None => println!(
                    "    {from}  {}",
                    if zh {
                        "（标准未知）"
                    } else {
                        "(standard unknown)"
                    }
                ),
            }
        }
        let label = if c.lang == Lang::Zh {
            "核实截止"
        } else {
            "confirmed through"
        };
        println!("    {label} {}", p.confirmed_through);
    }
    0
}

/// A version's standard: one figure, or urban and rural, each with its unit.
fn standard_text(s: StandardSet, zh: bool) -> String {
    let rate = |r: Option<Rate>| match (r, zh) {
        (Some(r), true) => format!("{} {}", r.amount, r.unit.zh()),
        (Some(r), false) => format!("{} {}", r.amount, r.unit.en()),
        (None, true) => "未知".to_owned(),
        (None, false) => "unknown".to_owned(),
    };
    match (s, zh) {
        (StandardSet::Unified(r), true) => format!("城乡统一 {}", rate(Some(r))),
        (StandardSet::Unified(r), false) => format!("unified {}", rate(Some(r))),
        (StandardSet::Split { urban, rural }, true) => {
            format!("城镇 {}；农村 {}", rate(urban), rate(rural))
        }
        (StandardSet::Split { urban, rural }, false) => {
            format!("urban {}; rural {}", rate(urban), rate(rural))
        }
    }
}
