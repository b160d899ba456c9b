//! The screens as plain egui code over the [`Model`]: no Bevy here, so
//! the same functions run in the window and in egui_kittest tests.

pub mod briefing;
pub mod class;
pub mod debrief;
pub mod face;
pub mod history;
pub mod library;
pub mod live;
pub mod map;
pub mod play;
pub mod style;
pub mod title;

use egui::{Color32, FontData, FontDefinitions, FontFamily, RichText};

use super::model::{Model, Screen};
use crate::catalogue::Catalogue;
use crate::course::Text;
use crate::sim::NoteKind;

/// The CJK font shipped in `assets/fonts/` (Droid Sans Fallback, Apache-2.0).
pub const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/DroidSansFallbackFull.ttf");

/// The symbol blocks of DejaVu Sans (℃, arrows, maths, shapes) that neither egui's fonts nor
/// the CJK font have (see `assets/fonts/README.md`).
pub const SYMBOL_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Symbols.ttf");

/// Installs the fonts: egui's Latin font first, then the CJK font, then the symbol font,
/// then egui's emoji fonts. The CJK font must come before the emoji fonts: egui's icon
/// font also has the full-width punctuation （，？）, in a heavy style that stood out in
/// Chinese text. Neither Chinese nor a symbol such as ℃ ever shows as a box.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}

/// The fonts [`install_fonts`] installs, in fallback order per family.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, data) in [
        ("droid-sans-fallback", CJK_FONT),
        ("dejavu-sans-symbols", SYMBOL_FONT),
    ] {
        fonts.font_data.insert(
            name.into(),
            std::sync::Arc::new(FontData::from_static(data)),
        );
    }
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        // After the family's own first font (Ubuntu Light, or Hack for monospace).
        let at = list.len().min(1);
        list.splice(
            at..at,
            [
                "droid-sans-fallback".to_string(),
                "dejavu-sans-symbols".into(),
            ],
        );
    }
    fonts
}

/// The product's look: light, calm, readable on a projector.
pub fn install_style(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 6.0);
        for (text_style, size) in [
            (egui::TextStyle::Body, 16.0),
            (egui::TextStyle::Button, 16.0),
            (egui::TextStyle::Heading, 24.0),
            (egui::TextStyle::Small, 13.0),
        ] {
            if let Some(f) = style.text_styles.get_mut(&text_style) {
                f.size = size;
            }
        }
    });
}

/// Draws the current screen over the whole viewport of `ctx`, on a calm background. The
/// window and the UI tests both go through here.
pub fn show_root(ctx: &egui::Context, m: &mut Model) {
    m.lrs.poll();
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(Color32::from_rgb(244, 246, 250))
                .inner_margin(8.0),
        )
        .show(&mut root, |ui| show(ui, m));
    fade_in(ctx, m);
    m.persist();
}

/// The "leave?" question as a modal: `keys` are its title, body and confirm button (the
/// cancel button is shared). Returns `Some(true)` to leave, `Some(false)` to stay (cancel,
/// Esc or a click outside), `None` while it waits.
pub fn leave_modal(ui: &mut egui::Ui, m: &Model, id: &str, keys: [&str; 3]) -> Option<bool> {
    let [title, body, confirm] = keys;
    let mut leave = false;
    let mut stay = false;
    let response = egui::Modal::new(egui::Id::new(id)).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(m.t(title));
        ui.label(m.t(body));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            leave = ui.button(m.t(confirm)).clicked();
            stay = ui.button(m.t("play-leave-cancel")).clicked();
        });
    });
    if leave {
        Some(true)
    } else if stay || response.should_close() {
        Some(false)
    } else {
        None
    }
}

/// The three rubrics' colours (情, 理, 法) wherever scores are drawn as bars.
pub const RUBRIC_COLOURS: [Color32; 3] = [
    Color32::from_rgb(220, 110, 90),
    Color32::from_rgb(80, 130, 200),
    Color32::from_rgb(90, 160, 100),
];

