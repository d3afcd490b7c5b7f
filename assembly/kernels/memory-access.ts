// Element access to arrays passed as pointers into linear memory (i-th f64 / i32).

// @ts-ignore: decorator
@inline export function f64At(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}

// @ts-ignore: decorator
@inline export function setF64(p: usize, i: usize, v: f64): void {
  store<f64>(p + (i << 3), v);
}

// @ts-ignore: decorator
@inline export function i32At(p: usize, i: usize): i32 {
  return load<i32>(p + (i << 2));
}

// @ts-ignore: decorator
@inline export function setI32(p: usize, i: usize, v: i32): void {
  store<i32>(p + (i << 2), v);
}
