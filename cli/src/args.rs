//! Shared option parsing and input helpers.

use std::ffi::OsString;
use std::io::Read;

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Language of readable output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// Options common to the commands.
pub struct Common {
    pub format: Format,
    pub lang: Lang,
    pub params: Vec<String>,
    pub trace: bool,
    pub positional: Vec<String>,
    pub help: bool,
    /// `assess --case ID`: one household of a caseload.
    pub case: Option<String>,
}

/// A usage error, printed in both languages.
pub fn usage_error(zh: &str, en: &str) -> String {
    format!("错误：{zh}\nerror: {en}")
}

/// Parses the options every command shares.
pub fn parse(args: Vec<OsString>) -> Result<Common, String> {
    use lexopt::prelude::*;
    let mut c = Common {
        format: Format::Text,
        lang: Lang::Zh,
        params: Vec::new(),
        trace: true,
        positional: Vec::new(),
        help: false,
        case: None,
    };
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p
        .next()
        .map_err(|e| usage_error(&e.to_string(), &e.to_string()))?
    {
        match arg {
            Long("format") => {
                c.format = if text_or_json(&value(&mut p, "--format")?)? {
                    Format::Json
                } else {
                    Format::Text
                }
            }
            Long("lang") => c.lang = lang(&value(&mut p, "--lang")?)?,
            Long("params") => c.params.push(value(&mut p, "--params")?),
            Long("no-trace") => c.trace = false,
            Long("case") => c.case = Some(value(&mut p, "--case")?),
            Short('h') | Long("help") => c.help = true,
            Value(v) => c.positional.push(file_name(v)?),
            _ => return Err(unknown_option(arg)),
        }
    }
    Ok(c)
}

/// The value of an option, as UTF-8 text.
pub fn value(p: &mut lexopt::Parser, name: &str) -> Result<String, String> {
    p.value()
        .map_err(|_| {
            usage_error(
                &format!("{name} 需要一个值"),
                &format!("{name} needs a value"),
            )
        })?
        .into_string()
        .map_err(|_| {
            usage_error(
                &format!("{name} 的值不是 UTF-8"),
                &format!("{name}'s value is not UTF-8"),
            )
        })
}

/// `--format text|json`: true for json.
pub fn text_or_json(v: &str) -> Result<bool, String> {
    match v {
        "json" => Ok(true),
        "text" => Ok(false),
        other => Err(usage_error(
            &format!("--format 只能是 text 或 json，而不是 {other:?}"),
            &format!("--format must be text or json, not {other:?}"),
        )),
    }
}

/// `--lang zh|en`.
pub fn lang(v: &str) -> Result<Lang, String> {
    match v {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        other => Err(usage_error(
            &format!("--lang 只能是 zh 或 en，而不是 {other:?}"),
            &format!("--lang must be zh or en, not {other:?}"),
        )),
    }
}

/// A file name given on the command line, as UTF-8 text.
pub fn file_name(v: std::ffi::OsString) -> Result<String, String> {
    v.into_string()
        .map_err(|_| usage_error("文件名不是 UTF-8", "file name is not UTF-8"))
}

/// Takes the one input file of `batch` and `simulate`; a second is an error.
pub fn set_input(slot: &mut Option<String>, v: std::ffi::OsString) -> Result<(), String> {
    if slot.is_some() {
        return Err(usage_error(
            &format!("多余的参数 {v:?}（只接受一个输入文件）"),
            &format!("unexpected argument {v:?} (one input file only)"),
        ));
    }
    *slot = Some(file_name(v)?);
    Ok(())
}

/// The usage error for an option a command does not know.
pub fn unknown_option(arg: lexopt::Arg<'_>) -> String {
    let e = arg.unexpected().to_string();
    usage_error(&format!("未知选项（{e}）"), &e)
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    res.map_err(|e| {
        usage_error(
            &format!("无法读取 {path}：{e}"),
            &format!("cannot read {path}: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        usage_error(
            &format!("{path} 不是 UTF-8 文本"),
            &format!("{path} is not UTF-8 text"),
        )
    })
}

/// An assessor with the user's packs loaded; `Err` holds the exit code after
/// the errors were printed.
pub fn assessor(c: &Common) -> Result<dibao::Assessor, u8> {
    let mut a = dibao::Assessor::new().with_trace(c.trace);
    for path in &c.params {
        let text = read_input(path).map_err(|e| {
            eprintln!("{e}");
            2u8
        })?;
        if let Err(errs) = a.add_pack(path, &text) {
            match c.format {
                Format::Json => print!("{}", errs.to_json()),
                Format::Text => {
                    for e in &errs {
                        eprintln!("{}", if c.lang == Lang::Zh { e.zh() } else { e.en() });
                    }
                }
            }
            return Err(1);
        }
    }
    Ok(a)
}