/// The colour of a public-opinion stage: grey-blue while latent, orange as it breaks out,
/// red at its peak, green as it declines.
pub fn stage_colour(stage: crate::course::Stage) -> Color32 {
    match stage {
        crate::course::Stage::Latent => Color32::from_rgb(110, 130, 155),
        crate::course::Stage::Outbreak => Color32::from_rgb(225, 140, 30),
        crate::course::Stage::Peak => Color32::from_rgb(195, 40, 40),
        crate::course::Stage::Decline => Color32::from_rgb(70, 145, 90),
    }
}

/// "Public opinion · Weibo": the meter's title, with where the story is told when the
/// scenario says.
pub fn opinion_title(m: &Model, s: &crate::scenario::Scenario) -> String {
    match s.opinion.as_ref().and_then(|o| o.channel.as_ref()) {
        Some(c) => format!("{} · {}", m.t("play-opinion"), tx(m, c)),
        None => m.t("play-opinion"),
    }
}

/// What the course says a stage calls for, in small italics under the meter.
pub fn stage_control(
    ui: &mut egui::Ui,
    m: &Model,
    rules: &crate::catalogue::OpinionRules,
    stage: crate::course::Stage,
) {
    if let Some(def) = rules.stage(stage) {
        ui.add(
            egui::Label::new(
                RichText::new(tx(m, &def.control))
                    .small()
                    .italics()
                    .color(Color32::DARK_GRAY),
            )
            .wrap(),
        );
    }
}

/// The four stages in a row, the current one lit in its colour, the ones reached in their
/// colour, the others grey.
pub fn stage_row(
    ui: &mut egui::Ui,
    m: &Model,
    rules: &crate::catalogue::OpinionRules,
    now: crate::course::Stage,
    reached: &[crate::course::Stage],
) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (i, stage) in crate::course::Stage::ALL.iter().enumerate() {
            if i > 0 {
                ui.label(RichText::new("›").small().color(Color32::GRAY));
            }
            let name = tx(m, &rules.stage_name(*stage)).to_string();
            let text = if *stage == now {
                RichText::new(format!(" {name} "))
                    .strong()
                    .color(Color32::WHITE)
                    .background_color(stage_colour(*stage))
            } else if reached.contains(stage) {
                RichText::new(name).color(stage_colour(*stage))
            } else {
                RichText::new(name).color(Color32::GRAY)
            };
            ui.label(text.small());
        }
    });
}

/// One row for a scenario with a public-opinion meter: where the story is told, its heat,
/// and the four stages with the current one lit (the class projector shows it above the
/// conversation). Nothing for a scenario without a meter.
pub fn opinion_row(ui: &mut egui::Ui, m: &Model, session: &crate::sim::Session) {
    let engine = session.engine();
    if engine.scenario().opinion.is_none() {
        return;
    }
    let rules = &engine.catalogue().opinion;
    let state = session.state();
    ui.horizontal_wrapped(|ui| {
        let title = opinion_title(m, engine.scenario());
        ui.label(
            RichText::new(format!("{title}  {} {}", m.t("play-heat"), state.heat))
                .strong()
                .color(stage_colour(state.stage)),
        );
        share_bar(
            ui,
            egui::vec2(120.0, 10.0),
            state.heat,
            stage_colour(state.stage),
        );
        stage_row(ui, m, rules, state.stage, &state.stages_reached());
    });
}

/// A bar of `size` filled to `percent` (0–100) in `colour` on grey: a rubric share at a
/// glance.
pub fn share_bar(ui: &mut egui::Ui, size: egui::Vec2, percent: u8, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, Color32::from_gray(226));
    let mut filled = rect;
    filled.set_width(rect.width() * f32::from(percent.min(100)) / 100.0);
    painter.rect_filled(filled, 3.0, colour);
}

/// Seconds a new screen takes to fade in.
const FADE: f64 = 0.22;

