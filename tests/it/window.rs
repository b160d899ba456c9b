//! The real window, as a person would check it: the scripted run plays a scenario from the
//! title screen to the debrief under Xvfb (Mesa's software Vulkan), in both languages; the
//! screenshots must not be blank and the customer's face must change between a calm and an
//! angry moment. Needs `xvfb-run` and `mesa-vulkan-drivers` (`.ci/run` installs them).

use std::path::Path;
use std::process::Command;

use crate::common::root;

fn rgb(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

fn distinct_colours(px: &[u8]) -> usize {
    let mut set = std::collections::HashSet::new();
    for p in px.chunks(3) {
        set.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
    }
    set.len()
}

fn region(img: &(u32, u32, Vec<u8>), r: [u32; 4]) -> Vec<u8> {
    let (w, _, px) = img;
    let mut out = Vec::new();
    for y in r[1]..r[3] {
        for x in r[0]..r[2] {
            let i = ((y * w + x) * 3) as usize;
            out.extend_from_slice(&px[i..i + 3]);
        }
    }
    out
}

/// Needs Xvfb and Mesa's software Vulkan, so a plain `cargo test` on a laptop skips it; CI
/// runs it with `cargo test -- --include-ignored`.
#[test]
#[ignore = "needs xvfb-run and mesa-vulkan-drivers; CI runs it with --include-ignored"]
fn the_scripted_window_run_screenshots_every_screen_in_both_languages() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        panic!("xvfb-run is missing: apt-get install xvfb mesa-vulkan-drivers (see .ci/run)");
    }
    let dir = std::env::temp_dir().join(format!("dojo-window-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // A typed play-through: the run plays the scenario once more by typing (free reply).
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/understand/route-telecom.ron"),
        dir.join("typed.ron"),
    )
    .unwrap();
    let out = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1280x720x24",
            "env",
            "WGPU_BACKEND=vulkan",
        ])
        .arg(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--autoplay", "telecom-data-charge", "--screenshots"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "autoplay failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let screens = [
        "01-title",
        "02-tutorial",
        "03-leave-dialog",
        "04-library",
        "05-briefing",
        "06-play-calm",
        "07-play-angry",
        "08-play-hint",
        "09-play-ending",
        "10-debrief",
        "11-assessment",
        "12-class-ready",
        "13-class-tie",
        "14-class-reveal",
        "15-class-over",
        "16-history",
        "17-history-debrief",
        "18-title-trainee",
        "19-style-quiz",
        "20-style-blend",
        "21-map",
        "22-map-preview",
        "23-preview-play",
        "24-play-group",
        "25-free-typing",
        "26-free-did-you-mean",
        "27-free-feedback",
        "28-free-ending",
        "29-free-debrief",
        "scale2-01-title",
        "scale2-19-style-quiz",
        "scale2-20-style-blend",
        "scale2-04-library",
        "scale2-05-briefing",
        "scale2-22-map-preview",
        "scale2-08-play-hint",
        "scale2-10-debrief",
        "scale2-11-assessment",
        "scale2-14-class-reveal",
        "scale2-15-class-over",
    ];
    for lang in ["zh", "en"] {
        for s in screens {
            let path = dir.join(format!("{lang}-{s}.png"));
            assert!(path.exists(), "{} was not saved", path.display());
            let (w, h, px) = rgb(&path);
            assert_eq!((w, h), (1280, 720), "{s}");
            // A blank or single-colour frame has a handful of colours; a screen of text has many.
            assert!(distinct_colours(&px) > 40, "{lang}-{s} looks blank");
        }
        let faces: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("faces.json")).unwrap())
                .unwrap();
        let rect = |name: &str| -> [u32; 4] {
            let r = &faces[format!("{lang}-{name}")];
            [0, 1, 2, 3].map(|i| r[i].as_f64().unwrap() as u32)
        };
        let calm = region(
            &rgb(&dir.join(format!("{lang}-06-play-calm.png"))),
            rect("06-play-calm"),
        );
        let angry = region(
            &rgb(&dir.join(format!("{lang}-07-play-angry.png"))),
            rect("07-play-angry"),
        );
        assert_eq!(calm.len(), angry.len());
        let changed = calm
            .chunks(3)
            .zip(angry.chunks(3))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
            .count();
        let share = changed as f64 / (calm.len() / 3) as f64;
        assert!(
            share > 0.05,
            "{lang}: the face barely changed ({:.1}% of pixels)",
            share * 100.0
        );
    }
    // Four hot-seat classes ran (zh, en, and both at text size 2.0): each saved its report.
    let reports = std::fs::read_dir(dir.join("home").join("classes"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert_eq!(reports, 4);
    std::fs::remove_dir_all(&dir).unwrap();
}
