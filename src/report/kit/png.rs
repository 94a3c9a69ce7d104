//! PNG encoding of a rendered RGB buffer, in memory (the files are written elsewhere,
//! atomically). Same pixels, same bytes: no timestamps or other metadata.

use anyhow::{Context, Result};

/// Encodes `rgb` (8-bit RGB, row by row, `width * height * 3` bytes) as a PNG file.
pub fn png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder.write_header().context("cannot start a PNG")?;
    writer
        .write_image_data(rgb)
        .context("cannot encode a chart as PNG")?;
    writer.finish().context("cannot finish a PNG")?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_round_trips_through_png() {
        let rgb: Vec<u8> = (0..4 * 3 * 3).map(|k| (k * 7) as u8).collect();
        let bytes = png(&rgb, 4, 3).expect("encodes");
        let decoder = png::Decoder::new(bytes.as_slice());
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut out = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut out).expect("a frame");
        assert_eq!((info.width, info.height), (4, 3));
        assert_eq!(&out[..info.buffer_size()], rgb.as_slice());
    }

    #[test]
    fn a_buffer_of_the_wrong_size_is_an_error() {
        assert!(png(&[0; 5], 4, 3).is_err());
    }
}
