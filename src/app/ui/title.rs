//! The title screen: name, language, text size and typing speed (remembered between runs),
//! the way into the library, and the guided tutorial — offered first until it has been
//! played or skipped, and replayable from here.

use egui::RichText;

use super::super::model::{Model, Screen, Settings};
use crate::course::Lang;

/// Draws the title screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("title", m.visit))
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(24.0);
                    ui.label(RichText::new(m.t("app-title")).size(44.0).strong());
                    ui.add_space(8.0);
                    ui.label(RichText::new(m.t("app-tagline")).size(18.0));
                    ui.add_space(32.0);
                    let form_width = 460.0;
                    ui.horizontal(|ui| {
                        ui.add_space(((ui.available_width() - form_width) / 2.0).max(0.0));
                        ui.vertical(|ui| form(ui, m));
                    });
                    ui.add_space(26.0);
                    ways_on(ui, m);
                    if let Some(notice) = &m.records_notice {
                        ui.add_space(16.0);
                        ui.label(RichText::new(notice).color(super::tone(false)));
                    }
                });
            });
    });
}

/// The library and the tutorial: a first-timer is offered the tutorial first.
fn ways_on(ui: &mut egui::Ui, m: &mut Model) {
    let has_tutorial = m.tutorial.is_some();
    if has_tutorial && !m.settings.tutorial_seen {
        ui.label(RichText::new(m.t("title-first-run")).size(16.0));
        ui.add_space(6.0);
        if ui
            .add(egui::Button::new(
                RichText::new(m.t("title-tutorial")).size(20.0),
            ))
            .clicked()
        {
            m.start_tutorial();
        }
        ui.add_space(6.0);
        if ui.button(m.t("title-skip-tutorial")).clicked() {
            m.settings.tutorial_seen = true;
            m.go(Screen::Library);
        }
        return;
    }
    if ui
        .add(egui::Button::new(
            RichText::new(m.t("title-continue")).size(20.0),
        ))
        .clicked()
    {
        m.go(Screen::Library);
    }
    if has_tutorial {
        ui.add_space(8.0);
        if ui.button(m.t("title-replay-tutorial")).clicked() {
            m.start_tutorial();
        }
    }
}

fn form(ui: &mut egui::Ui, m: &mut Model) {
    egui::Grid::new("title-form")
        .num_columns(2)
        .spacing([16.0, 14.0])
        .show(ui, |ui| {
            ui.label(m.t("title-name"));
            ui.vertical(|ui| profile(ui, m));
            ui.end_row();
            ui.label(m.t("title-language"));
            ui.horizontal(|ui| {
                ui.selectable_value(&mut m.settings.lang, Lang::Zh, "中文");
                ui.selectable_value(&mut m.settings.lang, Lang::En, "English");
            });
            ui.end_row();
            ui.label(m.t("title-scale"));
            let scale = applied_on_release(
                ui,
                "title-scale",
                m.settings.scale,
                Settings::SCALE,
                0.1,
                |v| format!("{v:.1}×"),
            );
            m.settings.scale = scale;
            ui.end_row();
            ui.label(m.t("title-typing"));
            let instant = m.t("title-typing-instant");
            let unit = m.t("title-typing-unit");
            m.settings.typing_cps = applied_on_release(
                ui,
                "title-typing",
                m.settings.typing_cps,
                Settings::TYPING,
                10.0,
                move |v| {
                    if v <= 0.0 {
                        instant.clone()
                    } else {
                        format!("{v:.0} {unit}")
                    }
                },
            );
            ui.end_row();
        });
}

