//! The style self-reflection: the questionnaire (in each block of four words, the one most
//! and the one least like the trainee), then the blend it gives — the four styles as bars,
//! what the leading style brings and what to watch for, and the advice on that style against
//! each type of customer. The screen says first, every time, that this is a reflection aid
//! and not a validated psychometric test.

use egui::{Color32, RichText};

use super::super::model::Model;
use super::{gloss, section};
use crate::course::Disc;
use crate::records::style::reflection;

/// A colour for each DISC style, in [`Disc::ALL`] order.
pub const DISC_COLOURS: [Color32; 4] = [
    Color32::from_rgb(200, 80, 70),
    Color32::from_rgb(230, 160, 40),
    Color32::from_rgb(80, 160, 110),
    Color32::from_rgb(70, 110, 190),
];

/// Draws the style self-reflection.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    let lang = m.settings.lang;
    egui::Panel::top("style-top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(m.t("style-back")).clicked() {
                m.style_quiz = None;
                m.go(m.style_from);
            }
            let who = m.trainee();
            ui.heading(m.i18n.t_args(lang, "style-title", &[("name", who.into())]));
        });
        ui.add_space(4.0);
    });
    if m.style_quiz.is_some() {
        egui::Panel::bottom("style-actions").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let (done, of) = m.style_answered();
                let see = ui.add_enabled(
                    done == of && of > 0,
                    egui::Button::new(RichText::new(m.t("style-see")).strong()),
                );
                if see.clicked() {
                    m.save_style();
                }
                if ui.button(m.t("style-cancel")).clicked() {
                    m.style_quiz = None;
                    m.style_error = None;
                    if m.style().is_none() {
                        m.go(m.style_from);
                    }
                }
                ui.label(m.i18n.t_args(
                    lang,
                    "style-answered",
                    &[("n", done.into()), ("of", of.into())],
                ));
            });
            ui.add_space(6.0);
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("style", m.visit, m.style_quiz.is_some()))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                disclaimer(ui, m);
                if let Some(e) = &m.style_error {
                    ui.label(RichText::new(e).color(super::tone(false)));
                }
                if m.style_quiz.is_some() {
                    questionnaire(ui, m);
                } else {
                    blend(ui, m);
                }
            });
    });
}

/// The reflection-aid notice, framed, at the top of every view.
fn disclaimer(ui: &mut egui::Ui, m: &Model) {
    egui::Frame::new()
        .fill(Color32::from_rgb(250, 245, 225))
        .stroke(egui::Stroke::new(1.0, Color32::from_rgb(210, 190, 120)))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(m.t("style-disclaimer")).color(Color32::from_rgb(90, 70, 20)));
        });
    ui.add_space(6.0);
}

/// The blocks, as many side by side as fit.
fn questionnaire(ui: &mut egui::Ui, m: &mut Model) {
    let lang = m.settings.lang;
    ui.label(m.t("style-how"));
    ui.add_space(6.0);
    let blocks = &reflection().blocks;
    let columns = ((ui.available_width() / 330.0).floor() as usize).clamp(1, 3);
    let heads = [m.t("style-most"), m.t("style-least")];
    let mut picked = None;
    let quiz = m.style_quiz.clone().unwrap_or_default();
    for (row, chunk) in blocks.chunks(columns).enumerate() {
        ui.columns(columns, |cols| {
            for (c, block) in chunk.iter().enumerate() {
                let k = row * columns + c;
                let ui = &mut cols[c];
                let answer = quiz.get(k).copied().unwrap_or([None, None]);
                let complete = answer[0].is_some() && answer[1].is_some();
                egui::Frame::group(ui.style())
                    .fill(if complete {
                        Color32::from_rgb(238, 246, 238)
                    } else {
                        Color32::TRANSPARENT
                    })
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        egui::Grid::new(("style-block", k))
                            .num_columns(3)
                            .spacing([14.0, 4.0])
                            .show(ui, |ui| {
                                ui.label(RichText::new(format!("{}", k + 1)).weak());
                                for h in &heads {
                                    ui.label(RichText::new(h).small().strong());
                                }
                                ui.end_row();
                                for (w, word) in block.words.iter().enumerate() {
                                    ui.label(RichText::new(word.text.get(lang)).size(16.0));
                                    for (least, chosen) in [(false, answer[0]), (true, answer[1])] {
                                        let on = chosen == Some(w);
                                        let radio = ui.radio(on, "");
                                        // Named for screen readers: "patient · Most like me".
                                        let name = format!(
                                            "{} · {}",
                                            word.text.get(lang),
                                            heads[usize::from(least)]
                                        );
                                        radio.widget_info(|| {
                                            egui::WidgetInfo::selected(
                                                egui::WidgetType::RadioButton,
                                                true,
                                                on,
                                                &name,
                                            )
                                        });
                                        if radio.clicked() {
                                            picked = Some((k, w, least));
                                        }
                                    }
                                    ui.end_row();
                                }
                            });
                    });
            }
        });
        ui.add_space(6.0);
    }
    if let Some((k, w, least)) = picked {
        m.pick_style_word(k, w, least);
    }
}

