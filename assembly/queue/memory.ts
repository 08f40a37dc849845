// Per-patient arrays of the cohort-years engine: element p of an array of f64 or u8 at `base`.

// @ts-ignore: decorator
@inline export function f64At(base: usize, p: i32): f64 { return load<f64>(base + (<usize>p << 3)); }
// @ts-ignore: decorator
@inline export function setF64(base: usize, p: i32, v: f64): void { store<f64>(base + (<usize>p << 3), v); }
// @ts-ignore: decorator
@inline export function u8At(base: usize, p: i32): u8 { return load<u8>(base + <usize>p); }
// @ts-ignore: decorator
@inline export function setU8(base: usize, p: i32, v: u8): void { store<u8>(base + <usize>p, v); }
