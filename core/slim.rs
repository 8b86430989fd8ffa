/// A region pack as embedded in builds without the core's `full-packs`
/// feature (the WASM build, whose first load has a size budget): minified,
/// without the pack's `notes` and without the timeline entries' `note`
/// (sentences for readers of the pack; the engine's assessments never show
/// them — the web page can fetch `regions/CODE.json` for them). It works on
/// the layout every `regions/*.json` has — two-space indentation, one key
/// per line, as `json.dumps(…, indent=2)` writes it — which a test checks
/// pack by pack: the slim text reads as the same pack, notes aside.
#[allow(dead_code)]
pub fn slim(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut drop_comma = Vec::new();
    let mut in_notes = false;
    for line in text.lines() {
        let t = line.trim();
        // A dropped key that was the last of its object: the key before it
        // loses its comma.
        let mut dropped_last = |kept: &Vec<&str>| {
            if let Some(i) = kept.len().checked_sub(1) {
                drop_comma.push(i);
            }
        };
        if in_notes {
            if t.starts_with('}') {
                in_notes = false;
                if !t.ends_with(',') {
                    dropped_last(&kept);
                }
            }
            continue;
        }
        if t == "\"notes\": {" {
            in_notes = true;
            continue;
        }
        if t.starts_with("\"note\": ") {
            if !t.ends_with(',') {
                dropped_last(&kept);
            }
            continue;
        }
        kept.push(t);
    }
    let mut out = String::with_capacity(text.len());
    for (i, t) in kept.iter().enumerate() {
        match drop_comma.contains(&i) {
            true => out.push_str(t.strip_suffix(',').unwrap_or(t)),
            false => out.push_str(t),
        }
    }
    out
}
