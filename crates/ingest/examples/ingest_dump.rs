//! Print what ingest makes of some inputs (JSON, one article per line; errors on stderr).
//! `cargo run -p parallax-ingest --example ingest_dump -- PATH...`
use std::path::PathBuf;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (inputs, errors) = parallax_ingest::discover(&paths);
    for e in errors {
        eprintln!("{e}");
    }
    for input in &inputs {
        parallax_ingest::read_input(input, &mut |r| match r {
            Ok(a) => println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default()),
            Err(e) => eprintln!("{e}"),
        });
    }
}
