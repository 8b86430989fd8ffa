//! `dibao assess FILE|-`: one household, as a 核算表 or SPEC §5 JSON.

use std::ffi::OsString;

use crate::args::{self, Format, Lang};
use crate::report;

pub const HELP: &str = "\
dibao assess — 核算一户家庭 / assess one household

用法 Usage: dibao assess FILE|- [--format text|json] [--lang zh|en] [--params PACK.json] [--no-trace]

  FILE          SPEC §4 的家庭 JSON；- 表示标准输入 / household JSON (SPEC §4); - reads stdin
  --format      text（默认，可打印的核算表）或 json（SPEC §5）/ text (default, printable) or json
  --lang        zh（默认）或 en / zh (default) or en
  --params      载入自己的地区参数包（可重复）/ load your own region pack (repeatable)
  --no-trace    不输出逐步说明 / omit the step-by-step trace

退出码 Exit: 0 已核算（无论结果），1 输入有误，2 用法或读写错误。
             0 assessed (any outcome), 1 invalid input, 2 usage or I/O error.

示例 Examples:
  dibao assess examples/household.json
  dibao assess examples/household.json --lang en
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
