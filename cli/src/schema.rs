//! `dibao schema`: the JSON Schema (draft 2020-12) of the docs/input.md input.

use std::ffi::OsString;

use crate::args::usage_error;

pub const HELP: &str = "\
dibao schema — 输出家庭输入的 JSON Schema / print the JSON Schema of the household input

用法 Usage: dibao schema

输出 docs/input.md 家庭输入的 JSON Schema（draft 2020-12），可供表单、校验工具和编辑器使用。
引擎自身的校验更严格（恰好一名申请人、编号不重复、日期真实存在），以引擎的错误为准。
Prints the JSON Schema (draft 2020-12) of the docs/input.md household input, for forms,
validators and editors. The engine's own checks are stricter (exactly one
applicant, unique ids, real dates); its errors are the authority.

示例 Examples:
  dibao schema > household.schema.json
  dibao schema | jq '.properties.members'";

pub fn main(argv: Vec<OsString>) -> u8 {
    let mut help = false;
    for a in &argv {
        match a.to_str() {
            Some("-h") | Some("--help") => help = true,
            _ => {
                eprintln!(
                    "{}",
                    usage_error(
                        &format!("schema 不接受参数 {a:?}"),
                        &format!("schema takes no argument {a:?}")
                    )
                );
                return 2;
            }
        }
    }
    if help {
        println!("{HELP}");
    } else {
        print!("{}", dibao::input_schema());
    }
    0
}
