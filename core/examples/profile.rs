//! Loops assessments for profiling (`valgrind --tool=callgrind`).
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mode = std::env::args().nth(2).unwrap_or_default();
    let h = dibao::Household::from_json(&text).unwrap();
    let a = dibao::Assessor::new()
        .with_trace(mode == "trace")
        .with_detail(mode != "summary");
    let mut n = 0u64;
    for _ in 0..20000 {
        if mode == "json" {
            n += a.assess_json(&text).unwrap().len() as u64;
        } else {
            n += a.assess(&h).unwrap().monthly_amount.is_zero() as u64;
        }
    }
    println!("{n}");
}