/// The kept blend: bars, the leading style, and the advice against each type of customer.
fn blend(ui: &mut egui::Ui, m: &mut Model) {
    let lang = m.settings.lang;
    let Some(kept) = m.style() else {
        ui.label(m.t("style-none-yet"));
        if ui.button(m.t("style-start")).clicked() {
            m.retake_style();
        }
        return;
    };
    section(
        ui,
        format!(
            "{}  ({})",
            m.t("style-blend"),
            m.i18n.t_args(
                lang,
                "style-taken",
                &[("when", crate::records::local_time(kept.taken_ms).into())]
            )
        ),
    );
    let leading = kept.blend.leading();
    egui::Grid::new("style-blend")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (k, &d) in Disc::ALL.iter().enumerate() {
                let name = RichText::new(gloss(m, &m.catalogue.glossary.disc, d));
                ui.label(if leading.contains(&d) {
                    name.strong()
                } else {
                    name
                });
                super::share_bar(
                    ui,
                    egui::vec2(260.0, 16.0),
                    kept.blend.share(d),
                    DISC_COLOURS[k],
                );
                ui.label(format!("{}%", kept.blend.share(d)));
                ui.end_row();
            }
        });
    for &d in &leading {
        let Some(own) = reflection().style(d) else {
            continue;
        };
        section(ui, gloss(m, &m.catalogue.glossary.disc, d));
        for (key, text, colour) in [
            ("style-strengths", &own.strengths, super::tone(true)),
            ("style-watch", &own.watch, Color32::from_rgb(150, 90, 20)),
        ] {
            let line = m
                .i18n
                .t_args(lang, key, &[("text", text.get(lang).to_string().into())]);
            ui.label(RichText::new(line).color(colour));
        }
    }
    section(ui, m.t("style-against"));
    // One row per type of customer: its name, then the advice for each leading style.
    let name_width = Disc::ALL
        .iter()
        .map(|&d| {
            let galley = ui.painter().layout_no_wrap(
                gloss(m, &m.catalogue.glossary.disc, d),
                egui::TextStyle::Body.resolve(ui.style()),
                Color32::BLACK,
            );
            galley.size().x
        })
        .fold(0.0, f32::max);
    for &customer in Disc::ALL {
        ui.horizontal(|ui| {
            ui.add_sized(
                [name_width + 12.0, 18.0],
                egui::Label::new(
                    RichText::new(gloss(m, &m.catalogue.glossary.disc, customer)).strong(),
                ),
            );
            ui.vertical(|ui| {
                for a in reflection().advice_for(&kept.blend, customer) {
                    let text = if leading.len() > 1 {
                        format!("{} · {}", a.trainee.letter(), a.text.get(lang))
                    } else {
                        a.text.get(lang).to_string()
                    };
                    ui.add(egui::Label::new(text).wrap());
                }
            });
        });
        ui.add_space(4.0);
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui.button(m.t("style-retake")).clicked() {
            m.retake_style();
        }
        if ui.button(m.t("style-clear")).clicked() {
            m.clear_style();
        }
    });
}
