//! Checks on chart files: a PNG decodes to a full canvas with something drawn on it,
//! an SVG is well-formed with the canvas as its view box.

/// Every chart's canvas, in pixels.
pub const SIZE: (u32, u32) = (1200, 750);

/// Decodes a PNG and checks it is a full canvas with something drawn on it.
pub fn assert_png(name: &str, bytes: &[u8]) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{name}.png has no PNG header: {e}"));
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut pixels)
        .unwrap_or_else(|e| panic!("{name}.png does not decode: {e}"));
    assert_eq!((frame.width, frame.height), SIZE, "{name}.png size");
    let channels = frame.color_type.samples();
    let pixels = &pixels[..frame.buffer_size()];
    let first = &pixels[..channels];
    let distinct = pixels.chunks(channels).filter(|p| *p != first).count();
    assert!(
        distinct > 10_000,
        "{name}.png is nearly blank: {distinct} pixels differ from the first"
    );
}

/// The texts an SVG shows.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

/// Parses an SVG and checks its root, its view box and that it shows `title`.
pub fn assert_svg(name: &str, svg: &str, title: &str) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{name}.svg is not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}.svg root");
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {} {}", SIZE.0, SIZE.1).as_str()),
        "{name}.svg view box"
    );
    assert!(
        svg_texts(svg).iter().any(|t| t == title),
        "{name}.svg does not show its title {title:?}"
    );
}

/// Reads `dir/NAME.png` and `dir/NAME.svg` and checks both (the SVG shows `title`).
pub fn assert_chart_files(dir: &std::path::Path, name: &str, title: &str) {
    let png = dir.join(format!("{name}.png"));
    let svg = dir.join(format!("{name}.svg"));
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    assert_png(name, &bytes);
    let text = std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{}: {e}", svg.display()));
    assert_svg(name, &text, title);
}
