//! The two compressions the receiver sends its JSON documents in (the clinic profile,
//! the vocabulary): made once, off the request path, by the caller's thread.

/// `bytes` brotli-compressed at quality 11, or `None` if that failed.
pub fn brotli(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes, &mut out, &params)
        .ok()
        .map(|_| out)
}

/// `bytes` gzip-compressed at level 9, or `None` if that failed.
pub fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gzip, bytes).ok()?;
    gzip.finish().ok()
}