/// A new screen fades in from the background colour; afterwards nothing is drawn and no
/// frame is asked for.
fn fade_in(ctx: &egui::Context, m: &Model) {
    let t = (m.now - m.entered) / FADE;
    if !(0.0..1.0).contains(&t) {
        return;
    }
    let alpha = ((1.0 - t) * 200.0) as u8;
    ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("fade"),
    ))
    .rect_filled(
        ctx.content_rect(),
        0.0,
        Color32::from_rgba_unmultiplied(244, 246, 250, alpha),
    );
    ctx.request_repaint();
}

/// Draws the current screen into `ui`.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    m.now = ui.input(|i| i.time);
    live::panel(ui, m);
    match m.screen {
        Screen::Title => title::show(ui, m),
        Screen::Library => library::show(ui, m),
        Screen::Briefing => briefing::show(ui, m),
        Screen::Play => play::show(ui, m),
        Screen::Debrief => debrief::show(ui, m),
        Screen::Class => class::show(ui, m),
        Screen::History => history::show(ui, m),
        Screen::Style => style::show(ui, m),
        Screen::Map => map::show(ui, m),
    }
}

/// Scenario text in the current language.
pub fn tx<'a>(m: &Model, t: &'a Text) -> &'a str {
    t.get(m.settings.lang)
}

/// A glossary name in the current language.
pub fn gloss<K: Ord + Copy + std::fmt::Display>(
    m: &Model,
    map: &std::collections::BTreeMap<K, Text>,
    key: K,
) -> String {
    Catalogue::name_of(map, key)
        .get(m.settings.lang)
        .to_string()
}

/// A section heading.
pub fn section(ui: &mut egui::Ui, title: String) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(title)
            .strong()
            .color(Color32::from_rgb(40, 70, 120)),
    );
}

pub use crate::locale::note_kind_key;

/// Says that the analysis behind this screen's figures is partial (amber), on the
/// briefing and the debrief alike.
pub fn partial_analysis_note(ui: &mut egui::Ui, m: &Model) {
    ui.label(RichText::new(m.t("analysis-partial")).color(Color32::from_rgb(170, 90, 0)));
}

/// Green for good, red for bad.
pub fn tone(positive: bool) -> Color32 {
    if positive {
        Color32::from_rgb(30, 120, 60)
    } else {
        Color32::from_rgb(180, 40, 40)
    }
}

/// Shows a list of scored notes with their rubric deltas.
pub fn notes(ui: &mut egui::Ui, m: &Model, notes: &[crate::sim::Note]) {
    for n in notes {
        let i = n.impact;
        let good = i.empathy + i.expectation + i.legal >= 0
            && !matches!(
                n.kind,
                NoteKind::Mistake
                    | NoteKind::LegalBreached
                    | NoteKind::ExpectationMissed
                    | NoteKind::Memory
            );
        ui.horizontal_wrapped(|ui| {
            let head = format!("{} · {}", m.t(note_kind_key(n.kind)), tx(m, &n.name));
            if n.voided {
                // Struck through and grey: it would have earned credit, but the reply
                // also turned against the customer or gave in.
                ui.label(RichText::new(head).strong().strikethrough().weak());
                ui.label(RichText::new(m.t("note-voided")).small().color(tone(false)));
            } else {
                ui.label(RichText::new(head).strong().color(tone(good)));
            }
            if i.empathy != 0 || i.expectation != 0 || i.legal != 0 {
                // One piece: moves to the next row whole rather than breaking.
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "情 {:+}  理 {:+}  法 {:+}",
                            i.empathy, i.expectation, i.legal
                        ))
                        .monospace(),
                    )
                    .wrap_mode(egui::TextWrapMode::Extend),
                );
            }
            // In a public-opinion crisis, what the move did to the story (the engine leaves
            // the heat out where there is no meter).
            if i.heat != 0 {
                let colour = if i.heat > 0 {
                    stage_colour(crate::course::Stage::Peak)
                } else {
                    stage_colour(crate::course::Stage::Decline)
                };
                ui.label(
                    RichText::new(format!("{} {:+}", m.t("play-heat"), i.heat))
                        .monospace()
                        .color(colour),
                );
            }
        });
        let fb = tx(m, &n.feedback);
        if !fb.is_empty() {
            ui.label(RichText::new(fb).small());
        }
    }
}
