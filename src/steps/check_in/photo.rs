//! A check-in's optional photo: a file input behind its label, the photo made smaller
//! on the device (browser `photo`), a preview with "Remove photo", and a clear line
//! when the file cannot be sent.

use leptos::prelude::*;

use super::words;
use crate::browser::photo::{self, PhotoProblem};
use crate::html::{El, el};
use crate::state::check_in::{CheckIn, PhotoState};

/// Element id of the file input.
pub const PHOTO_ID: &str = "check-in-photo";

/// The photo field.
pub fn photo_field(ci: CheckIn) -> El {
    let input = el("input")
        .attr("type", "file")
        .id(PHOTO_ID)
        .class("visually-hidden")
        .attr("accept", "image/*")
        .attr("capture", "environment")
        .attr(
            "aria-describedby",
            "check-in-photo-hint check-in-photo-status",
        )
        .on("change", move |ev| {
            let Some(file) = photo::chosen_file(&ev) else {
                return;
            };
            photo::clear_input(&ev);
            ci.photo.set(PhotoState::Preparing);
            leptos::task::spawn_local(async move {
                ci.photo.set(match photo::prepare(&file).await {
                    Ok(p) => PhotoState::Ready(p),
                    Err(problem) => PhotoState::Refused(problem),
                });
            });
        });
    let status = move || {
        let text = ci.text();
        ci.photo.with(|p| match p {
            PhotoState::Preparing => text.photo_preparing.to_owned(),
            PhotoState::Refused(PhotoProblem::NotImage) => text.photo_not_image.to_owned(),
            PhotoState::Refused(PhotoProblem::TooLarge) => text.photo_too_large.to_owned(),
            _ => String::new(),
        })
    };
    el("div")
        .class("field check-in-photo")
        .class_when("field--invalid", move || {
            ci.photo.with(|p| matches!(p, PhotoState::Refused(_)))
        })
        .child(input)
        .child(
            el("label")
                .attr("for", PHOTO_ID)
                .class("button button--secondary photo-button")
                .text_with(words(ci.lang, |t| t.photo_label)),
        )
        .child(
            el("p")
                .class("hint")
                .id("check-in-photo-hint")
                .text_with(words(ci.lang, |t| t.photo_hint)),
        )
        .child(
            el("p")
                .class("photo-status")
                .id("check-in-photo-status")
                .attr("role", "status")
                .text_with(status),
        )
        .children_with(move || {
            let Some(url) = ci.photo.with(|p| match p {
                PhotoState::Ready(p) => Some(p.data_url.clone()),
                _ => None,
            }) else {
                return Vec::new();
            };
            vec![
                el("div")
                    .class("photo-preview")
                    .child(
                        el("img")
                            .attr("src", &url)
                            .attr_with("alt", move || Some(ci.text().photo_alt.to_owned())),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("button button--secondary")
                            .on("click", move |_| {
                                ci.photo.set(PhotoState::None);
                                crate::browser::dom::focus_and_reveal(PHOTO_ID);
                            })
                            .text_with(words(ci.lang, |t| t.photo_remove)),
                    ),
            ]
        })
}