/// The trainee: a name typed (a new trainee) or picked from those with records, and, for
/// one with records, rename and delete (which asks first).
fn profile(ui: &mut egui::Ui, m: &mut Model) {
    use super::super::model::ProfileEdit;
    let name = m.settings.name.trim().to_string();
    let known = m.trainees.iter().any(|t| t.name == name);
    match m.profile_edit.clone() {
        Some(ProfileEdit::Rename { from, mut to }) => {
            ui.horizontal(|ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut to)
                        .char_limit(crate::records::store::MAX_NAME)
                        .desired_width(180.0),
                );
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(m.t("title-profile-save")).clicked() || enter {
                    m.apply_profile_edit(ProfileEdit::Rename {
                        from: from.clone(),
                        to: to.clone(),
                    });
                } else if ui.button(m.t("title-profile-cancel")).clicked() {
                    m.profile_edit = None;
                    m.profile_error = None;
                } else {
                    m.profile_edit = Some(ProfileEdit::Rename { from, to });
                }
            });
        }
        _ => {
            ui.horizontal(|ui| {
                let hint = m.t("title-name-hint");
                ui.add(
                    egui::TextEdit::singleline(&mut m.settings.name)
                        .hint_text(hint)
                        .char_limit(crate::records::store::MAX_NAME)
                        .desired_width(180.0),
                );
                if !m.trainees.is_empty() {
                    let names: Vec<String> = m.trainees.iter().map(|t| t.name.clone()).collect();
                    egui::ComboBox::from_id_salt("title-trainees")
                        .selected_text(m.t("title-profile-pick"))
                        .show_ui(ui, |ui| {
                            for n in names {
                                if ui.selectable_label(n == name, &n).clicked() {
                                    m.settings.name = n;
                                }
                            }
                        });
                }
            });
            ui.horizontal(|ui| {
                if known {
                    // The belt beside the name, worked out once per trainee shown.
                    if m.title_belt.as_ref().is_none_or(|(who, _)| *who != name) {
                        let belt = m.progress_of(&name).belt;
                        m.title_belt = Some((name.clone(), belt));
                    }
                    if let Some((_, Some(belt))) = &m.title_belt {
                        ui.label(
                            RichText::new(belt.name.get(m.settings.lang))
                                .strong()
                                .small(),
                        );
                    }
                    let sessions = m
                        .trainees
                        .iter()
                        .find(|t| t.name == name)
                        .map_or(0, |t| t.sessions);
                    ui.label(
                        RichText::new(m.i18n.t_args(
                            m.settings.lang,
                            "title-profile-sessions",
                            &[("n", sessions.into())],
                        ))
                        .small(),
                    );
                    if ui.small_button(m.t("title-profile-rename")).clicked() {
                        m.profile_edit = Some(ProfileEdit::Rename {
                            from: name.clone(),
                            to: name.clone(),
                        });
                    }
                    if ui.small_button(m.t("title-profile-delete")).clicked() {
                        m.profile_edit = Some(ProfileEdit::Delete(name.clone()));
                    }
                } else if !name.is_empty()
                    && m.records.is_some()
                    && ui.small_button(m.t("title-profile-create")).clicked()
                {
                    m.create_trainee();
                }
                if m.records.is_some() {
                    // The style self-reflection, with the leading style once taken.
                    let mut label = m.t("style-open");
                    if let Some(kept) = m.style() {
                        let leads: Vec<String> = kept
                            .blend
                            .leading()
                            .iter()
                            .map(|d| d.letter().to_string())
                            .collect();
                        label = format!("{label} · {}", leads.join("/"));
                    }
                    if ui.small_button(label).clicked() {
                        m.open_style(Screen::Title);
                    }
                }
            });
        }
    }
    if let Some(e) = &m.profile_error {
        ui.label(RichText::new(e).color(super::tone(false)).small());
    }
    if let Some(ProfileEdit::Delete(who)) = m.profile_edit.clone() {
        let sessions = m
            .trainees
            .iter()
            .find(|t| t.name == who)
            .map_or(0, |t| t.sessions);
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::new("delete-trainee")).show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.heading(m.i18n.t_args(
                m.settings.lang,
                "title-profile-delete-title",
                &[("name", who.clone().into())],
            ));
            ui.label(m.i18n.t_args(
                m.settings.lang,
                "title-profile-delete-body",
                &[("n", sessions.into())],
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(m.t("title-profile-delete-confirm")).clicked() {
                    answer = Some(true);
                }
                if ui.button(m.t("title-profile-cancel")).clicked() {
                    answer = Some(false);
                }
            });
        });
        if response.should_close() && answer.is_none() {
            answer = Some(false);
        }
        match answer {
            Some(true) => m.apply_profile_edit(ProfileEdit::Delete(who)),
            Some(false) => m.profile_edit = None,
            None => {}
        }
    }
}

/// A slider whose value takes effect when the pointer lets go (or a key moves it), not
/// while dragging: the text size rescales the whole window, and rescaling under the
/// pointer would move the slider away from it.
fn applied_on_release(
    ui: &mut egui::Ui,
    id: &str,
    value: f32,
    range: std::ops::RangeInclusive<f32>,
    step: f64,
    shown: impl Fn(f32) -> String,
) -> f32 {
    ui.horizontal(|ui| slider_on_release(ui, id, value, range, step, shown))
        .inner
}

fn slider_on_release(
    ui: &mut egui::Ui,
    id: &str,
    value: f32,
    range: std::ops::RangeInclusive<f32>,
    step: f64,
    shown: impl Fn(f32) -> String,
) -> f32 {
    let id = ui.id().with(id);
    let mut draft: f32 = ui.data(|d| d.get_temp(id)).unwrap_or(value);
    let response = ui.add(
        egui::Slider::new(&mut draft, range)
            .step_by(step)
            .show_value(false),
    );
    let response = response.on_hover_text(shown(draft));
    let applied = if response.dragged() {
        ui.data_mut(|d| d.insert_temp(id, draft));
        value
    } else {
        ui.data_mut(|d| d.remove::<f32>(id));
        if response.drag_stopped() || response.changed() {
            draft
        } else {
            value
        }
    };
    ui.label(shown(draft));
    applied
}
