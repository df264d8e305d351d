//! Signing: a pad drawn with a finger, stylus or mouse, or a typed name for those
//! who cannot or would rather not draw (WCAG 2.5.7), and the printed name.
//!
//! The pad keeps strokes, never pixels (the core's [`Pad`]): its backing store is
//! sized to the element times `devicePixelRatio` for sharp ink, and whenever the
//! element changes size (a rotation, the address bar hiding) it is redrawn from the
//! strokes. Pointer capture and `touch-action: none` keep a stroke on the pad
//! instead of scrolling the page.

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::signature::{Pad, smooth};
use candor_core::signing::{SignatureInput, Signing};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{TextBoxSpec, text_box};
use crate::html::{El, el};
use crate::state::{IssueKey, Visit};

/// Element id of the pad, where focus goes when the signature is missing.
pub const PAD_ID: &str = "signature-pad";
/// Element id of the typed-name box.
pub const TYPED_ID: &str = "signature-typed";
/// Element id of the printed-name box.
pub const NAME_ID: &str = "signature-name";
/// Element id of the guardian's relationship box.
pub const RELATIONSHIP_ID: &str = "signature-relationship";

/// The signature being made on one consent.
#[derive(Clone)]
pub struct Signature {
    pad: Rc<RefCell<Pad>>,
    /// Typing a name instead of drawing.
    pub typing: RwSignal<bool>,
    /// The typed name.
    pub typed: RwSignal<String>,
    /// The printed name of whoever signs.
    pub printed_name: RwSignal<String>,
    /// The guardian's relationship to the patient, for a minor.
    pub relationship: RwSignal<String>,
}

