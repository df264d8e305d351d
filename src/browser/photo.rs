//! A photo the patient adds to a check-in: decoded by the browser, drawn on a canvas
//! at most [`MAX_SIDE`] pixels on its long side and encoded again as JPEG. Encoding
//! from the canvas's pixels leaves the file's metadata (EXIF: where and when it was
//! taken, the camera) behind. Nothing is read from the file but its pixels.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The longest side of a photo sent, in pixels.
pub const MAX_SIDE: f64 = 1600.0;

/// The largest photo sent, in bytes of JPEG.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// JPEG quality when encoding again.
const QUALITY: f64 = 0.85;

/// A photo ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// `data:image/jpeg;base64,…`, for the preview.
    pub data_url: String,
}

impl Photo {
    /// The JPEG in base64, as the receiver takes it.
    pub fn base64(&self) -> &str {
        self.data_url.split_once(',').map_or("", |(_, data)| data)
    }
}

/// Why a file cannot be sent as a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    /// The browser cannot read it as an image.
    NotImage,
    /// Still above [`MAX_BYTES`] once made smaller.
    TooLarge,
}

/// The first file chosen in the `<input type=file>` an event happened on.
pub fn chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// Clears the file input an event happened on, so choosing the same file again is
/// a change too.
pub fn clear_input(event: &web_sys::Event) {
    if let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value("");
    }
}

/// `file` made smaller and encoded again as JPEG.
pub async fn prepare(file: &web_sys::File) -> Result<Photo, PhotoProblem> {
    if !file.type_().starts_with("image/") {
        return Err(PhotoProblem::NotImage);
    }
    let window = web_sys::window().ok_or(PhotoProblem::NotImage)?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| PhotoProblem::NotImage)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| PhotoProblem::NotImage)?
        .unchecked_into();
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    if w < 1.0 || h < 1.0 {
        return Err(PhotoProblem::NotImage);
    }
    let scale = (MAX_SIDE / w.max(h)).min(1.0);
    let (w, h) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let canvas: web_sys::HtmlCanvasElement = window
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PhotoProblem::NotImage)?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PhotoProblem::NotImage)?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h)
        .map_err(|_| PhotoProblem::NotImage)?;
    bitmap.close();
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &QUALITY.into())
        .map_err(|_| PhotoProblem::NotImage)?;
    let photo = Photo { data_url };
    // Base64 carries three bytes in four characters.
    if photo.base64().len() / 4 * 3 > MAX_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    Ok(photo)
}
