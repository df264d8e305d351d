//! A check-in's photo as the receiver keeps it: a JPEG without its metadata. The
//! patient's browser already re-encodes the photo (which drops EXIF); the receiver
//! does not rely on it and removes every application segment but JFIF's (EXIF with
//! its location and device, XMP, ICC, maker notes) and every comment before sealing
//! what remains. Hand-written rather than an image crate: it reads segment headers
//! only, never decodes pixels, and is a few dozen lines.

/// The largest photo the receiver takes (after the browser's resizing, a phone photo
/// is about 200 to 400 KB).
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// Why a photo was refused, in words for the patient's screen and the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Larger than [`MAX_PHOTO_BYTES`].
    TooLarge,
    /// Not a JPEG, or one cut short.
    NotJpeg,
}

impl PhotoProblem {
    /// What is wrong, in words.
    pub fn words(self) -> &'static str {
        match self {
            PhotoProblem::TooLarge => "the photo is larger than 2 MB",
            PhotoProblem::NotJpeg => "the photo is not a complete JPEG image",
        }
    }
}

/// `jpeg` without its metadata segments (APP1 to APP15, COM); the image data from
/// the start of scan on is kept as it is.
///
/// # Errors
/// Too large, not a JPEG, or a segment runs past the end.
pub fn strip_metadata(jpeg: &[u8]) -> Result<Vec<u8>, PhotoProblem> {
    if jpeg.len() > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    if jpeg.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(PhotoProblem::NotJpeg);
    }
    let mut out = Vec::with_capacity(jpeg.len());
    out.extend_from_slice(&jpeg[..2]);
    let mut at = 2;
    loop {
        let (Some(&0xFF), Some(&marker)) = (jpeg.get(at), jpeg.get(at + 1)) else {
            return Err(PhotoProblem::NotJpeg);
        };
        if marker == 0xFF {
            // Fill bytes before a marker.
            at += 1;
            continue;
        }
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Ok(out);
        }
        let length = match (jpeg.get(at + 2), jpeg.get(at + 3)) {
            (Some(&hi), Some(&lo)) => usize::from(hi) << 8 | usize::from(lo),
            _ => return Err(PhotoProblem::NotJpeg),
        };
        let end = at + 2 + length;
        if length < 2 || end > jpeg.len() {
            return Err(PhotoProblem::NotJpeg);
        }
        if marker == 0xDA {
            // Start of scan: the rest is the image.
            out.extend_from_slice(&jpeg[at..]);
            return Ok(out);
        }
        let metadata = (0xE1..=0xEF).contains(&marker) || marker == 0xFE;
        if !metadata {
            out.extend_from_slice(&jpeg[at..end]);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let length = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, body].concat()
    }

    #[test]
    fn exif_and_comments_go_and_the_image_stays() {
        let exif = segment(0xE1, b"Exif\0\0GPS 40.7128N 74.0060W Pixel 8");
        let jfif = segment(0xE0, b"JFIF\0\x01\x01");
        let table = segment(0xDB, &[0; 65]);
        let comment = segment(0xFE, b"taken at 12 Elm Street");
        let scan = [
            segment(0xDA, &[1, 2, 3]),
            vec![9, 9, 0xFF, 0x00, 9, 0xFF, 0xD9],
        ]
        .concat();
        let jpeg = [&[0xFF, 0xD8][..], &jfif, &exif, &table, &comment, &scan].concat();
        let kept = strip_metadata(&jpeg).unwrap();
        assert_eq!(kept, [&[0xFF, 0xD8][..], &jfif, &table, &scan].concat());
        let text = String::from_utf8_lossy(&kept);
        assert!(!text.contains("GPS") && !text.contains("Elm"));
    }

    #[test]
    fn what_is_not_a_whole_jpeg_is_refused() {
        assert_eq!(strip_metadata(b"GIF89a"), Err(PhotoProblem::NotJpeg));
        assert_eq!(
            strip_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 1]),
            Err(PhotoProblem::NotJpeg)
        );
        assert_eq!(
            strip_metadata(&vec![0; MAX_PHOTO_BYTES + 1]),
            Err(PhotoProblem::TooLarge)
        );
    }
}
