//! Entry point of the wasm build: everything happens in [`candor::start`].

fn main() {
    candor::start();
}
