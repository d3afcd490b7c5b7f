// NMF kernels (mirror of native/kernels/nmf.*). Placeholder: replaced by the kernel.
export function nmfPlaceholder(): i32 {
  return 0;
}
