//! What live reload has to say, along the bottom of the library, the briefing and the game:
//! what the last reload did to the game in progress (until dismissed), and the errors of
//! the files as saved, each with file:line:column and its hint. On the library every file's
//! problems are listed; on the briefing and in the game only the scenario's own.

use egui::{Color32, RichText};

use super::super::model::{Model, Screen};

/// Most problems listed per file (the rest are counted).
const SHOWN_PER_FILE: usize = 8;

/// One problem as shown: `file:line:column: severity: message`, and its hint.
type Problem = (String, Option<String>);

/// Draws the live-reload panel when there is something to say.
pub fn panel(ui: &mut egui::Ui, m: &mut Model) {
    let scenario = match m.screen {
        Screen::Library => None,
        Screen::Briefing => m
            .selected
            .and_then(|i| m.cards.get(i))
            .map(|c| c.path.clone()),
        Screen::Play => m.game.as_ref().and_then(|g| g.file.clone()),
        _ => return,
    };
    let shown = |d: &crate::source::Diagnostic| (d.to_string(), d.hint.clone());
    // The catalogue scores every scenario: its errors show everywhere.
    let catalogue: Vec<Problem> = m
        .live
        .catalogue_problems
        .iter()
        .filter(|d| d.is_error())
        .map(shown)
        .collect();
    let mut problems: Vec<(String, Vec<Problem>)> = m
        .library_problems()
        .into_iter()
        .filter(|(c, _)| m.screen == Screen::Library || Some(&c.path) == scenario.as_ref())
        .map(|(c, ds)| (c.label(), ds.into_iter().map(shown).collect()))
        .collect();
    if !catalogue.is_empty() {
        problems.insert(0, (String::new(), catalogue));
    }
    if m.live.notice.is_none() && problems.is_empty() {
        return;
    }
    // In the game the notice floats over the empty foot of the hint column, so the
    // customer, the ladder and the replies keep their room; elsewhere it is a bottom panel.
    if m.screen == Screen::Play {
        egui::Area::new(egui::Id::new("live-reload-float"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(290.0);
                    contents(ui, m, &problems, false);
                });
            });
        return;
    }
    let open = m.screen == Screen::Library;
    egui::Panel::bottom("live-reload").show(ui, |ui| contents(ui, m, &problems, open));
}

/// The notice (with its OK) and the problems under a heading, open or folded.
fn contents(ui: &mut egui::Ui, m: &mut Model, problems: &[(String, Vec<Problem>)], open: bool) {
    ui.add_space(4.0);
    if let Some(notice) = m.live.notice.clone() {
        egui::Frame::new()
            .fill(Color32::from_rgb(255, 246, 214))
            .corner_radius(6.0)
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(notice).color(Color32::from_rgb(90, 60, 0)));
                    if ui.button(m.t("live-dismiss")).clicked() {
                        m.live.notice = None;
                    }
                });
            });
    }
    if problems.is_empty() {
        return;
    }
    let count: usize = problems.iter().map(|(_, ds)| ds.len()).sum();
    let title = m
        .i18n
        .t_args(m.settings.lang, "live-problems", &[("n", count.into())]);
    egui::CollapsingHeader::new(RichText::new(title).color(Color32::from_rgb(170, 30, 30)))
        .id_salt("live-problems")
        .default_open(open)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("live-problems-scroll")
                .max_height(180.0)
                .show(ui, |ui| {
                    for (_, ds) in problems {
                        for (d, hint) in ds.iter().take(SHOWN_PER_FILE) {
                            ui.label(
                                RichText::new(d)
                                    .monospace()
                                    .small()
                                    .color(Color32::from_rgb(150, 20, 20)),
                            );
                            if let Some(h) = hint {
                                ui.label(RichText::new(format!("    = {h}")).small());
                            }
                        }
                        if ds.len() > SHOWN_PER_FILE {
                            ui.label(
                                RichText::new(format!("    … +{}", ds.len() - SHOWN_PER_FILE))
                                    .small(),
                            );
                        }
                    }
                });
        });
}
