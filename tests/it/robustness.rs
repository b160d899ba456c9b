//! Broken input of every kind gives an error with a place, never a panic, a hang or a crash.

use complaint_dojo::source::{MAX_FILE_BYTES, decode};
use proptest::prelude::*;

use crate::common::{catalogue, load, minimal, problems};

#[test]
fn an_empty_file_is_an_error() {
    assert_eq!(
        problems(""),
        vec![
            "fixture.ron:1:1: error: the file is empty | a scenario file starts with `Scenario(`; see scenarios/README.md"
        ]
    );
    assert_eq!(problems("  \n // only a comment\n").len(), 1);
}

#[test]
fn a_binary_file_is_an_error() {
    let d = decode("pic.ron", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap_err();
    assert_eq!(
        d.to_string(),
        "pic.ron:3:1: error: this is a binary file, not RON text (it contains a NUL byte)"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_its_place() {
    let mut bytes = b"Scenario(\n  id: \"".to_vec();
    bytes.extend([0xC4, 0xE3]); // "你" in GBK
    let d = decode("gbk.ron", bytes).unwrap_err();
    assert_eq!(
        d.to_string(),
        "gbk.ron:2:8: error: the file is not valid UTF-8 text"
    );
    assert!(d.hint.unwrap().contains("UTF-8"));
}

#[test]
fn an_enormous_file_is_refused_without_reading_it_as_ron() {
    let d = decode("big.ron", vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap_err();
    assert!(d.message.contains("files over 8 MiB are not read"), "{d}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let p = problems(&deep);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("fixture.ron:1:"), "{p:?}");
    let deep_inside = minimal().replacen(
        "objectives: [",
        &format!("objectives: [{}", "(".repeat(50_000)),
        1,
    );
    assert!(!problems(&deep_inside).is_empty());
}

#[test]
fn truncated_files_are_errors_at_every_cut() {
    let text = minimal();
    let cat = catalogue();
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let (s, d) = complaint_dojo::scenario::load_str("cut.ron", &text[..cut], &cat);
            assert!(
                s.is_none() && d.iter().any(|d| d.is_error()),
                "cut at {cut} was accepted"
            );
        }
        cut += 7;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let _ = load(&s);
    }

    #[test]
    fn mangled_scenarios_never_panic(pos in 0usize..2000, junk in "[\\[\\](){}:,\"a-z0-9 ]{0,6}") {
        let text = minimal();
        let mut at = pos.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mangled = format!("{}{}{}", &text[..at], junk, &text[at..]);
        let (_, d) = load(&mangled);
        for d in d {
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
    }
}

#[test]
fn a_catalogue_effect_out_of_range_is_an_error_at_its_entry() {
    use complaint_dojo::catalogue::check;
    let text = check::BUNDLED.replacen(
        "impact: (empathy: 3, mood: 4, trust: 2)",
        "impact: (empathy: 3, mood: 5000, trust: 2)",
        1,
    );
    let line = text[..text.find("mood: 5000").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let d = check::load_str("catalogue.ron", &text).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].message, "effect `mood: 5000` is out of range");
    assert_eq!(d[0].line, line);
    assert_eq!(d[0].hint.as_deref(), Some("effects run from -100 to 100"));
}

#[test]
fn a_reply_effect_of_i32_max_is_an_error_not_a_wrap_around() {
    let text = minimal().replacen(
        r#"techniques: ["offer_options"], next"#,
        r#"techniques: ["offer_options"], effects: (mood: 2147483647, legal: -2147483648), next"#,
        1,
    );
    let p = problems(&text);
    assert_eq!(
        p,
        vec![
            "fixture.ron:33:94: error: effect `mood: 2147483647` is out of range | effects run from -100 to 100",
            "fixture.ron:33:113: error: effect `legal: -2147483648` is out of range | effects run from -100 to 100",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    );
}