impl Signature {
    /// Runs `f` with what the signer gave, as the core reads it: the drawn strokes or
    /// the typed name, the printed name and, for a minor, the guardian's relationship.
    /// Whether that is enough to sign is the core's decision, not the pad's.
    pub fn with_signing<R>(&self, minor: bool, f: impl FnOnce(&Signing) -> R) -> R {
        let pad = self.pad.borrow();
        let typed = self.typed.get_untracked();
        let printed = self.printed_name.get_untracked();
        let relationship = self.relationship.get_untracked();
        let signature = if self.typing.get_untracked() {
            SignatureInput::Typed(&typed)
        } else {
            SignatureInput::Drawn(&pad)
        };
        f(&Signing {
            signature,
            printed_name: &printed,
            guardian_relationship: minor.then_some(relationship.as_str()),
        })
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Sizes the backing store to the element and draws every stroke again.
fn redraw(canvas: &HtmlCanvasElement, pad: &Pad) {
    let (w, h) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (bw, bh) = ((w * ratio).round() as u32, (h * ratio).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    let Some(ctx) = context(canvas) else { return };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w, h);
    let colour = web_sys::window()
        .and_then(|win| win.get_computed_style(canvas).ok().flatten())
        .and_then(|style| style.get_property_value("color").ok())
        .unwrap_or_else(|| "#000".into());
    ctx.set_stroke_style_str(&colour);
    ctx.set_fill_style_str(&colour);
    ctx.set_line_width(2.5);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    for line in pad.polylines(w, h) {
        let Some(first) = line.first() else { continue };
        ctx.begin_path();
        if line.len() == 1 {
            let _ = ctx.arc(first.0, first.1, 1.5, 0.0, std::f64::consts::TAU);
            ctx.fill();
            continue;
        }
        ctx.move_to(first.0, first.1);
        for (control, end) in smooth(&line) {
            ctx.quadratic_curve_to(control.0, control.1, end.0, end.1);
        }
        ctx.stroke();
    }
}

/// Draws only the newest piece of the stroke being drawn, with the ink settings the
/// last [`redraw`] left on the context: a finger's movement costs the same however
/// long the signature already is. The stroke's last half-segment waits for the next
/// point, or for the full redraw when the finger lifts.
fn draw_latest(canvas: &HtmlCanvasElement, pad: &Pad) {
    let (w, h) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    let tail = pad.latest_points(3, w, h);
    let Some(ctx) = context(canvas) else { return };
    let mid = |a: (f64, f64), b: (f64, f64)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let (from, control, to) = match tail.as_slice() {
        [a, b] => (*a, *a, mid(*a, *b)),
        [a, b, c] => (mid(*a, *b), *b, mid(*b, *c)),
        _ => return,
    };
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.quadratic_curve_to(control.0, control.1, to.0, to.1);
    ctx.stroke();
}

fn pointer_xy(ev: &web_sys::Event) -> Option<(f64, f64, f64)> {
    let ev = ev.dyn_ref::<web_sys::PointerEvent>()?;
    Some((
        f64::from(ev.offset_x()),
        f64::from(ev.offset_y()),
        ev.time_stamp(),
    ))
}

/// The signature block: pad or typed name, printed name, and for a minor the
/// guardian's relationship.
pub fn signature_block(minor: bool) -> (El, Signature) {
    let visit = Visit::expect();
    let legal_name = visit
        .answers
        .with_untracked(|a| a.details.legal_name.trim().to_owned());
    let signature = Signature {
        pad: Rc::new(RefCell::new(Pad::new(0, 0))),
        typing: RwSignal::new(false),
        typed: RwSignal::new(String::new()),
        printed_name: RwSignal::new(if minor { String::new() } else { legal_name }),
        relationship: RwSignal::new(String::new()),
    };
    let canvas = el("canvas")
        .id(PAD_ID)
        .class("signature-canvas")
        .attr("role", "img")
        .attr("tabindex", "-1")
        .attr_with("aria-label", move || {
            Some(visit.text().sign_pad_label.to_owned())
        });
    let node: HtmlCanvasElement = canvas.node().clone().unchecked_into();
    let pad = signature.pad.clone();
    let drawing = Rc::new(RefCell::new(false));
    let canvas = canvas
        .on("pointerdown", {
            let (pad, node, drawing) = (pad.clone(), node.clone(), drawing.clone());
            move |ev| {
                let Some((x, y, t)) = pointer_xy(&ev) else {
                    return;
                };
                ev.prevent_default();
                if let Some(p) = ev.dyn_ref::<web_sys::PointerEvent>() {
                    let _ = node.set_pointer_capture(p.pointer_id());
                }
                let mut pad = pad.borrow_mut();
                let (w, h) = (
                    f64::from(node.client_width()),
                    f64::from(node.client_height()),
                );
                if pad.strokes.is_empty() {
                    *pad = Pad::new(w.round() as u32, h.round() as u32);
                }
                let (px, py) = pad.from_view(x, y, w, h);
                pad.begin(px, py, t);
                *drawing.borrow_mut() = true;
                redraw(&node, &pad);
            }
        })
        .on("pointermove", {
            let (pad, node, drawing) = (pad.clone(), node.clone(), drawing.clone());
            move |ev| {
                if !*drawing.borrow() {
                    return;
                }
                let Some((x, y, t)) = pointer_xy(&ev) else {
                    return;
                };
                ev.prevent_default();
                let mut pad = pad.borrow_mut();
                let (px, py) = pad.from_view(
                    x,
                    y,
                    f64::from(node.client_width()),
                    f64::from(node.client_height()),
                );
                pad.extend(px, py, t);
                draw_latest(&node, &pad);
            }
        });
    let stop = {
        let (pad, drawing, node) = (pad.clone(), drawing.clone(), node.clone());
        move |_: web_sys::Event| {
            *drawing.borrow_mut() = false;
            let mut pad = pad.borrow_mut();
            pad.end();
            // The stroke's smooth end, drawn whole.
            redraw(&node, &pad);
        }
    };
    let canvas = canvas
        .on("pointerup", stop.clone())
        .on("pointercancel", stop)
        // The touches are the page's own: no scroll or fling gesture starts from a
        // stroke, so the browser does not swallow the next tap (Sign, just after a
        // fast stroke) as the tap that stops a fling.
        .on("touchstart", |ev| ev.prevent_default())
        .on("touchmove", |ev| ev.prevent_default());
    // Redraw from the strokes whenever the pad changes size (rotation, address bar),
    // for as long as the pad is shown: the observer is disconnected, and its
    // callback dropped, with the consent screen.
    {
        let (pad, node2) = (pad.clone(), node.clone());
        let observer_callback =
            Closure::<dyn FnMut(JsValue)>::new(move |_| redraw(&node2, &pad.borrow()));
        if let Ok(observer) =
            web_sys::ResizeObserver::new(observer_callback.as_ref().unchecked_ref())
        {
            observer.observe(&node);
            let held = send_wrapper::SendWrapper::new((observer, observer_callback));
            Owner::on_cleanup(move || held.0.disconnect());
        }
    }
    let tool = |label: fn(&crate::text::Text) -> &'static str, action: Rc<dyn Fn()>| {
        el("button")
            .attr("type", "button")
            .class("link-button")
            .on("click", move |_| action())
            .text_with(move || label(visit.text()).to_owned())
    };
    let undo: Rc<dyn Fn()> = {
        let (pad, node) = (pad.clone(), node.clone());
        Rc::new(move || {
            pad.borrow_mut().undo();
            redraw(&node, &pad.borrow());
        })
    };
    let clear: Rc<dyn Fn()> = {
        let (pad, node) = (pad.clone(), node.clone());
        Rc::new(move || {
            pad.borrow_mut().clear();
            redraw(&node, &pad.borrow());
        })
    };
    let typing = signature.typing;
    let drawn_part = el("div")
        .class("signature-drawn")
        .attr_with("hidden", move || typing.get().then(String::new))
        .child(canvas)
        .child(
            el("div")
                .class("signature-tools")
                .child(tool(|t| t.sign_undo, undo))
                .child(tool(|t| t.sign_clear, clear)),
        );
    let typed = signature.typed;
    let typed_part = el("div")
        .class("signature-typed")
        .attr_with("hidden", move || (!typing.get()).then(String::new))
        .child(text_box(TextBoxSpec::new(
            TYPED_ID.to_owned(),
            visit.t_with(|t| t.sign_typed_label.to_owned()),
            IssueKey::Question(String::new(), Some(usize::MAX)),
            typed.into(),
            Callback::new(move |text| typed.set(text)),
        )));
    let switch = el("button")
        .attr("type", "button")
        .class("button button--secondary")
        .on("click", move |_| typing.update(|t| *t = !*t))
        .text_with(move || {
            if typing.get() {
                visit.text().sign_draw
            } else {
                visit.text().sign_type_instead
            }
            .to_owned()
        });
    let printed = signature.printed_name;
    let mut name = TextBoxSpec::new(
        NAME_ID.to_owned(),
        visit.t_with(|t| t.sign_printed_name.to_owned()),
        IssueKey::Question(String::new(), Some(usize::MAX)),
        printed.into(),
        Callback::new(move |text| printed.set(text)),
    );
    name.autocomplete = "name";
    let mut block = el("fieldset")
        .class("field signature")
        .child(el("legend").text_with(move || visit.text().sign_heading.to_owned()))
        .child(drawn_part)
        .child(typed_part)
        .child(switch);
    if minor {
        let relationship = signature.relationship;
        block = block
            .child(
                el("p")
                    .class("hint")
                    .text_with(move || visit.text().guardian_heading.to_owned()),
            )
            .child(text_box(TextBoxSpec::new(
                RELATIONSHIP_ID.to_owned(),
                visit.t_with(|t| t.guardian_relationship.to_owned()),
                IssueKey::Question(String::new(), Some(usize::MAX)),
                relationship.into(),
                Callback::new(move |text| relationship.set(text)),
            )));
    }
    (block.child(text_box(name)), signature)
}
